using HtmlAgilityPack;

namespace Search.Connectors.Html;

/// <summary>Finds the title, links, canonical URL and robots directives of an HTML page (pure).</summary>
public static class LinkExtractor
{
    /// <summary>Pages nesting deeper than this are not parsed (HtmlAgilityPack would exhaust the stack).</summary>
    public const int MaxNestedNodes = 2000;

    /// <summary>File extensions treated as attachments of the page that links to them.</summary>
    public static readonly IReadOnlySet<string> AttachmentExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".pdf", ".docx" };

    /// <summary>File extensions of links that are neither pages nor supported attachments (images, styles, scripts, media, archives).</summary>
    public static readonly IReadOnlySet<string> SkippedExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".ico", ".bmp", ".tif", ".tiff", ".avif",
        ".css", ".js", ".mjs", ".map", ".json", ".xml", ".rss", ".atom",
        ".woff", ".woff2", ".ttf", ".otf", ".eot",
        ".mp3", ".mp4", ".m4a", ".m4v", ".avi", ".mov", ".wav", ".webm", ".ogg", ".ogv", ".flac", ".wmv",
        ".zip", ".gz", ".tgz", ".tar", ".rar", ".7z", ".bz2",
        ".doc", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".rtf", ".csv", ".ics", ".vcf",
        ".exe", ".msi", ".dmg", ".iso", ".apk", ".bin",
    };

    public sealed record PageLinks(string? Title, IReadOnlyList<Uri> Attachments);

    /// <summary>Everything a crawler needs from one page.</summary>
    /// <param name="Title">The decoded, trimmed title, or null.</param>
    /// <param name="Attachments">PDF and DOCX links, fragments dropped, each once, in document order; <c>rel="nofollow"</c> links left out.</param>
    /// <param name="Links">Followable http(s) page links (<c>a</c>, <c>area</c>, <c>frame</c>, <c>iframe</c>), fragments dropped, each once,
    /// in document order; attachments, skipped extensions, other schemes and <c>rel="nofollow"</c> links left out.</param>
    /// <param name="Canonical">The first <c>link rel="canonical"</c>, resolved, or null.</param>
    /// <param name="NoIndex">Meta robots says <c>noindex</c> or <c>none</c>.</param>
    /// <param name="NoFollow">Meta robots says <c>nofollow</c> or <c>none</c>.</param>
    /// <param name="Parsed">False when the page could not be parsed (e.g. nested beyond <see cref="MaxNestedNodes"/>); everything else is then empty.</param>
    public sealed record PageAnalysis(
        string? Title,
        IReadOnlyList<Uri> Attachments,
        IReadOnlyList<Uri> Links,
        Uri? Canonical,
        bool NoIndex,
        bool NoFollow,
        bool Parsed);

    public static PageLinks Extract(string html, Uri pageUrl)
    {
        var doc = Load(html);
        if (doc is null)
        {
            return new PageLinks(null, []);
        }

        var baseUrl = BaseUrl(doc, pageUrl);
        var attachments = new List<Uri>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var anchor in doc.DocumentNode.SelectNodes("//a[@href]") ?? Enumerable.Empty<HtmlNode>())
        {
            if (Resolve(baseUrl, anchor.GetAttributeValue("href", string.Empty)) is { } target && IsAttachment(target) && seen.Add(target.AbsoluteUri))
            {
                attachments.Add(target);
            }
        }

        return new PageLinks(Title(doc), attachments);
    }

    /// <summary>Reads title, page links, attachments, canonical URL and meta robots in one parse.</summary>
    public static PageAnalysis Analyze(string html, Uri pageUrl)
    {
        var doc = Load(html);
        if (doc is null)
        {
            return new PageAnalysis(null, [], [], null, NoIndex: false, NoFollow: false, Parsed: false);
        }

        var baseUrl = BaseUrl(doc, pageUrl);
        var attachments = new List<Uri>();
        var links = new List<Uri>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in doc.DocumentNode.SelectNodes("//a[@href]|//area[@href]|//frame[@src]|//iframe[@src]") ?? Enumerable.Empty<HtmlNode>())
        {
            var isAnchor = node.Name is "a" or "area";
            if (isAnchor && HasToken(node.GetAttributeValue("rel", string.Empty), "nofollow"))
            {
                continue;
            }

            var target = Resolve(baseUrl, node.GetAttributeValue(isAnchor ? "href" : "src", string.Empty));
            if (target is null || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps) || !seen.Add(target.AbsoluteUri))
            {
                continue;
            }

            if (IsAttachment(target))
            {
                attachments.Add(target);
            }
            else if (!SkippedExtensions.Contains(Path.GetExtension(target.AbsolutePath)))
            {
                links.Add(target);
            }
        }

        Uri? canonical = null;
        foreach (var link in doc.DocumentNode.SelectNodes("//link[@rel and @href]") ?? Enumerable.Empty<HtmlNode>())
        {
            if (HasToken(link.GetAttributeValue("rel", string.Empty), "canonical")
                && Resolve(baseUrl, link.GetAttributeValue("href", string.Empty)) is { } target
                && (target.Scheme == Uri.UriSchemeHttp || target.Scheme == Uri.UriSchemeHttps))
            {
                canonical = target;
                break;
            }
        }

        bool noIndex = false, noFollow = false;
        foreach (var meta in doc.DocumentNode.SelectNodes("//meta[@name and @content]") ?? Enumerable.Empty<HtmlNode>())
        {
            if (!string.Equals(meta.GetAttributeValue("name", string.Empty).Trim(), "robots", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var content = meta.GetAttributeValue("content", string.Empty);
            var none = HasToken(content, "none");
            noIndex |= none || HasToken(content, "noindex");
            noFollow |= none || HasToken(content, "nofollow");
        }

        return new PageAnalysis(Title(doc), attachments, links, canonical, noIndex, noFollow, Parsed: true);
    }

    public static bool IsAttachment(Uri url) =>
        AttachmentExtensions.Contains(Path.GetExtension(url.IsAbsoluteUri ? url.AbsolutePath : url.OriginalString));

    private static HtmlDocument? Load(string html)
    {
        var doc = new HtmlDocument { OptionMaxNestedChildNodes = MaxNestedNodes };
        try
        {
            doc.LoadHtml(html);
            return doc;
        }
        catch (Exception ex) when (ex is ApplicationException or InvalidOperationException || ex.GetType() == typeof(Exception))
        {
            // HtmlAgilityPack throws a plain Exception when a page nests deeper than OptionMaxNestedChildNodes.
            return null;
        }
    }

    private static string? Title(HtmlDocument doc)
    {
        var title = HtmlEntity.DeEntitize(doc.DocumentNode.SelectSingleNode("//title")?.InnerText ?? string.Empty).Trim();
        return title.Length == 0 ? null : title;
    }

    private static Uri BaseUrl(HtmlDocument doc, Uri pageUrl)
    {
        var baseHref = doc.DocumentNode.SelectSingleNode("//base[@href]")?.GetAttributeValue("href", null);
        return baseHref is not null && Uri.TryCreate(pageUrl, baseHref, out var b) ? b : pageUrl;
    }

    /// <summary>The absolute target of a link without its fragment, or null when it is empty, too long or malformed.</summary>
    private static Uri? Resolve(Uri baseUrl, string rawHref)
    {
        var href = HtmlEntity.DeEntitize(rawHref).Trim();
        if (href.Length == 0 || href.Length > 2048 || !Uri.TryCreate(baseUrl, href, out var target) || !target.IsAbsoluteUri)
        {
            return null;
        }

        if (target.Fragment.Length == 0)
        {
            return target;
        }

        try
        {
            return new UriBuilder(target) { Fragment = string.Empty }.Uri;
        }
        catch (UriFormatException)
        {
            return null;
        }
    }

    private static bool HasToken(string value, string token) =>
        value.Split([' ', ',', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
            .Any(t => string.Equals(t, token, StringComparison.OrdinalIgnoreCase));
}
