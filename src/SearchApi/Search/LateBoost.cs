using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace Search.SearchApi.Search;

/// <summary>
/// The proximity boost of <see cref="QueryFactory.WithProximityBoost"/> (the words close together in the title, or in
/// the body) scored with less work: its body half only for the documents whose family could still reach the page.
/// Scoring it for every match means reading the body positions of every match, most of the time of a broad query.
/// </summary>
/// <remarks>
/// With the boost in the query a document scores <c>(query + (title + body)) × signals</c> (<see cref="RankingSignalsQuery"/>;
/// the similarity has no coordination factor or query norm, and the boost's two halves are summed in double precision).
/// Here the search runs the query alone; the collector adds the title half and the signals to every match, giving a
/// lower bound (exact where the body half does not match) and, with <see cref="Bound"/> (the most the body half can add:
/// BM25 term frequencies saturate at k1 + 1), an upper bound. Families whose upper bound stays below the lower bound of
/// the page's last family cannot reach the page; for the others the body half is scored, and the page is the same as
/// with the boost in the query, scores included.
/// </remarks>
public sealed class LateBoost
{
    private readonly IndexReader _reader;
    private readonly Weight _title;
    private readonly Weight _body;
    private readonly int _today;

    private LateBoost(IndexSearcher searcher, Query title, Query body, float bound, DateOnly today)
    {
        _reader = searcher.IndexReader;
        _title = searcher.CreateNormalizedWeight(title);
        _body = searcher.CreateNormalizedWeight(body);
        _today = today.DayNumber;
        Bound = bound;
    }

    /// <summary>The most the body half adds to a document's score (before the ranking signals).</summary>
    public float Bound { get; }

    /// <summary>
    /// The late boost, or null when this cannot be done exactly: a boost of another shape than two optional halves, or a
    /// similarity or query kind whose scores cannot be bounded here.
    /// </summary>
    public static LateBoost? TryCreate(IndexSearcher searcher, Query boost, DateOnly today)
    {
        using var terms = new TermStates(searcher);
        return TryCreate(searcher, boost, today, terms);
    }

    /// <summary>The late boost, with its terms looked up through a request's <paramref name="terms"/>.</summary>
    /// <remarks>
    /// Phrases (the usual halves) still look their terms up themselves: a phrase query's weight builds its terms' states
    /// in its constructor and takes none from outside.
    /// </remarks>
    public static LateBoost? TryCreate(IndexSearcher searcher, Query boost, DateOnly today, TermStates terms)
    {
        if (searcher.Similarity is not PerFieldSimilarityWrapper
            || boost is not BooleanQuery { Boost: 1f, MinimumNumberShouldMatch: 0, Clauses: [{ Occur: Occur.SHOULD } title, { Occur: Occur.SHOULD } body] })
        {
            return null;
        }

        var bound = MaxScore(searcher, terms, body.Query, 1);
        return double.IsFinite(bound)
            ? new LateBoost(searcher, terms.WithStates(title.Query), terms.WithStates(body.Query), (float)((bound * 1.001) + 1e-3), today)
            : null;
    }

    /// <summary>What a segment's matches need during collecting: their ranking signals and the title half.</summary>
    internal SegmentBoost For(AtomicReaderContext context) => new(new RankingSignalsQuery.Signals(context.AtomicReader, _today), _title.GetScorer(context, null));

    /// <summary>The body half's score of each document (top-level numbers, ascending); 0 where it does not match.</summary>
    public void ScoreBody(ReadOnlySpan<int> docs, Span<float> scores)
    {
        var leaves = _reader.Leaves;
        Scorer? scorer = null;
        AtomicReaderContext? leaf = null;
        for (var i = 0; i < docs.Length; i++)
        {
            if (leaf is null || docs[i] >= leaf.DocBase + leaf.AtomicReader.MaxDoc)
            {
                leaf = leaves[ReaderUtil.SubIndex(docs[i], leaves)];
                scorer = _body.GetScorer(leaf, null);
            }

            scores[i] = ScoreAt(scorer, docs[i] - leaf.DocBase);
        }
    }

    /// <summary>The boost of a document from its two halves, added as the boost's own scorer adds them.</summary>
    public static float Sum(float title, float body) => (float)((double)title + body);

    /// <summary>The scorer's score of a document (ascending calls), or 0 when it does not match.</summary>
    internal static float ScoreAt(Scorer? scorer, int doc)
    {
        if (scorer is not null && scorer.DocID < doc)
        {
            scorer.Advance(doc);
        }

        return scorer is not null && scorer.DocID == doc ? scorer.GetScore() : 0;
    }

    /// <summary>An upper bound of the query's BM25 score: per term its boost × idf × (k1 + 1); infinite for anything else.</summary>
    private static double MaxScore(IndexSearcher searcher, TermStates terms, Query query, float boost)
    {
        boost *= query.Boost;
        return query switch
        {
            BooleanQuery boolean => boolean.Clauses.Where(c => !c.IsProhibited).Sum(c => MaxScore(searcher, terms, c.Query, boost)),
            TermQuery term => TermMaxScore(searcher, terms, term.Term, boost),
            PhraseQuery phrase => phrase.GetTerms().Sum(t => TermMaxScore(searcher, terms, t, boost)),
            MultiPhraseQuery multi => multi.GetTermArrays().SelectMany(t => t).Sum(t => TermMaxScore(searcher, terms, t, boost)),
            _ => double.PositiveInfinity,
        };
    }

    private static double TermMaxScore(IndexSearcher searcher, TermStates terms, Term term, float boost)
    {
        if ((searcher.Similarity as PerFieldSimilarityWrapper)?.Get(term.Field) is not BM25Similarity bm25 || boost < 0)
        {
            return double.PositiveInfinity;
        }

        // BM25's idf with the most documents (maxDoc ≥ documents with the field) and at least one holding the term: never lower.
        double documents = searcher.IndexReader.MaxDoc, holding = Math.Max(1, terms.DocFreq(term));
        var idf = Math.Log(1 + ((documents - holding + 0.5) / (holding + 0.5)));
        return boost * idf * (bm25.K1 + 1);
    }
}

/// <summary>The late boost's view of one segment: per match its ranking signals and the title half of the boost.</summary>
internal sealed class SegmentBoost(RankingSignalsQuery.Signals signals, Scorer? title)
{
    public float Factor(int doc) => signals.Factor(doc);

    /// <summary>The title half's score (documents in ascending order), or 0.</summary>
    public float Title(int doc) => LateBoost.ScoreAt(title, doc);
}
