using System.Text;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace Search.SearchApi.Search;

/// <summary>
/// Matches what any of its few queries matches and scores the sum of their scores, as a <see cref="BooleanQuery"/> of
/// SHOULD clauses does under a similarity without coordination factor, but steps through its sub-scorers in a plain
/// array instead of Lucene's heap. Our queries nest such disjunctions under conjunctions (each word: title, description
/// and body, each with its compound-parts alternative), where the conjunction advances them for every candidate: the
/// heap's sifting and its array stores were about a quarter of the time of a broad multi-word search.
/// </summary>
/// <remarks>
/// Scores equal the boolean query's to the last bit: both add the sub-scores in double precision (exact for a few BM25
/// scores) and round once. <see cref="Flatten"/> only rewrites disjunctions below the top level: a top-level
/// disjunction keeps Lucene's bulk scorer.
/// </remarks>
public sealed class SumDisjunctionQuery : Query
{
    /// <summary>More clauses than this stay a <see cref="BooleanQuery"/>: the array is scanned once per step.</summary>
    public const int MaxClauses = 16;

    private readonly Query[] _clauses;

    public SumDisjunctionQuery(IEnumerable<Query> clauses)
    {
        _clauses = clauses.ToArray();
        if (_clauses.Length < 2)
        {
            throw new ArgumentException("A disjunction needs at least two queries.", nameof(clauses));
        }
    }

    public IReadOnlyList<Query> Clauses => _clauses;

    /// <summary>
    /// The query with each nested disjunction (a boolean query of 2 to <see cref="MaxClauses"/> SHOULD clauses, no minimum
    /// to match) replaced, when the similarity has no coordination factor; the top level is kept. The query given is not changed.
    /// </summary>
    public static Query Flatten(Query query, Similarity similarity) =>
        similarity is PerFieldSimilarityWrapper or BM25Similarity ? Flatten(query, top: true) : query;

    private static Query Flatten(Query query, bool top)
    {
        if (query is not BooleanQuery boolean)
        {
            return query;
        }

        var clauses = boolean.Clauses.Select(c => (Query: Flatten(c.Query, top: false), c.Occur)).ToList();
        if (!top && boolean.MinimumNumberShouldMatch == 0 && clauses.Count is >= 2 and <= MaxClauses && clauses.All(c => c.Occur == Occur.SHOULD))
        {
            return new SumDisjunctionQuery(clauses.Select(c => c.Query)) { Boost = boolean.Boost };
        }

        var copy = new BooleanQuery(boolean.CoordDisabled) { Boost = boolean.Boost, MinimumNumberShouldMatch = boolean.MinimumNumberShouldMatch };
        foreach (var (clause, occur) in clauses)
        {
            copy.Add(clause, occur);
        }

        return copy;
    }

    public override Weight CreateWeight(IndexSearcher searcher) => new SumWeight(this, searcher);

    public override Query Rewrite(IndexReader reader)
    {
        var rewritten = _clauses.Select(c => c.Rewrite(reader)).ToArray();
        return rewritten.SequenceEqual(_clauses, ReferenceEqualityComparer.Instance)
            ? this
            : new SumDisjunctionQuery(rewritten) { Boost = Boost };
    }

    public override void ExtractTerms(ISet<Term> terms)
    {
        foreach (var clause in _clauses)
        {
            clause.ExtractTerms(terms);
        }
    }

