using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using HtmlAgilityPack;

namespace Search.Indexer.Extraction;

/// <summary>
/// Extracts title, description, dates and the main text of an HTML page without navigation, header,
/// footer and sidebars (pure). Content is found by, in order: the source's selector, <c>main</c> /
/// <c>article</c> / <c>[role=main]</c>, then a text-density heuristic.
/// </summary>
public static partial class HtmlExtractor
{
    /// <summary>Pages nested deeper than this are refused instead of risking the stack.</summary>
    public const int MaxNestingDepth = 512;

    private static readonly string[] RemovedTags =
        ["script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "button", "select", "input", "textarea", "canvas"];

    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2", "h3", "h4", "h5", "h6",
        "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "td", "th", "thead", "tbody", "blockquote", "pre", "br", "hr",
        "figure", "figcaption", "address", "form", "fieldset",
    };

    private static readonly string[] PublishedMeta =
        ["article:published_time", "og:published_time", "dcterms.issued", "dcterms.created", "dc.date.issued", "dc.date", "date", "publication_date", "pubdate"];

    private static readonly string[] ModifiedMeta =
        ["article:modified_time", "og:updated_time", "dcterms.modified", "dc.date.modified", "last-modified", "modified"];

    public static ExtractedContent Extract(string html, string? contentSelector = null)
    {
        var document = new HtmlDocument { OptionMaxNestedChildNodes = MaxNestingDepth, OptionFixNestedTags = true };
        try
        {
            document.LoadHtml(html);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // HtmlAgilityPack throws a plain Exception when nesting exceeds the limit.
            throw new ExtractionException($"HTML could not be parsed: {ex.Message}", ex);
        }

        var root = document.DocumentNode;
        var meta = ReadMeta(root);
        var pageTitle = Clean(root.SelectSingleNode("//title")?.InnerText);
        foreach (var node in RemovedTags.SelectMany(t => root.SelectNodes("//" + t) ?? Enumerable.Empty<HtmlNode>()).ToList())
        {
            node.Remove();
        }

        foreach (var comment in root.SelectNodes("//comment()") ?? Enumerable.Empty<HtmlNode>())
        {
            comment.Remove();
        }

        var wholeText = ToText(root.SelectSingleNode("//body") ?? root);
        var content = SelectContent(root, contentSelector);
        var h1 = Clean(content.SelectSingleNode(".//h1")?.InnerText) ?? Clean(root.SelectSingleNode("//h1")?.InnerText);
        var timeDate = TimeElementDate(content);
        RemoveBoilerplate(content);
        var body = ToText(content);
        var title = FirstUseful(h1, meta.GetValueOrDefault("og:title"), CleanTitle(pageTitle), FirstLine(body)) ?? "(zonder titel)";
        var description = FirstUseful(meta.GetValueOrDefault("description"), meta.GetValueOrDefault("og:description"));

        return new ExtractedContent
        {
            Title = Truncate(title, 300),
            Description = description is null ? null : Truncate(description, 500),
            Body = body,
            Published = FirstDate(meta, PublishedMeta) ?? timeDate ?? LabelledDate(PublishedLabel(), body)
                ?? LabelledDate(PublishedLabel(), wholeText) ?? TimeElementDate(root),
            Modified = FirstDate(meta, ModifiedMeta) ?? LabelledDate(ModifiedLabel(), body) ?? LabelledDate(ModifiedLabel(), wholeText),
        };
    }

    /// <summary>The node holding the main content.</summary>
    internal static HtmlNode SelectContent(HtmlNode root, string? contentSelector)
    {
        if (!string.IsNullOrWhiteSpace(contentSelector) && root.SelectSingleNode(CssSelector.ToXPath(contentSelector)) is { } selected)
        {
            return selected;
        }

        if (root.SelectSingleNode("//main") is { } main && TextLength(main) > 0)
        {
            return main;
        }

        var articles = root.SelectNodes("//article");
        if (articles is { Count: > 0 })
        {
            return articles.MaxBy(TextLength)!;
        }

        if (root.SelectSingleNode("//*[@role='main']") is { } roleMain)
        {
            return roleMain;
        }

        var body = root.SelectSingleNode("//body") ?? root;
        RemoveBoilerplate(body);
        return DensestNode(body) ?? body;
    }

    /// <summary>Readability-style scoring: paragraphs give points to their parent and half to their grandparent.</summary>
    private static HtmlNode? DensestNode(HtmlNode body)
    {
        var scores = new Dictionary<HtmlNode, double>();
        foreach (var block in body.Descendants().Where(n => n.NodeType == HtmlNodeType.Element))
        {
            var own = block.Name is "p" or "pre" or "td" or "li" or "blockquote" ? TextLength(block) : DirectTextLength(block);
            if (own < 25)
            {
                continue;
            }

            var points = 1 + block.InnerText.Count(c => c == ',') + Math.Min(own / 100.0, 3);
            var target = block.Name is "p" or "pre" or "td" or "li" or "blockquote" ? block.ParentNode : block;
            if (target is null)
            {
                continue;
            }

            scores[target] = scores.GetValueOrDefault(target) + points;
            if (target.ParentNode is { NodeType: HtmlNodeType.Element } grandparent)
            {
                scores[grandparent] = scores.GetValueOrDefault(grandparent) + (points / 2);
            }
        }

        return scores.Count == 0 ? null : scores.MaxBy(s => s.Value * (1 - LinkDensity(s.Key))).Key;
    }

