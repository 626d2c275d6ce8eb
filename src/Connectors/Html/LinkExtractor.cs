using HtmlAgilityPack;

namespace Search.Connectors.Html;

/// <summary>Finds the title and attachment links of an HTML page (pure).</summary>
public static class LinkExtractor
{
    /// <summary>File extensions treated as attachments of the page that links to them.</summary>
    public static readonly IReadOnlySet<string> AttachmentExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".pdf", ".docx" };

    public sealed record PageLinks(string? Title, IReadOnlyList<Uri> Attachments);

    public static PageLinks Extract(string html, Uri pageUrl)
    {
        var doc = new HtmlDocument { OptionMaxNestedChildNodes = 2000 };
        try
        {
            doc.LoadHtml(html);
        }
        catch (Exception ex) when (ex is ApplicationException or InvalidOperationException || ex.GetType() == typeof(Exception))
        {
            // HtmlAgilityPack throws a plain Exception when a page nests deeper than OptionMaxNestedChildNodes.
            return new PageLinks(null, []);
        }

        var title = HtmlEntity.DeEntitize(doc.DocumentNode.SelectSingleNode("//title")?.InnerText ?? string.Empty).Trim();
        var baseHref = doc.DocumentNode.SelectSingleNode("//base[@href]")?.GetAttributeValue("href", null);
        var baseUrl = baseHref is not null && Uri.TryCreate(pageUrl, baseHref, out var b) ? b : pageUrl;

        var attachments = new List<Uri>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var anchor in doc.DocumentNode.SelectNodes("//a[@href]") ?? Enumerable.Empty<HtmlNode>())
        {
            var href = HtmlEntity.DeEntitize(anchor.GetAttributeValue("href", string.Empty)).Trim();
            if (href.Length == 0 || href.Length > 2048 || !Uri.TryCreate(baseUrl, href, out var target))
            {
                continue;
            }

            if (!IsAttachment(target))
            {
                continue;
            }

            var withoutFragment = new UriBuilder(target) { Fragment = string.Empty }.Uri;
            if (seen.Add(withoutFragment.AbsoluteUri))
            {
                attachments.Add(withoutFragment);
            }
        }

        return new PageLinks(title.Length == 0 ? null : title, attachments);
    }

    public static bool IsAttachment(Uri url) =>
        AttachmentExtensions.Contains(Path.GetExtension(url.IsAbsoluteUri ? url.AbsolutePath : url.OriginalString));
}
