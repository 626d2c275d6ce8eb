using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Search.Connectors.Feeds;

namespace Search.Connectors.JsonApi;

/// <summary>Builds WordPress REST API (<c>/wp-json/wp/v2</c>) requests and maps their responses (pure).</summary>
public static partial class WordPressMapper
{
    /// <summary>The largest page size WordPress allows.</summary>
    public const int PerPage = 100;

    /// <summary>The fields asked for: only what the index needs.</summary>
    public const string Fields = "id,link,modified_gmt,date_gmt,title,content,excerpt,source_url,mime_type,post";

    public const string PdfType = "application/pdf";

    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>One post, page or media item as the REST API lists it.</summary>
    /// <param name="Title">Plain text (decoded from <c>title.rendered</c>).</param>
    /// <param name="ContentHtml"><c>content.rendered</c>.</param>
    /// <param name="ExcerptHtml"><c>excerpt.rendered</c>.</param>
    /// <param name="SourceUrl">Media only: the file itself.</param>
    /// <param name="ParentId">Media only: the post the file was uploaded to.</param>
    public sealed record WordPressItem(
        long Id,
        Uri? Link,
        string? Title,
        string? ContentHtml,
        string? ExcerptHtml,
        DateTimeOffset? Published,
        DateTimeOffset? Modified,
        Uri? SourceUrl,
        string? MimeType,
        long? ParentId)
    {
        /// <summary>A media item whose file is a PDF or DOCX document.</summary>
        public bool IsDocumentFile => SourceUrl is not null && MimeType is PdfType or DocxType;
    }

    /// <summary>True for a collection name WordPress could route (<c>posts</c>, <c>pages</c>, <c>media</c>, a custom post type).</summary>
    public static bool IsValidType(string type) => TypePattern().IsMatch(type);

    /// <summary><c>{root}/wp-json/wp/v2/{type}?per_page=100&amp;page={page}&amp;_fields=…</c>; a WordPress in a sub-folder keeps it.</summary>
    public static Uri PageUrl(Uri siteRoot, string type, int page)
    {
        ArgumentNullException.ThrowIfNull(siteRoot);
        if (!IsValidType(type))
        {
            throw new ArgumentException($"'{type}' is not a WordPress collection name.", nameof(type));
        }

        var root = siteRoot.AbsoluteUri.EndsWith('/') ? siteRoot : new Uri(siteRoot.AbsoluteUri + "/");
        var query = string.Create(CultureInfo.InvariantCulture, $"per_page={PerPage}&page={page}&_fields={Fields}");
        return new Uri(root, $"wp-json/wp/v2/{type}?{query}");
    }

    /// <summary>The <c>X-WP-TotalPages</c> header, or null when it is missing or not a number.</summary>
    public static int? TotalPages(IReadOnlyDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return headers.TryGetValue("X-WP-TotalPages", out var value)
            && int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pages)
            ? pages
            : null;
    }

    /// <summary>Reads one page of a collection.</summary>
    /// <exception cref="JsonException">Malformed or too deeply nested JSON.</exception>
    /// <exception cref="FormatException">Valid JSON that is not a list of items.</exception>
    public static IReadOnlyList<WordPressItem> ParsePage(byte[] json, Uri siteRoot)
    {
        ArgumentNullException.ThrowIfNull(siteRoot);
        using var document = JsonPayload.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            var code = JsonPayload.Text(JsonPayload.Property(root, "code"));
            throw new FormatException(code is null
                ? $"Expected a JSON array of items, got a JSON {root.ValueKind}."
                : $"WordPress answered with error '{code}' instead of a list of items.");
        }

        var items = new List<WordPressItem>(root.GetArrayLength());
        foreach (var element in root.EnumerateArray())
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                items.Add(ToItem(element, siteRoot));
            }
        }

        return items;
    }

    /// <summary>A post or page as a document: title and rendered content, the excerpt as description.</summary>
    public static ContentItem ToContent(WordPressItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var link = item.Link ?? throw new ArgumentException("The item has no link.", nameof(item));
        return new ContentItem(link, item.Title, item.ContentHtml, HtmlEnvelope.TextOf(item.ExcerptHtml), item.Published, item.Modified);
    }

    private static WordPressItem ToItem(JsonElement element, Uri siteRoot)
    {
        var id = JsonPayload.Property(element, "id") is { ValueKind: JsonValueKind.Number } number && number.TryGetInt64(out var n) ? n : 0;
        var parent = JsonPayload.Property(element, "post") is { ValueKind: JsonValueKind.Number } post && post.TryGetInt64(out var p) && p > 0
            ? p
            : (long?)null;
        return new WordPressItem(
            id,
            JsonPayload.HttpUrl(JsonPayload.String(JsonPayload.Property(element, "link")), siteRoot),
            HtmlEnvelope.TextOf(Rendered(element, "title")),
            Rendered(element, "content"),
            Rendered(element, "excerpt"),
            JsonPayload.Date(JsonPayload.Property(element, "date_gmt")),
            JsonPayload.Date(JsonPayload.Property(element, "modified_gmt")),
            JsonPayload.HttpUrl(JsonPayload.String(JsonPayload.Property(element, "source_url")), siteRoot),
            JsonPayload.String(JsonPayload.Property(element, "mime_type"))?.Trim().ToLowerInvariant(),
            parent);
    }

    /// <summary><c>{"rendered": "…"}</c> as WordPress writes it, or a plain string as some plugins do.</summary>
    private static string? Rendered(JsonElement element, string name)
    {
        var value = JsonPayload.Property(element, name);
        var text = value?.ValueKind == JsonValueKind.Object ? JsonPayload.Text(JsonPayload.Property(value.Value, "rendered")) : JsonPayload.Text(value);
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex TypePattern();
}
