using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Search.Connectors.Feeds;

/// <summary>
/// A document whose content came from a listing (a feed item with full content, a WordPress post, a JSON:API resource)
/// rather than from fetching its page. <see cref="Url"/> is the public page, never the API address.
/// </summary>
/// <param name="Title">Plain text.</param>
/// <param name="BodyHtml">HTML fragment.</param>
/// <param name="Description">Plain text (a summary or excerpt).</param>
public sealed record ContentItem(
    Uri Url,
    string? Title,
    string? BodyHtml,
    string? Description,
    DateTimeOffset? Published,
    DateTimeOffset? Modified);

/// <summary>Renders a <see cref="ContentItem"/> as a small UTF-8 HTML page the indexer's HTML extractor understands (pure).</summary>
public static partial class HtmlEnvelope
{
    public const string ContentType = "text/html; charset=utf-8";

    public static byte[] Render(ContentItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var html = new StringBuilder(256 + (item.BodyHtml?.Length ?? 0));
        html.Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n");
        if (item.Title is { Length: > 0 } title)
        {
            html.Append("<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n");
        }

        if (item.Description is { Length: > 0 } description)
        {
            html.Append("<meta name=\"description\" content=\"").Append(WebUtility.HtmlEncode(description)).Append("\">\n");
        }

        AppendDate(html, "article:published_time", item.Published);
        AppendDate(html, "article:modified_time", item.Modified);
        html.Append("<link rel=\"canonical\" href=\"").Append(WebUtility.HtmlEncode(item.Url.AbsoluteUri)).Append("\">\n");
        html.Append("</head>\n<body>\n<main>\n");
        if (item.Title is { Length: > 0 })
        {
            html.Append("<h1>").Append(WebUtility.HtmlEncode(item.Title)).Append("</h1>\n");
        }

        html.Append(item.BodyHtml).Append("\n</main>\n</body>\n</html>\n");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    /// <summary>The text of an HTML fragment: tags removed, entities decoded, white space collapsed; null when empty.</summary>
    public static string? TextOf(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return null;
        }

        // A linear scan rather than a regex: a hostile title of many '<' without '>' must not cost quadratic time.
        var stripped = new StringBuilder(html.Length);
        var inTag = false;
        foreach (var c in html)
        {
            if (c == '<')
            {
                inTag = true;
            }
            else if (c == '>' && inTag)
            {
                inTag = false;
                stripped.Append(' ');
            }
            else if (!inTag)
            {
                stripped.Append(c);
            }
        }

        var text = Spaces().Replace(WebUtility.HtmlDecode(stripped.ToString()), " ").Trim();
        return text.Length == 0 ? null : text;
    }

    private static void AppendDate(StringBuilder html, string property, DateTimeOffset? date)
    {
        if (date is { } value)
        {
            html.Append("<meta property=\"").Append(property).Append("\" content=\"")
                .Append(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append("\">\n");
        }
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
