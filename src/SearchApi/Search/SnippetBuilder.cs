using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Search.Indexer.Schema;

namespace Search.SearchApi.Search;

/// <summary>
/// HTML-escaped snippets with &lt;mark&gt; around matched words. Give it the query's words only (no proximity boosts): a
/// phrase or span query makes the highlighter index every hit's text in memory to find where the phrase matches.
/// </summary>
public sealed class SnippetBuilder(Query query, IndexReader reader, Analyzer analyzer)
{
    public const int FragmentSize = 180;
    public const int MaxFragments = 2;

    /// <summary>Highlighting re-analyses the text; only its first 30,000 characters are looked at (cost per hit).</summary>
    public const int MaxCharsHighlighted = 30_000;

    private readonly Highlighter? _highlighter = query is MatchAllDocsQuery ? null : Create(query, reader);

    /// <summary>The scorer of a plain-words highlighter (null otherwise): it says when reading further cannot change the snippet.</summary>
    private TermScorer? Terms => _highlighter?.FragmentScorer as TermScorer;

    public string Build(string? body, string? description) => Build(body, description, -1, out _);

    /// <summary>The snippet, and where in the body the first match of its best fragment lies (null when nothing was highlighted).</summary>
    public string Build(string? body, string? description, out int? offset) => Build(body, description, -1, out offset);

    /// <summary>
    /// The snippet of document <paramref name="doc"/> (a top-level document number, or -1): knowing the document, the
    /// highlighter can tell from the index which query words its text holds, and stop reading once the best fragments
    /// hold all of those.
    /// </summary>
    public string Build(string? body, string? description, int doc, out int? offset)
    {
        offset = null;
        body ??= string.Empty;
        if (_highlighter is not null && body.Length > 0)
        {
            var fragments = Highlight(_highlighter, body, doc);
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

    private string[] Highlight(Highlighter highlighter, string body, int doc)
    {
        var terms = Terms;
        terms?.Expect(doc < 0 ? _ => true : InBody(doc));
        using var tokens = terms is null
            ? analyzer.GetTokenStream(IndexFields.Body, body)
            : new UntilEnough(analyzer.GetTokenStream(IndexFields.Body, body), terms);
        try
        {
            return highlighter.GetBestFragments(tokens, body, MaxFragments);
        }
        catch (BooleanQuery.TooManyClausesException)
        {
            return []; // a wildcard that expands to too many of this text's words: the plain start of the text instead
        }
    }

    /// <summary>Whether the body of document <paramref name="doc"/> holds a term, by the index's postings.</summary>
    private Func<string, bool> InBody(int doc)
    {
        var leaf = reader.Leaves[ReaderUtil.SubIndex(doc, reader.Leaves)];
        var iterator = leaf.AtomicReader.GetTerms(IndexFields.Body)?.GetEnumerator();
        var local = doc - leaf.DocBase;
        return term => iterator is not null && iterator.SeekExact(new Lucene.Net.Util.BytesRef(term))
            && iterator.Docs(null, null, DocsFlags.NONE).Advance(local) == local;
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

    /// <summary>A highlighter for the query's words in the body; null when the query has none there (nothing to mark).</summary>
    private static Highlighter? Create(Query query, IndexReader reader)
    {
        IScorer scorer;
        IFragmenter fragmenter;
        if (TermsOnly(query))
        {
            // Plain words: weigh them once for all hits, as the QueryScorer would for each hit.
            var weights = new WeightedSpanTermExtractor()
                .GetWeightedSpanTermsWithScores(query, new EmptyTokenStream(), IndexFields.Body, reader)
                .ToDictionary(t => t.Key, t => t.Value.Weight, StringComparer.Ordinal);
            if (weights.Count == 0)
            {
                return null;
            }

            scorer = new TermScorer(weights, MaxFragments);
            fragmenter = new SpanFragmenter(null, FragmentSize);
        }
        else
        {
            // Phrases must match in order, and wildcards expand to the words of each hit: the QueryScorer finds out per hit.
            var queryScorer = new QueryScorer(query, reader, IndexFields.Body);
            scorer = queryScorer;
            fragmenter = new SpanFragmenter(queryScorer, FragmentSize);
        }

        return new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), new MarkupEncoder(), scorer)
        {
            TextFragmenter = fragmenter,
            MaxDocCharsToAnalyze = MaxCharsHighlighted,
        };
    }

    /// <summary>Whether the words to mark are plain terms (no phrase, span or multi-term query outside exclusions).</summary>
    private static bool TermsOnly(Query query) => query switch
    {
        TermQuery => true,
        BooleanQuery boolean => boolean.Clauses.All(c => c.IsProhibited || TermsOnly(c.Query)),
        _ => false,
    };
}

/// <summary>Escapes only the characters that are markup (&amp; &lt; &gt; " '), so Dutch letters stay readable in the JSON.</summary>
public sealed class MarkupEncoder : IEncoder
{
    public string EncodeText(string originalText) => Escape(originalText);

    public static string Escape(string text)
    {
        var next = text.AsSpan().IndexOfAny(Markup);
        if (next < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        var rest = text.AsSpan();
        while (next >= 0)
        {
            builder.Append(rest[..next]).Append(rest[next] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => "&#39;",
            });
            rest = rest[(next + 1)..];
            next = rest.IndexOfAny(Markup);
        }

        return builder.Append(rest).ToString();
    }

    private static readonly System.Buffers.SearchValues<char> Markup = System.Buffers.SearchValues.Create("&<>\"'");
}
