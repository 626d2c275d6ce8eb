using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Quartz;
using Search.Connectors.Abstractions;
using Search.Indexer.Extraction;

namespace Search.Indexer.Sources;

/// <summary>
/// A problem in one source file: which file, which field, what is wrong. <see cref="Problem"/> is Dutch: administrators
/// see it in the admin API and console. <see cref="Field"/> is the JSON property, or <c>(file)</c>/<c>(directory)</c>.
/// </summary>
public sealed record SourceLoadError(string File, string Field, string Problem)
{
    public override string ToString() => Field.StartsWith('(') ? $"{File}: {Problem}" : $"{File}: veld '{Field}': {Problem}";
}

/// <summary>Loads <c>*.json</c> source definitions; invalid files are reported and skipped, valid ones kept.</summary>
public static partial class SourceFileLoader
{
    /// <summary>The largest <c>maxDocuments</c> a source may set.</summary>
    private const int MaxDocumentsLimit = 1_000_000;

    /// <summary>Numbers in problem texts are written the Dutch way (1.000.000), whatever the culture of the host.</summary>
    private static readonly NumberFormatInfo DutchNumbers = new() { NumberGroupSeparator = ".", NumberDecimalSeparator = "," };

    public sealed record Result(IReadOnlyList<SourceDefinition> Sources, IReadOnlyList<SourceLoadError> Errors);

