using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Search.Indexer.Analysis;
using Search.Indexer.Schema;
using Search.Indexer.Writing;

namespace Search.SearchApi.Search;

/// <summary>
/// HTML-escaped snippets with &lt;mark&gt; around matched words. Give it the query's words only (no proximity boosts): a
/// phrase or span query makes the highlighter index every hit's text in memory to find where the phrase matches.
/// One builder serves one request, one hit at a time (it reuses its buffers from hit to hit).
/// </summary>
public sealed class SnippetBuilder
{
    public const int FragmentSize = 180;
    public const int MaxFragments = 2;

    /// <summary>Highlighting re-analyses the text; only its first 30,000 characters are looked at (cost per hit).</summary>
    public const int MaxCharsHighlighted = 30_000;

    private readonly IndexReader _reader;
    private readonly Analyzer _analyzer;

    /// <summary>Lucene's highlighter: for phrases and wildcards (and, when asked, for plain words too).</summary>
    private readonly Highlighter? _highlighter;

    /// <summary>Our lean highlighter, for plain words.</summary>
    private readonly TermHighlighter? _lean;

    /// <summary>Per segment, the body's terms and postings last read (reused from hit to hit; hits are built one after another).</summary>
    private TermsEnum?[]? _bodyTerms;
    private DocsEnum?[]? _bodyDocs;
    private DocsAndPositionsEnum?[]? _bodyPositions;

    /// <summary>Reads every text to its end (or the analysed length): the reference that reading less must equal.</summary>
    private readonly bool _readAll;
    private Dictionary<string, Term>? _bodyTermsOf;

    /// <summary>The request's term lookups, when given: enumerators of the body's terms per segment.</summary>
    private readonly TermStates? _terms;

    /// <summary>The plain words to mark, and where each occurs last in the hit being built (see <see cref="ReadPositions"/>).</summary>
    private readonly string[] _words = [];
    private readonly Dictionary<string, int> _lastPositions = new(StringComparer.Ordinal);

    /// <summary>With a layout: which of the words it makes itself (concept tokens), and where the others occur.</summary>
    private readonly DutchLayoutAnalyzer? _layout;
    private readonly bool[] _laidOut = [];
    private readonly IndexedPositions? _positions;

    public SnippetBuilder(Query query, IndexReader reader, Analyzer analyzer)
        : this(query, reader, analyzer, luceneForTerms: false)
    {
    }

    /// <summary>
    /// With a request's term lookups (<see cref="TermStates"/>, made for a searcher of <paramref name="reader"/>): the
    /// words' weights and their positions in each hit come from terms it already looked up.
    /// </summary>
    public SnippetBuilder(Query query, IndexReader reader, Analyzer analyzer, TermStates terms)
        : this(query, reader, analyzer, luceneForTerms: false, readAll: false, terms)
    {
    }

    /// <summary>
    /// With a request's term lookups and the layout of the chain that indexed the body (<see cref="SearcherLease.Layout"/>;
    /// null: none): plain words are then marked where the index holds them (their positions in each hit), and the text is
    /// only laid out into words again, not stemmed or decompounded.
    /// </summary>
    public SnippetBuilder(Query query, IndexReader reader, Analyzer analyzer, TermStates terms, DutchLayoutAnalyzer? layout)
        : this(query, reader, analyzer, luceneForTerms: false, readAll: false, terms)
    {
        if (_lean is not null && layout is not null && Terms!.Words.Count <= ushort.MaxValue)
        {
            _layout = layout;
            _laidOut = [.. _words.Select(w => layout.Resources.Concepts.Tokens.Contains(w))];
            _positions = new IndexedPositions(_words);
        }
    }

    /// <param name="luceneForTerms">
    /// Plain words through Lucene's highlighter as well: the reference that <see cref="TermHighlighter"/> must equal.
    /// </param>
    /// <param name="readAll">With <paramref name="luceneForTerms"/>: read every text to its end (or the analysed length).</param>
    internal SnippetBuilder(Query query, IndexReader reader, Analyzer analyzer, bool luceneForTerms, bool readAll = false, TermStates? terms = null)
    {
        _readAll = readAll;
        _terms = terms;
        _reader = reader;
        _analyzer = analyzer;
        if (query is MatchAllDocsQuery)
        {
            return;
        }

        if (!TermsOnly(query))
        {
            _highlighter = Create(query, reader);
            return;
        }

        Terms = CreateTermScorer(query, reader, terms);
        if (Terms is not null)
        {
            _words = [.. Terms.Words];
            if (luceneForTerms)
            {
                _highlighter = Create(Terms);
            }
            else
            {
                _lean = new TermHighlighter(Terms, FragmentSize, MaxFragments, MaxCharsHighlighted);
            }
        }
    }

