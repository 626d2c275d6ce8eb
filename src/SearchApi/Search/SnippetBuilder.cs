using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Search.Indexer.Schema;

namespace Search.SearchApi.Search;

/// <summary>HTML-escaped snippets with &lt;mark&gt; around matched words.</summary>
public sealed class SnippetBuilder(Query query, IndexReader reader, Analyzer analyzer)
{
    public const int FragmentSize = 180;
    public const int MaxFragments = 2;

    /// <summary>Highlighting re-analyses the text; only its first 30,000 characters are looked at (cost per hit).</summary>
    public const int MaxCharsHighlighted = 30_000;

    private readonly Highlighter? _highlighter = query is MatchAllDocsQuery ? null : Create(query, reader);

    public string Build(string? body, string? description) => Build(body, description, out _);

    /// <summary>The snippet, and where in the body the first match of its best fragment lies (null when nothing was highlighted).</summary>
    public string Build(string? body, string? description, out int? offset)
    {
        offset = null;
        body ??= string.Empty;
        if (_highlighter is not null && body.Length > 0)
        {
            using var tokens = analyzer.GetTokenStream(IndexFields.Body, body);
            var fragments = _highlighter.GetBestFragments(tokens, body, MaxFragments);
            if (fragments.Length > 0)
            {
                // The best fragment comes first; without its marks and escapes it is verbatim text of the body.
                var best = fragments[0];
                var found = body.IndexOf(Unmark(best), StringComparison.Ordinal);
                var mark = best.IndexOf("<mark>", StringComparison.Ordinal);
                offset = found < 0 ? null : found + (mark < 0 ? 0 : Unmark(best[..mark]).Length);
                return string.Join(" … ", fragments.Select(f => f.Trim().ReplaceLineEndings(" ")));
            }
        }

        return Plain(!string.IsNullOrWhiteSpace(description) ? description : body);
    }

    /// <summary>A highlighted fragment back to plain text: marks removed, the five escapes undone (&amp;amp; last).</summary>
    private static string Unmark(string fragment) => fragment
        .Replace("<mark>", string.Empty, StringComparison.Ordinal)
        .Replace("</mark>", string.Empty, StringComparison.Ordinal)
        .Replace("&lt;", "<", StringComparison.Ordinal)
        .Replace("&gt;", ">", StringComparison.Ordinal)
        .Replace("&quot;", "\"", StringComparison.Ordinal)
        .Replace("&#39;", "'", StringComparison.Ordinal)
        .Replace("&amp;", "&", StringComparison.Ordinal);

    /// <summary>The start of a text, escaped, without highlighting.</summary>
    public static string Plain(string text)
    {
        text = text.ReplaceLineEndings(" ");
        return MarkupEncoder.Escape(text.Length <= FragmentSize * 1.5 ? text : text[..FragmentSize].TrimEnd() + " …");
    }

    private static Highlighter Create(Query query, IndexReader reader)
    {
        var scorer = new QueryScorer(query, reader, IndexFields.Body);
        return new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), new MarkupEncoder(), scorer)
        {
            TextFragmenter = new SimpleSpanFragmenter(scorer, FragmentSize),
            MaxDocCharsToAnalyze = MaxCharsHighlighted,
        };
    }
}

/// <summary>Escapes only the characters that are markup (&amp; &lt; &gt; " '), so Dutch letters stay readable in the JSON.</summary>
public sealed class MarkupEncoder : IEncoder
{
    public string EncodeText(string originalText) => Escape(originalText);

    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}