    private static void RemoveBoilerplate(HtmlNode content)
    {
        var doomed = content.Descendants()
            .Where(n => n.NodeType == HtmlNodeType.Element && IsBoilerplate(n))
            .ToList();
        foreach (var node in doomed)
        {
            node.Remove();
        }
    }

    private static bool IsBoilerplate(HtmlNode node)
    {
        if (node.Name is "nav" or "aside" or "footer")
        {
            return true;
        }

        if (node.Name == "header" && node.SelectSingleNode(".//nav") is not null)
        {
            return true;
        }

        var role = node.GetAttributeValue("role", string.Empty);
        if (role is "navigation" or "banner" or "contentinfo" or "complementary" or "search")
        {
            return true;
        }

        var names = node.GetAttributeValue("class", string.Empty) + " " + node.GetAttributeValue("id", string.Empty);
        return names.Length > 1 && BoilerplateName().IsMatch(names);
    }

    private static double LinkDensity(HtmlNode node)
    {
        var total = TextLength(node);
        if (total == 0)
        {
            return 1;
        }

        var links = (node.SelectNodes(".//a") ?? Enumerable.Empty<HtmlNode>()).Sum(TextLength);
        return Math.Min(1, (double)links / total);
    }

    private static int TextLength(HtmlNode node) => WhitespaceRun().Replace(HtmlEntity.DeEntitize(node.InnerText), " ").Trim().Length;

    private static int DirectTextLength(HtmlNode node) =>
        node.ChildNodes.Where(c => c.NodeType == HtmlNodeType.Text).Sum(c => HtmlEntity.DeEntitize(c.InnerText).Trim().Length);

    /// <summary>Plain text with a line break per block element and collapsed white space.</summary>
    internal static string ToText(HtmlNode node)
    {
        var text = new StringBuilder();
        Append(node, text);
        var lines = text.ToString().Split('\n').Select(l => WhitespaceRun().Replace(l, " ").Trim()).Where(l => l.Length > 0);
        return string.Join('\n', lines);
    }

    private static void Append(HtmlNode node, StringBuilder text)
    {
        switch (node.NodeType)
        {
            case HtmlNodeType.Text:
                text.Append(HtmlEntity.DeEntitize(node.InnerText));
                return;
            case HtmlNodeType.Comment:
                return;
        }

        var block = BlockTags.Contains(node.Name);
        if (block)
        {
            text.Append('\n');
        }

        foreach (var child in node.ChildNodes)
        {
            Append(child, text);
        }

        if (block)
        {
            text.Append('\n');
        }
        else if (node.Name is "td" or "th" or "span" or "a")
        {
            text.Append(' ');
        }
    }

    private static Dictionary<string, string> ReadMeta(HtmlNode root)
    {
        var meta = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var node in root.SelectNodes("//meta[@content]") ?? Enumerable.Empty<HtmlNode>())
        {
            var key = node.GetAttributeValue("property", null) ?? node.GetAttributeValue("name", null) ?? node.GetAttributeValue("itemprop", null);
            var value = Clean(node.GetAttributeValue("content", string.Empty));
            if (key is not null && value is not null)
            {
                meta.TryAdd(key.Trim(), value);
            }
        }

        return meta;
    }

    private static DateOnly? FirstDate(Dictionary<string, string> meta, string[] keys) =>
        keys.Select(k => DutchDates.Parse(meta.GetValueOrDefault(k))).FirstOrDefault(d => d is not null);

    private static DateOnly? TimeElementDate(HtmlNode node)
    {
        var time = node.SelectSingleNode(".//time");
        return time is null ? null : DutchDates.Parse(time.GetAttributeValue("datetime", null)) ?? DutchDates.Parse(Clean(time.InnerText));
    }

    private static DateOnly? LabelledDate(Regex label, string text)
    {
        var match = label.Match(text);
        return match.Success ? DutchDates.FindFirst(text.Substring(match.Index + match.Length, Math.Min(40, text.Length - match.Index - match.Length))) : null;
    }

    /// <summary>A page title without the site name after its last separator ("Convenant hennep | Netwerk Oost").</summary>
    public static string? CleanTitle(string? title)
    {
        if (title is null)
        {
            return null;
        }

        var cut = title.LastIndexOfAny(['|', '–', '—']);
        return cut > 10 ? title[..cut].Trim() : title;
    }

    private static string? FirstLine(string body) => body.Split('\n', 2)[0] is { Length: > 0 } line ? line : null;

    private static string? FirstUseful(params string?[] values) => values.FirstOrDefault(v => v is { Length: >= 2 });

    private static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var cleaned = WhitespaceRun().Replace(WebUtility.HtmlDecode(HtmlEntity.DeEntitize(value)), " ").Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max].TrimEnd() + "…";

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();

    [GeneratedRegex(@"(^|[\s_-])(nav|navbar|navigation|menu|breadcrumbs?|kruimelpad|sidebar|zijbalk|footer|site-header|cookie\w*|share|social|newsletter|nieuwsbrief|related|gerelateerd\w*|pagination|skip\w*|col-left|col-right|banner)([\s_-]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex BoilerplateName();

    [GeneratedRegex(@"\b(gepubliceerd( op)?|publicatiedatum|geplaatst( op)?|datum)\s*:?", RegexOptions.IgnoreCase)]
    private static partial Regex PublishedLabel();

    [GeneratedRegex(@"\b(laatst gewijzigd( op)?|gewijzigd op|bijgewerkt( op)?|laatst bijgewerkt( op)?)\s*:?", RegexOptions.IgnoreCase)]
    private static partial Regex ModifiedLabel();
}
