using System.Text.RegularExpressions;

namespace Search.Indexer.Extraction;

/// <summary>Plain text and Markdown: the first non-empty line is the title (pure).</summary>
public static partial class PlainTextExtractor
{
    public static ExtractedContent Extract(string text, bool markdown, string? fallbackTitle)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (markdown)
        {
            lines = lines.Select(StripMarkdown).ToArray();
        }

        var titleLine = lines.Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        var body = string.Join('\n', lines.Select(l => l.TrimEnd())).Trim();
        return new ExtractedContent
        {
            Title = titleLine is { Length: > 0 and < 300 } ? titleLine : fallbackTitle ?? "(zonder titel)",
            Body = body,
            Published = DutchDates.FindFirst(body.Length > 600 ? body[..600] : body),
        };
    }

    private static string StripMarkdown(string line)
    {
        line = Heading().Replace(line, string.Empty);
        line = Link().Replace(line, "$1");
        line = Emphasis().Replace(line, "$2");
        return ListMarker().Replace(line, string.Empty);
    }

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+")]
    private static partial Regex Heading();

    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(\*\*|__|\*|_|`)(.+?)\1")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"^\s*([-*+]|\d+\.)\s+")]
    private static partial Regex ListMarker();
}