    public override string ToString(string field)
    {
        var text = new StringBuilder("(");
        text.AppendJoin(" ", _clauses.Select(c => c.ToString(field)));
        text.Append(')');
        if (Boost != 1f)
        {
            text.Append('^').Append(Boost.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public override bool Equals(object? obj) =>
        obj is SumDisjunctionQuery other && Boost == other.Boost && _clauses.SequenceEqual(other._clauses);

    public override int GetHashCode() => _clauses.Aggregate(Boost.GetHashCode(), (hash, clause) => HashCode.Combine(hash, clause));

    private sealed class SumWeight : Weight
    {
        private readonly SumDisjunctionQuery _query;
        private readonly Weight[] _weights;

        public SumWeight(SumDisjunctionQuery query, IndexSearcher searcher)
        {
            _query = query;
            _weights = query._clauses.Select(c => c.CreateWeight(searcher)).ToArray();
        }

        public override Query Query => _query;

        public override float GetValueForNormalization()
        {
            // As a boolean query's weight: the clauses' sum, times the boost squared.
            var sum = 0f;
            foreach (var weight in _weights)
            {
                sum += weight.GetValueForNormalization();
            }

            return sum * _query.Boost * _query.Boost;
        }

        public override void Normalize(float norm, float topLevelBoost)
        {
            topLevelBoost *= _query.Boost;
            foreach (var weight in _weights)
            {
                weight.Normalize(norm, topLevelBoost);
            }
        }

        public override Scorer? GetScorer(AtomicReaderContext context, IBits? acceptDocs)
        {
            var scorers = new List<Scorer>(_weights.Length);
            foreach (var weight in _weights)
            {
                if (weight.GetScorer(context, acceptDocs) is { } scorer)
                {
                    scorers.Add(scorer);
                }
            }

            return scorers.Count switch
            {
                0 => null,
                1 => scorers[0], // a boolean query with one matching clause scores it unchanged
                _ => new SumScorer(this, scorers),
            };
        }

        public override Explanation Explain(AtomicReaderContext context, int doc)
        {
            var explanation = new ComplexExplanation { Description = "sum of:" };
            var sum = 0.0;
            foreach (var weight in _weights)
            {
                var part = weight.Explain(context, doc);
                if (part.IsMatch)
                {
                    explanation.AddDetail(part);
                    sum += part.Value;
                }
            }

            explanation.Match = explanation.GetDetails()?.Length > 0;
            explanation.Value = explanation.Match == true ? (float)sum : 0f;
            return explanation;
        }
    }

    /// <summary>The sub-scorers in an array of structs (no covariant array stores), scanned linearly.</summary>
    private sealed class SumScorer : Scorer
    {
        private readonly Sub[] _subs;
        private readonly long _cost;
        private int _doc = -1;

        public SumScorer(Weight weight, List<Scorer> scorers)
            : base(weight)
        {
            _subs = scorers.Select(s => new Sub { Scorer = s, Doc = -1 }).ToArray();
            _cost = scorers.Sum(s => s.GetCost());
        }

        public override int DocID => _doc;

        public override int Freq
        {
            get
            {
                var freq = 0;
                foreach (ref readonly var sub in _subs.AsSpan())
                {
                    freq += sub.Doc == _doc ? 1 : 0;
                }

                return freq;
            }
        }

        public override int NextDoc()
        {
            var current = _doc;
            var min = NO_MORE_DOCS;
            foreach (ref var sub in _subs.AsSpan())
            {
                if (sub.Doc == current)
                {
                    sub.Doc = sub.Scorer.NextDoc();
                }

                min = Math.Min(min, sub.Doc);
            }

            return _doc = min;
        }

        public override int Advance(int target)
        {
            var min = NO_MORE_DOCS;
            foreach (ref var sub in _subs.AsSpan())
            {
                if (sub.Doc < target)
                {
                    sub.Doc = sub.Scorer.Advance(target);
                }

                min = Math.Min(min, sub.Doc);
            }

            return _doc = min;
        }

        public override float GetScore()
        {
            var sum = 0.0;
            foreach (ref readonly var sub in _subs.AsSpan())
            {
                if (sub.Doc == _doc)
                {
                    sum += sub.Scorer.GetScore();
                }
            }

            return (float)sum;
        }

        public override long GetCost() => _cost;

        public override ICollection<ChildScorer> GetChildren() => _subs.Select(s => new ChildScorer(s.Scorer, "SHOULD")).ToList();

        private struct Sub
        {
            public Scorer Scorer;
            public int Doc;
        }
    }
}
