using System.Text;
using System.Text.RegularExpressions;

namespace Search.Indexer.Extraction;

/// <summary>
/// Converts the simple CSS selectors a source may configure (<c>main</c>, <c>#content</c>, <c>div.article-body</c>,
/// <c>div#main .text</c>, <c>[role=main]</c>) to XPath. A selector starting with <c>/</c> or <c>(</c> is taken as XPath.
/// </summary>
public static partial class CssSelector
{
    public static string ToXPath(string selector)
    {
        selector = selector.Trim();
        if (selector.StartsWith('/') || selector.StartsWith('('))
        {
            return selector;
        }

        var xpath = new StringBuilder();
        foreach (var step in selector.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var match = StepPattern().Match(step);
            if (!match.Success)
            {
                throw new FormatException($"De stap '{step}' in de CSS-selector '{selector}' wordt niet ondersteund; gebruik een tag, #id, .class of [attr=waarde], of XPath.");
            }

            xpath.Append("//").Append(match.Groups["tag"].Success ? match.Groups["tag"].Value.ToLowerInvariant() : "*");
            if (match.Groups["id"].Success)
            {
                xpath.Append("[@id='").Append(match.Groups["id"].Value).Append("']");
            }

            foreach (Capture cls in match.Groups["class"].Captures)
            {
                xpath.Append("[contains(concat(' ', normalize-space(@class), ' '), ' ").Append(cls.Value).Append(" ')]");
            }

            if (match.Groups["attr"].Success)
            {
                xpath.Append("[@").Append(match.Groups["attr"].Value);
                if (match.Groups["value"].Success)
                {
                    xpath.Append("='").Append(match.Groups["value"].Value).Append('\'');
                }

                xpath.Append(']');
            }
        }

        return xpath.Length == 0 ? throw new FormatException("De selector is leeg.") : xpath.ToString();
    }

    [GeneratedRegex(@"^(?<tag>[a-zA-Z][a-zA-Z0-9]*)?(?:#(?<id>[\w\-]+))?(?:\.(?<class>[\w\-]+))*(?:\[(?<attr>[\w\-]+)(?:=[""']?(?<value>[^""'\]]+)[""']?)?\])?$")]
    private static partial Regex StepPattern();
}