    /// <summary>Texts whose reading stopped before their end because no later fragment could hold enough of the query words.</summary>
    internal int StoppedByPositions { get; private set; }

    /// <summary>Whether plain words are marked where the index holds them, in a layout of the text (not a whole analysis).</summary>
    internal bool UsesLayout => _layout is not null;

    /// <summary>Whether plain words are marked by our <see cref="TermHighlighter"/> (not Lucene's highlighter).</summary>
    internal bool UsesTermHighlighter => _lean is not null;

    /// <summary>The scorer of plain query words (null otherwise): it says when reading further cannot change the snippet.</summary>
    private TermScorer? Terms { get; }

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
        if (_lean is not null && body.Length > 0)
        {
            using var tokens = LeanTokens(body, doc);
            var snippet = tokens is null ? null : _lean.Highlight(tokens, body, out offset);
            StoppedByPositions += tokens is not null && Terms!.StoppedByPositions ? 1 : 0;
            if (snippet is not null)
            {
                return snippet;
            }
        }
        else if (_highlighter is not null && body.Length > 0)
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

    /// <summary>
    /// The tokens our highlighter reads for document <paramref name="doc"/>: with a layout, the text laid out into words
    /// holding the query words the index holds at their positions; else the text analysed whole. Null when the index
    /// says that the body holds none of the query words (nothing to mark).
    /// </summary>
    private TokenStream? LeanTokens(string body, int doc)
    {
        if (_layout is not null && doc >= 0)
        {
            var (held, positioned) = ReadPositions(doc, collect: true);
            if (held == 0)
            {
                return null;
            }

            Terms!.Expect(LastPosition);
            return positioned
                ? new IndexedTermsFilter(_layout.GetTokenStream(IndexFields.Body, body), _positions!)
                : _analyzer.GetTokenStream(IndexFields.Body, body);
        }

        Expect(Terms!, doc);
        return _analyzer.GetTokenStream(IndexFields.Body, body);
    }

    private string[] Highlight(Highlighter highlighter, string body, int doc)
    {
        var terms = Terms;
        if (terms is not null)
        {
            Expect(terms, doc);
        }

        using var tokens = terms is null || _readAll
            ? _analyzer.GetTokenStream(IndexFields.Body, body)
            : new UntilEnough(_analyzer.GetTokenStream(IndexFields.Body, body), terms);
        try
        {
            return highlighter.GetBestFragments(tokens, body, MaxFragments);
        }
        catch (BooleanQuery.TooManyClausesException)
        {
            return []; // a wildcard that expands to too many of this text's words: the plain start of the text instead
        }
    }

    /// <summary>Tells the scorer which query words the body holds and where each occurs last, by the index's postings.</summary>
    private void Expect(TermScorer terms, int doc)
    {
        if (doc < 0)
        {
            terms.Expect(_ => true);
        }
        else
        {
            ReadPositions(doc, collect: false);
            terms.Expect(LastPosition);
        }
    }

    /// <summary>Where a word occurs last in the hit read by <see cref="ReadPositions"/>.</summary>
    private int LastPosition(string word) => _lastPositions[word];

    /// <summary>
    /// Reads where each query word occurs in the body of document <paramref name="doc"/> (a top-level number): its last
    /// token position, -1 when it does not occur there, or int.MaxValue when it occurs but the index holds no positions
    /// for it (<see cref="LastPosition"/>); and with <paramref name="collect"/> every position of a word the layout does
    /// not make itself, for <see cref="IndexedTermsFilter"/>. Returns how many of the words occur there, and whether the
    /// positions of all of those are known.
    /// </summary>
    private (int Held, bool Positioned) ReadPositions(int doc, bool collect)
    {
        var (iterator, index, local) = BodyTermsOf(doc);
        var (held, positioned) = (0, true);
        _positions?.Clear();
        for (var w = 0; w < _words.Length; w++)
        {
            var word = _words[w];
            _lastPositions[word] = -1;
            if (iterator is null || !SeekExact(iterator, index, word))
            {
                continue;
            }

            var positions = _bodyPositions![index] = iterator.DocsAndPositions(null, _bodyPositions[index], DocsAndPositionsFlags.NONE);
            if (positions is null)
            {
                var docs = _bodyDocs![index] = iterator.Docs(null, _bodyDocs[index], DocsFlags.NONE);
                if (docs.Advance(local) == local)
                {
                    (held, positioned) = (held + 1, false);
                    _lastPositions[word] = int.MaxValue;
                }

                continue;
            }

            if (positions.Advance(local) != local)
            {
                continue;
            }

            held++;
            var last = -1;
            for (var i = positions.Freq; i > 0; i--)
            {
                last = positions.NextPosition();
                if (collect && !_laidOut[w])
                {
                    _positions!.Add(last, w);
                }
            }

            _lastPositions[word] = last;
        }

        _positions?.Sort();
        return (held, positioned);
    }

