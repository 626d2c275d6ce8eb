using System.Globalization;
using System.Text.Json;
using Search.Connectors.Feeds;

namespace Search.Connectors.JsonApi;

/// <summary>Maps Drupal JSON:API collection responses to documents, driven by the source's field mapping (pure).</summary>
/// <remarks>
/// A field path is dot-separated and read from the resource's <c>attributes</c> (<c>title</c>, <c>body.value</c>,
/// <c>path.alias</c>); a path starting with <c>attributes</c>, <c>links</c>, <c>meta</c>, <c>relationships</c>,
/// <c>id</c> or <c>type</c> is read from the resource itself (<c>links.self.href</c>). A numeric segment indexes an
/// array; any other segment applied to an array reads its first element. An object found at the end of a path yields
/// its <c>processed</c> or <c>value</c> member (a Drupal text field).
/// </remarks>
public static class JsonApiMapper
{
    /// <summary>The keys of <see cref="Abstractions.SourceDefinition.Fields"/> this mapper reads.</summary>
    public static readonly IReadOnlyList<string> FieldKeys = ["title", "body", "description", "url", "published", "modified"];

    /// <summary>The Drupal defaults used for a key the source does not map; the first path that yields a value wins.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> DefaultFields = new Dictionary<string, IReadOnlyList<string>>
    {
        ["title"] = ["title"],
        ["body"] = ["body.processed", "body.value"],
        ["description"] = ["body.summary"],
        ["url"] = ["path.alias"],
        ["published"] = ["created"],
        ["modified"] = ["changed"],
    };

    private static readonly HashSet<string> ResourceMembers = new(StringComparer.Ordinal) { "attributes", "links", "meta", "relationships", "id", "type" };

    /// <summary>One page of a collection: its documents, how many resources had no usable URL, and the next page.</summary>
    public sealed record Page(IReadOnlyList<ContentItem> Items, int Skipped, Uri? Next);

    /// <summary>
    /// The public site a JSON:API URL belongs to: everything before its <c>/jsonapi/</c> segment
    /// (<c>https://site/drupal/jsonapi/node/article</c> → <c>https://site/drupal/</c>), else the host root.
    /// </summary>
    public static Uri SiteRootOf(Uri collectionUrl)
    {
        ArgumentNullException.ThrowIfNull(collectionUrl);
        var path = collectionUrl.AbsolutePath;
        var index = path.IndexOf("/jsonapi/", StringComparison.OrdinalIgnoreCase);
        if (index < 0 && path.EndsWith("/jsonapi", StringComparison.OrdinalIgnoreCase))
        {
            index = path.Length - "/jsonapi".Length;
        }

        return new Uri(collectionUrl, index < 0 ? "/" : path[..(index + 1)]);
    }

