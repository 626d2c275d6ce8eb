using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace Search.SearchApi.Search;

/// <summary>
/// A term query with its term's states (<see cref="TermStates"/>), whose scorers position the request's enumerator of
/// each segment on the term instead of making a new one per segment. It scores as <see cref="TermQuery"/> does: the same
/// statistics, similarity weight and per-document score (<c>SimScorer.Score(doc, freq)</c>); it equals the plain query.
/// </summary>
/// <remarks>Score it while its <see cref="TermStates"/> is in use (one request); elsewhere it borrows enumerators anew.</remarks>
internal sealed class StatedTermQuery : TermQuery
{
    private readonly TermContext _states;
    private readonly TermStates _lookups;

    public StatedTermQuery(Term term, TermContext states, TermStates lookups)
        : base(term, states)
    {
        _states = states;
        _lookups = lookups;
    }

    public override Weight CreateWeight(IndexSearcher searcher) =>
        _states.TopReaderContext == searcher.TopReaderContext ? new StatedWeight(this, searcher, _states, _lookups) : base.CreateWeight(searcher);

    private sealed class StatedWeight : Weight
    {
        private readonly StatedTermQuery _query;
        private readonly TermContext _states;
        private readonly TermStates _lookups;
        private readonly Similarity _similarity;
        private readonly Similarity.SimWeight _stats;

        public StatedWeight(StatedTermQuery query, IndexSearcher searcher, TermContext states, TermStates lookups)
        {
            _query = query;
            _states = states;
            _lookups = lookups;
            _similarity = searcher.Similarity;
            _stats = _similarity.ComputeWeight(query.Boost, searcher.CollectionStatistics(query.Term.Field), searcher.TermStatistics(query.Term, states));
        }

        public override Query Query => _query;

        public override float GetValueForNormalization() => _stats.GetValueForNormalization();

        public override void Normalize(float norm, float topLevelBoost) => _stats.Normalize(norm, topLevelBoost);

        public override Scorer? GetScorer(AtomicReaderContext context, IBits? acceptDocs)
        {
            if (_states.Get(context.Ord) is not { } state || _lookups.Enumerator(context.Ord, _query.Term.Field) is not { } terms)
            {
                return null;
            }

            // The postings enumerator copies what it needs of the term's state: the terms enumerator may move on.
            terms.SeekExact(_query.Term.Bytes, state);
            return new StatedScorer(this, _lookups.Docs(context.Ord, _query.Term.Field, terms, acceptDocs), _similarity.GetSimScorer(_stats, context));
        }

        public override Explanation Explain(AtomicReaderContext context, int doc)
        {
            var scorer = GetScorer(context, context.AtomicReader.LiveDocs);
            if (scorer is null || scorer.Advance(doc) != doc)
            {
                return new ComplexExplanation(false, 0f, "no matching term");
            }

            var score = _similarity.GetSimScorer(_stats, context).Explain(doc, new Explanation(scorer.Freq, "termFreq=" + scorer.Freq));
            var result = new ComplexExplanation(true, score.Value, $"weight({_query} in {doc}) [{_similarity.GetType().Name}], result of:");
            result.AddDetail(score);
            return result;
        }
    }

    private sealed class StatedScorer(Weight weight, DocsEnum docs, Similarity.SimScorer scorer) : Scorer(weight)
    {
        public override int DocID => docs.DocID;

        public override int Freq => docs.Freq;

        public override int NextDoc() => docs.NextDoc();

        public override int Advance(int target) => docs.Advance(target);

        public override float GetScore() => scorer.Score(docs.DocID, docs.Freq);

        public override long GetCost() => docs.GetCost();
    }
}