    /// <summary>
    /// The body's terms in the segment holding top-level document <paramref name="doc"/> (one enumerator per segment,
    /// kept from hit to hit), the segment's number, and the document's number in it.
    /// </summary>
    private (TermsEnum? Terms, int Segment, int Local) BodyTermsOf(int doc)
    {
        var index = ReaderUtil.SubIndex(doc, _reader.Leaves);
        var leaf = _reader.Leaves[index];
        _bodyTerms ??= new TermsEnum?[_reader.Leaves.Count];
        _bodyPositions ??= new DocsAndPositionsEnum?[_reader.Leaves.Count];
        _bodyDocs ??= new DocsEnum?[_reader.Leaves.Count];
        var terms = _bodyTerms[index] ??= _terms is not null
            ? _terms.Enumerator(index, IndexFields.Body)
            : leaf.AtomicReader.GetTerms(IndexFields.Body)?.GetEnumerator();
        return (terms, index, doc - leaf.DocBase);
    }

    /// <summary>
    /// Positions <paramref name="iterator"/> (segment <paramref name="segment"/>'s body terms) on the word; false when the
    /// segment does not hold it. With the request's lookups, from the word's state there (looked up for the search already),
    /// without reading the terms dictionary again.
    /// </summary>
    private bool SeekExact(TermsEnum iterator, int segment, string word)
    {
        var term = TermOf(word);
        if (_terms is null)
        {
            return iterator.SeekExact(term.Bytes);
        }

        if (_terms.Get(term).Get(segment) is not { } state)
        {
            return false;
        }

        iterator.SeekExact(term.Bytes, state);
        return true;
    }

    /// <summary>The query word as a body term (made once per request).</summary>
    private Term TermOf(string word)
    {
        _bodyTermsOf ??= new Dictionary<string, Term>(StringComparer.Ordinal);
        if (!_bodyTermsOf.TryGetValue(word, out var term))
        {
            _bodyTermsOf[word] = term = new Term(IndexFields.Body, word);
        }

        return term;
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

    /// <summary>The scorer of plain query words in the body, weighed once for all hits; null when none is there (nothing to mark).</summary>
    private static TermScorer? CreateTermScorer(Query query, IndexReader reader, TermStates? terms)
    {
        var weights = (terms is null
                ? new WeightedSpanTermExtractor().GetWeightedSpanTermsWithScores(query, new EmptyTokenStream(), IndexFields.Body, reader)
                : WithIdf(new WeightedSpanTermExtractor().GetWeightedSpanTerms(query, new EmptyTokenStream(), IndexFields.Body), reader.MaxDoc, terms))
            .ToDictionary(t => t.Key, t => t.Value.Weight, StringComparer.Ordinal);
        return weights.Count == 0 ? null : new TermScorer(weights, MaxFragments);
    }

    /// <summary>
    /// Each word's weight times its idf, as <see cref="WeightedSpanTermExtractor.GetWeightedSpanTermsWithScores"/> weighs
    /// it (the same formula over the reader's document count and the word's document frequency), with the frequencies
    /// from the request's lookups: the query's words were looked up for the search already.
    /// </summary>
    internal static IDictionary<string, WeightedSpanTerm> WithIdf(IDictionary<string, WeightedSpanTerm> words, int maxDoc, TermStates terms)
    {
        foreach (var word in words.Values)
        {
            var docFreq = terms.DocFreq(new Term(IndexFields.Body, word.Term));
            var idf = (float)(Math.Log(maxDoc / (double)(docFreq + 1)) + 1.0);
            word.Weight *= idf;
        }

        return words;
    }

    /// <summary>Lucene's highlighter for plain words, with the scorer weighed once (the reference for <see cref="TermHighlighter"/>).</summary>
    private static Highlighter Create(TermScorer terms) => Create(terms, new SpanFragmenter(null, FragmentSize));

    /// <summary>Lucene's highlighter for phrases and wildcards: the QueryScorer finds out per hit where they match.</summary>
    private static Highlighter Create(Query query, IndexReader reader)
    {
        var queryScorer = new QueryScorer(query, reader, IndexFields.Body);
        return Create(queryScorer, new SpanFragmenter(queryScorer, FragmentSize));
    }

    private static Highlighter Create(IScorer scorer, IFragmenter fragmenter) =>
        new(new SimpleHTMLFormatter("<mark>", "</mark>"), new MarkupEncoder(), scorer)
        {
            TextFragmenter = fragmenter,
            MaxDocCharsToAnalyze = MaxCharsHighlighted,
        };

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