    public static Result LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return new Result([], [new SourceLoadError(directory, "(directory)", "De map met brondefinities bestaat niet.")]);
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
                errors.Add(new SourceLoadError(Path.GetFileName(file), "(file)", $"Het bestand kan niet worden gelezen: {ex.Message}"));
                continue;
            }

            var (source, fileErrors) = Parse(json, Path.GetFileName(file), Path.GetDirectoryName(Path.GetFullPath(file))!);
            if (source is not null && sources.Any(s => s.Id == source.Id))
            {
                fileErrors = [.. fileErrors, new SourceLoadError(Path.GetFileName(file), "id", $"Id '{source.Id}' wordt al gebruikt door een ander bronbestand.")];
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
            Fail("(file)", $"Geen geldige JSON: {ex.Message}");
            return (null, errors);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            Fail("(file)", "Het bestand moet één JSON-object bevatten.");
            return (null, errors);
        }

        var id = String(root, "id", required: true, Fail);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            Fail("id", $"'{id}' moet bestaan uit 1 tot en met 64 kleine letters, cijfers of koppeltekens en met een letter of cijfer beginnen.");
        }

        var name = String(root, "name", required: true, Fail);
        var kindText = String(root, "kind", required: true, Fail);
        SourceKind? kind = kindText switch
        {
            null => null,
            "folder" => SourceKind.Folder,
            "sitemap" => SourceKind.Sitemap,
            "crawl" => SourceKind.Crawl,
            "feed" => SourceKind.Feed,
            "wordpress" => SourceKind.WordPress,
            "jsonapi" => SourceKind.JsonApi,
            _ => null,
        };
        if (kindText is not null && kind is null)
        {
            Fail("kind", $"'{kindText}' is geen bekende soort; kies folder, sitemap, crawl, feed, wordpress of jsonapi.");
        }

        var url = HttpUrl(root, "url", required: kind is not null and not SourceKind.Folder, Fail);
        var baseUrl = HttpUrl(root, "baseUrl", required: false, Fail);
        var path = String(root, "path", required: kind == SourceKind.Folder, Fail);
        var schedule = String(root, "schedule", required: true, Fail);
        if (schedule is not null && !IsValidCron(schedule))
        {
            Fail("schedule", $"'{schedule}' is geen geldige Quartz-cronexpressie (seconden minuten uren dag-van-de-maand maand dag-van-de-week), bijvoorbeeld '0 0 3 * * ?'.");
        }

        var visibilityText = String(root, "visibility", required: false, Fail) ?? "public";
        Visibility? visibility = visibilityText switch
        {
            "public" => Visibility.Public,
            "members" => Visibility.Members,
            _ when visibilityText.StartsWith("members:", StringComparison.Ordinal) && IdPattern().IsMatch(visibilityText["members:".Length..]) => Visibility.Members,
            _ => null,
        };
        var network = visibility == Visibility.Members && visibilityText.Length > "members:".Length ? visibilityText["members:".Length..] : null;
        if (visibility is null)
        {
            Fail("visibility", $"'{visibilityText}' moet 'public', 'members' of 'members:<network>' zijn (met als netwerk-id kleine letters, cijfers of koppeltekens).");
        }

        var restrictedText = String(root, "restricted", required: false, Fail) ?? "hide";
        RestrictedMode? restricted = restrictedText switch { "hide" => RestrictedMode.Hide, "teaser" => RestrictedMode.Teaser, _ => null };
        if (restricted is null)
        {
            Fail("restricted", $"'{restrictedText}' moet 'hide' of 'teaser' zijn.");
        }
        else if (restricted == RestrictedMode.Teaser && visibility == Visibility.Public)
        {
            Fail("restricted", "'teaser' kan alleen bij bronnen die alleen voor leden zijn (visibility 'members' of 'members:<network>').");
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
                Fail("enabled", "Moet true of false zijn.");
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
                Fail("contentSelector", $"Geen bruikbare selector: {ex.Message}");
            }
        }

        var maxDocuments = 10_000;
        if (root.TryGetProperty("maxDocuments", out var maxElement))
        {
            if (!maxElement.TryGetInt32(out maxDocuments) || maxDocuments < 1 || maxDocuments > MaxDocumentsLimit)
            {
                Fail("maxDocuments", $"Moet een geheel getal van {Number(1)} tot en met {Number(MaxDocumentsLimit)} zijn.");
            }
        }

        var startUrls = StringList(root, "startUrls", Fail)
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" ? parsed : null)
            .ToList();
        if (startUrls.Any(u => u is null))
        {
            Fail("startUrls", "Elke start-URL moet een absolute http- of https-URL zijn.");
        }

        var include = StringList(root, "include", Fail);
        var exclude = StringList(root, "exclude", Fail);
        foreach (var (field, patterns) in new[] { ("include", include), ("exclude", exclude) })
        {
            foreach (var pattern in patterns)
            {
                try
                {
                    _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException ex)
                {
                    Fail(field, $"'{pattern}' is geen geldige reguliere expressie: {ex.Message}");
                }
            }
        }

        var maxDepth = Int(root, "maxDepth", 5, 0, 50, Fail);
        var wordPressTypes = StringList(root, "wordPressTypes", Fail);
        if (wordPressTypes.Any(t => t is not ("posts" or "pages" or "media")))
        {
            Fail("wordPressTypes", "Kies een of meer van 'posts', 'pages' en 'media'.");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("fields", out var fieldsElement) && fieldsElement.ValueKind != JsonValueKind.Null)
        {
            if (fieldsElement.ValueKind != JsonValueKind.Object)
            {
                Fail("fields", "Moet een object zijn dat title, body, description, url, published en modified aan attribuutpaden koppelt.");
            }
            else
            {
                foreach (var property in fieldsElement.EnumerateObject())
                {
                    if (property.Name is not ("title" or "body" or "description" or "url" or "published" or "modified"))
                    {
                        Fail($"fields.{property.Name}", "Onbekend veld; kies title, body, description, url, published of modified.");
                    }
                    else if (property.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(property.Value.GetString()))
                    {
                        Fail($"fields.{property.Name}", "Moet een niet-leeg attribuutpad zijn, zoals 'body.value'.");
                    }
                    else
                    {
                        fields[property.Name] = property.Value.GetString()!;
                    }
                }
            }
        }

        var auth = ParseAuth(root, Fail);
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
            Network = network,
            Restricted = restricted!.Value,
            Enabled = enabled,
            ContentSelector = selector,
            MaxDocuments = maxDocuments,
            StartUrls = startUrls!,
            Include = include,
            Exclude = exclude,
            MaxDepth = maxDepth,
            WordPressTypes = wordPressTypes.Count > 0 ? wordPressTypes : ["posts", "pages", "media"],
            Fields = fields,
            Auth = auth,
            FileName = fileName,
        }, errors);
    }

    private static SourceAuth? ParseAuth(JsonElement root, Action<string, string> fail)
    {
        if (!root.TryGetProperty("auth", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            fail("auth", "Moet een object zijn met ten minste 'kind' (basic, bearer, cookie of form).");
            return null;
        }

        var kindText = String(element, "kind", required: true, (f, p) => fail("auth." + f, p));
        AuthKind? kind = kindText switch
        {
            "basic" => AuthKind.Basic,
            "bearer" => AuthKind.Bearer,
            "cookie" => AuthKind.Cookie,
            "form" => AuthKind.Form,
            null => null,
            _ => null,
        };
        if (kindText is not null && kind is null)
        {
            fail("auth.kind", $"'{kindText}' is geen bekende soort; kies basic, bearer, cookie of form.");
        }

        foreach (var secret in new[] { "password", "token", "cookie", "username" })
        {
            if (element.TryGetProperty(secret, out _))
            {
                fail("auth." + secret, $"Geheimen horen niet in bronbestanden; zet Search:Credentials:<source id>:{char.ToUpperInvariant(secret[0])}{secret[1..]} in de configuratie of in de omgeving.");
            }
        }

        var loginUrl = HttpUrl(element, "loginUrl", required: kind == AuthKind.Form, (f, p) => fail("auth." + f, p));
        return kind is null ? null : new SourceAuth
        {
            Kind = kind.Value,
            LoginUrl = loginUrl,
            UsernameField = String(element, "usernameField", required: false, (f, p) => fail("auth." + f, p)) ?? "username",
            PasswordField = String(element, "passwordField", required: false, (f, p) => fail("auth." + f, p)) ?? "password",
            SuccessMarker = String(element, "successMarker", required: false, (f, p) => fail("auth." + f, p)),
            LoginMarker = String(element, "loginMarker", required: false, (f, p) => fail("auth." + f, p)),
        };
    }

    private static List<string> StringList(JsonElement root, string field, Action<string, string> fail)
    {
        if (!root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Array || element.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            fail(field, "Moet een array van teksten zijn.");
            return [];
        }

        return element.EnumerateArray().Select(e => e.GetString()!.Trim()).Where(v => v.Length > 0).ToList();
    }

    private static int Int(JsonElement root, string field, int fallback, int min, int max, Action<string, string> fail)
    {
        if (!root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        if (!element.TryGetInt32(out var value) || value < min || value > max)
        {
            fail(field, $"Moet een geheel getal van {Number(min)} tot en met {Number(max)} zijn.");
            return fallback;
        }

        return value;
    }

    private static string? String(JsonElement root, string field, bool required, Action<string, string> fail)
    {
        if (!root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                fail(field, "Is verplicht.");
            }

            return null;
        }

        if (element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
        {
            fail(field, "Moet een niet-lege tekst zijn.");
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
            fail(field, $"'{text}' moet een absolute http- of https-URL zijn.");
            return null;
        }

        return url;
    }

    private static string Number(int value) => value.ToString("N0", DutchNumbers);

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
