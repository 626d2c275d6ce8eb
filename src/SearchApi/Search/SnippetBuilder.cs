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

    private readonly Highlighter? _highlighter = query is MatchAllDocsQuery ? null : Create(query, reader);

    public string Build(string? body, string? description)
    {
        body ??= string.Empty;
        if (_highlighter is not null && body.Length > 0)
        {
            using var tokens = analyzer.GetTokenStream(IndexFields.Body, body);
            var fragments = _highlighter.GetBestFragments(tokens, body, MaxFragments);
            if (fragments.Length > 0)
            {
                return string.Join(" … ", fragments.Select(f => f.Trim().ReplaceLineEndings(" ")));
            }
        }

        return Plain(!string.IsNullOrWhiteSpace(description) ? description : body);
    }

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
            MaxDocCharsToAnalyze = 200_000,
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
