using System.Text.Json;
using System.Text.RegularExpressions;
using Quartz;
using Search.Connectors.Abstractions;
using Search.Indexer.Extraction;

namespace Search.Indexer.Sources;

/// <summary>A problem in one source file: which file, which field, what is wrong.</summary>
public sealed record SourceLoadError(string File, string Field, string Problem)
{
    public override string ToString() => $"{File}: field '{Field}': {Problem}";
}

/// <summary>Loads <c>*.json</c> source definitions; invalid files are reported and skipped, valid ones kept.</summary>
public static partial class SourceFileLoader
{
    public sealed record Result(IReadOnlyList<SourceDefinition> Sources, IReadOnlyList<SourceLoadError> Errors);

    public static Result LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return new Result([], [new SourceLoadError(directory, "(directory)", "The sources directory does not exist.")]);
        }

        var sources = new List<SourceDefinition>();
        var errors = new List<SourceLoadError>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            string json;
            try
            {
                json = File.ReadAllText(file);
            }
            catch (IOException ex)
            {
                errors.Add(new SourceLoadError(Path.GetFileName(file), "(file)", ex.Message));
                continue;
            }

            var (source, fileErrors) = Parse(json, Path.GetFileName(file), Path.GetDirectoryName(Path.GetFullPath(file))!);
            if (source is not null && sources.Any(s => s.Id == source.Id))
            {
                fileErrors = [.. fileErrors, new SourceLoadError(Path.GetFileName(file), "id", $"Id '{source.Id}' is already used by another source file.")];
                source = null;
            }

            errors.AddRange(fileErrors);
            if (source is not null)
            {
                sources.Add(source);
            }
        }

        return new Result(sources, errors);
    }

    /// <summary>Parses and validates one definition; relative folder paths are resolved against <paramref name="baseDirectory"/>.</summary>
    public static (SourceDefinition? Source, IReadOnlyList<SourceLoadError> Errors) Parse(string json, string fileName, string baseDirectory)
    {
        var errors = new List<SourceLoadError>();
        void Fail(string field, string problem) => errors.Add(new SourceLoadError(fileName, field, problem));

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 16 });
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            Fail("(file)", $"Not valid JSON: {ex.Message}");
            return (null, errors);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            Fail("(file)", "The file must hold one JSON object.");
            return (null, errors);
        }

        var id = String(root, "id", required: true, Fail);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            Fail("id", $"'{id}' must be 1–64 lower-case letters, digits or hyphens, starting with a letter or digit.");
        }

        var name = String(root, "name", required: true, Fail);
        var kindText = String(root, "kind", required: true, Fail);
        SourceKind? kind = kindText switch
        {
            null => null,
            "folder" => SourceKind.Folder,
            "sitemap" => SourceKind.Sitemap,
            _ => null,
        };
        if (kindText is not null && kind is null)
        {
            Fail("kind", $"'{kindText}' is not a known kind; use 'folder' or 'sitemap'.");
        }

        var url = HttpUrl(root, "url", required: kind == SourceKind.Sitemap, Fail);
        var baseUrl = HttpUrl(root, "baseUrl", required: false, Fail);
        var path = String(root, "path", required: kind == SourceKind.Folder, Fail);
        var schedule = String(root, "schedule", required: true, Fail);
        if (schedule is not null && !IsValidCron(schedule))
        {
            Fail("schedule", $"'{schedule}' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week), e.g. '0 0 3 * * ?'.");
        }

        var visibilityText = String(root, "visibility", required: false, Fail) ?? "public";
        Visibility? visibility = visibilityText switch { "public" => Visibility.Public, "members" => Visibility.Members, _ => null };
        if (visibility is null)
        {
            Fail("visibility", $"'{visibilityText}' must be 'public' or 'members'.");
        }

        var enabled = true;
        if (root.TryGetProperty("enabled", out var enabledElement))
        {
            if (enabledElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                enabled = enabledElement.GetBoolean();
            }
            else
            {
                Fail("enabled", "Must be true or false.");
            }
        }

        var selector = String(root, "contentSelector", required: false, Fail);
        if (selector is not null)
        {
            try
            {
                CssSelector.ToXPath(selector);
            }
            catch (FormatException ex)
            {
                Fail("contentSelector", ex.Message);
            }
        }

        var maxDocuments = 10_000;
        if (root.TryGetProperty("maxDocuments", out var maxElement))
        {
            if (!maxElement.TryGetInt32(out maxDocuments) || maxDocuments < 1 || maxDocuments > 1_000_000)
            {
                Fail("maxDocuments", "Must be a whole number from 1 to 1,000,000.");
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new SourceDefinition
        {
            Id = id!,
            Name = name!,
            Kind = kind!.Value,
            Url = url,
            BaseUrl = baseUrl,
            Path = path is null ? null : Path.GetFullPath(Path.Combine(baseDirectory, path)),
            Schedule = schedule!,
            Visibility = visibility!.Value,
            Enabled = enabled,
            ContentSelector = selector,
            MaxDocuments = maxDocuments,
            FileName = fileName,
        }, errors);
    }

    private static string? String(JsonElement root, string field, bool required, Action<string, string> fail)
    {
        if (!root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                fail(field, "Is required.");
            }

            return null;
        }

        if (element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
        {
            fail(field, "Must be a non-empty string.");
            return null;
        }

        return element.GetString()!.Trim();
    }

    private static Uri? HttpUrl(JsonElement root, string field, bool required, Action<string, string> fail)
    {
        var text = String(root, field, required, fail);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            fail(field, $"'{text}' must be an absolute http or https URL.");
            return null;
        }

        return url;
    }

    private static bool IsValidCron(string expression)
    {
        try
        {
            _ = new CronExpression(expression);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();
}
