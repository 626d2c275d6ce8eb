using Lucene.Net.Search;

namespace Search.SearchApi.Search;

/// <summary>The late proximity boost of <see cref="FamilyCollector"/>: ranking when <see cref="Boost"/> is set.</summary>
public sealed partial class FamilyCollector
{
    /// <summary>A match remembered for a late boost: its member, its query score, the boost's title half, its signals and family (-1: a lone document).</summary>
    private readonly record struct Hit(Member Member, float Raw, float Title, float Factor, int Family);

    /// <summary>A lone document's upper bound, as <see cref="Collect"/> computed it.</summary>
    private float Upper(in Hit hit) => (hit.Raw + LateBoost.Sum(hit.Title, Boost!.Bound)) * hit.Factor;

    private void Remember(Hit hit)
    {
        if (_hitCount == _hits.Length)
        {
            _hits = ReusableArrays<Hit>.Grow(_hits, _hitCount);
        }

        _hits[_hitCount++] = hit;
    }

    /// <summary>
    /// Scores the boost for every member of each family that could reach the first numHits: its upper bound is at least the
    /// lower bound of the numHits-th family. The others rank below at least numHits families whatever their boost.
    /// </summary>
    private ScoreDoc[] RankWithBoost()
    {
        var listed = _count + _aloneCount;
        var take = Math.Min(numHits, listed);
        if (take <= 0)
        {
            return [];
        }

        // The page's last family scores at least the take-th best lower bound of the families listed and the lone
        // documents kept (a lone document not kept is below all of those).
        var families = WithAlone();
        var lowest = new PriorityQueue<float, float>(take);
        for (var i = 0; i < listed; i++)
        {
            if (lowest.Count < take)
            {
                lowest.Enqueue(families[i].Score, families[i].Score);
            }
            else if (families[i].Score > lowest.Peek())
            {
                lowest.DequeueEnqueue(families[i].Score, families[i].Score);
            }
        }

        var threshold = lowest.Peek();
        var candidates = new List<Hit>();
        for (var i = 0; i < _hitCount; i++)
        {
            var hit = _hits[i];
            if ((hit.Family >= 0 ? families[hit.Family].Upper : Upper(hit)) >= threshold)
            {
                candidates.Add(hit);
            }
        }

        candidates.Sort((a, b) => a.Member.Doc.CompareTo(b.Member.Doc));
        var docs = candidates.Select(h => h.Member.Doc).ToArray();
        var bodies = new float[docs.Length];
        Boost!.ScoreBody(docs, bodies);

        // The candidate families again, from their members' exact scores.
        var rescored = new Family[candidates.Count];
        var index = new Dictionary<int, int>();
        var count = 0;
        _maxScore = float.NaN;
        for (var i = 0; i < candidates.Count; i++)
        {
            var hit = candidates[i];
            var score = (hit.Raw + LateBoost.Sum(hit.Title, bodies[i])) * hit.Factor;
            var member = hit.Member with { Score = score };
            if (_maxScore.CompareTo(score) < 0)
            {
                _maxScore = score;
            }

            if (hit.Family < 0)
            {
                rescored[count++] = new Family(-1, member, score);
            }
            else if (index.TryGetValue(hit.Family, out var at))
            {
                rescored[at].Join(member, score);
            }
            else
            {
                index[hit.Family] = count;
                rescored[count++] = new Family(families[hit.Family].Ord, member, score);
            }
        }

        return Rank(rescored, count);
    }
}