    /// <exception cref="JsonException">Malformed or too deeply nested JSON.</exception>
    /// <exception cref="FormatException">Valid JSON that is not a JSON:API document with <c>data</c>, or one with <c>errors</c>.</exception>
    public static Page ParsePage(byte[] json, Uri pageUrl, Uri siteRoot, IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(pageUrl);
        ArgumentNullException.ThrowIfNull(siteRoot);
        ArgumentNullException.ThrowIfNull(fields);
        var mapping = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, path) in fields)
        {
            mapping.TryAdd(key, path);
        }

        using var document = JsonPayload.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"Expected a JSON:API document (an object), got a JSON {root.ValueKind}.");
        }

        if (JsonPayload.Property(root, "errors") is { ValueKind: JsonValueKind.Array } errors && errors.GetArrayLength() > 0)
        {
            var first = errors[0];
            var message = JsonPayload.Text(JsonPayload.Property(first, "detail")) ?? JsonPayload.Text(JsonPayload.Property(first, "title")) ?? "unknown error";
            throw new FormatException($"The JSON:API document holds errors: {(message.Length > 200 ? message[..200] + "…" : message)}");
        }

        var data = JsonPayload.Property(root, "data")
            ?? throw new FormatException("The JSON:API document has no 'data' member.");
        IEnumerable<JsonElement> resources = data.ValueKind switch
        {
            JsonValueKind.Array => data.EnumerateArray(),
            JsonValueKind.Object => [data],
            _ => throw new FormatException($"The JSON:API 'data' member is a {data.ValueKind}, not a list of resources."),
        };

        var items = new List<ContentItem>();
        var skipped = 0;
        foreach (var resource in resources)
        {
            if (ToContent(resource, siteRoot, mapping) is { } item)
            {
                items.Add(item);
            }
            else
            {
                skipped++;
            }
        }

        var next = JsonPayload.Property(JsonPayload.Property(root, "links") ?? default, "next");
        var nextHref = next?.ValueKind == JsonValueKind.Object ? JsonPayload.String(JsonPayload.Property(next.Value, "href")) : JsonPayload.String(next);
        return new Page(items, skipped, JsonPayload.HttpUrl(nextHref, pageUrl));
    }

    /// <summary>One resource as a document, or null when it yields no public URL.</summary>
    public static ContentItem? ToContent(JsonElement resource, Uri siteRoot, IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(siteRoot);
        ArgumentNullException.ThrowIfNull(fields);
        if (resource.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var url = UrlOf(resource, siteRoot, fields);
        if (url is null)
        {
            return null;
        }

        var title = Read(resource, fields, "title")?.Trim();
        var description = HtmlEnvelope.TextOf(Read(resource, fields, "description"));
        return new ContentItem(
            url,
            string.IsNullOrEmpty(title) ? null : title,
            Read(resource, fields, "body"),
            description,
            JsonPayload.Date(Find(resource, fields, "published")),
            JsonPayload.Date(Find(resource, fields, "modified")));
    }

    /// <summary>Reads a dot-separated path from a resource (see the class remarks); null when absent.</summary>
    public static JsonElement? Resolve(JsonElement resource, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (segments.Length == 0)
        {
            return null;
        }

        JsonElement? current = ResourceMembers.Contains(segments[0]) ? resource : JsonPayload.Property(resource, "attributes");
        foreach (var segment in segments)
        {
            if (current is not { } element)
            {
                return null;
            }

            if (element.ValueKind == JsonValueKind.Array)
            {
                if (element.GetArrayLength() == 0)
                {
                    return null;
                }

                if (int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    current = index < element.GetArrayLength() ? element[index] : null;
                    continue;
                }

                element = element[0];
            }

            current = JsonPayload.Property(element, segment);
        }

        if (current is { ValueKind: JsonValueKind.Array } list)
        {
            current = list.GetArrayLength() > 0 ? list[0] : null;
        }

        return current is { ValueKind: JsonValueKind.Object } text
            ? JsonPayload.Property(text, "processed") ?? JsonPayload.Property(text, "value")
            : current;
    }

    /// <summary>The mapped path, else the Drupal defaults: the alias (against the site root, which keeps a sub-folder),
    /// else <c>node/{nid}</c> for nodes, else the resource's own link.</summary>
    private static Uri? UrlOf(JsonElement resource, Uri siteRoot, IReadOnlyDictionary<string, string> fields)
    {
        if (JsonPayload.String(Find(resource, fields, "url")) is { Length: > 0 } mapped)
        {
            // An alias is relative to the Drupal base path ("/artikel" on a site in /drupal/ is /drupal/artikel).
            var relative = Uri.TryCreate(mapped, UriKind.Absolute, out var absolute) && JsonPayload.IsHttp(absolute) ? mapped : mapped.TrimStart('/');
            if (JsonPayload.HttpUrl(relative, siteRoot) is { } url)
            {
                return url;
            }
        }

        var type = JsonPayload.Text(JsonPayload.Property(resource, "type"));
        if (type?.StartsWith("node--", StringComparison.Ordinal) == true
            && JsonPayload.Text(Resolve(resource, "drupal_internal__nid")) is { Length: > 0 } nid && nid.All(char.IsAsciiDigit))
        {
            return new Uri(siteRoot, "node/" + nid);
        }

        return JsonPayload.HttpUrl(JsonPayload.String(Resolve(resource, "links.self.href")), siteRoot);
    }

    private static string? Read(JsonElement resource, IReadOnlyDictionary<string, string> fields, string key) =>
        JsonPayload.Text(Find(resource, fields, key)) is { } text && !string.IsNullOrWhiteSpace(text) ? text : null;

    private static JsonElement? Find(JsonElement resource, IReadOnlyDictionary<string, string> fields, string key)
    {
        IEnumerable<string> paths = fields.TryGetValue(key, out var mapped) && !string.IsNullOrWhiteSpace(mapped)
            ? [mapped]
            : DefaultFields[key];
        foreach (var path in paths)
        {
            if (Resolve(resource, path) is { } value && (value.ValueKind != JsonValueKind.String || value.GetString()!.Length > 0))
            {
                return value;
            }
        }

        return null;
    }
}
