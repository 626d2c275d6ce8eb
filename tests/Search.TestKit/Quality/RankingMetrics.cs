namespace Search.TestKit.Quality;

/// <summary>Graded relevance metrics over one ranked list (pure).</summary>
public static class RankingMetrics
{
    /// <summary>nDCG@k with gain 2^grade − 1 and a log2(rank + 1) discount.</summary>
    public static double NdcgAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgments)
    {
        var dcg = Dcg(ranked.Take(k).Select(r => judgments.GetValueOrDefault(r)));
        var ideal = Dcg(judgments.Values.Where(g => g > 0).OrderDescending().Take(k));
        return ideal == 0 ? 0 : dcg / ideal;
    }

    /// <summary>1 / rank of the first relevant (grade ≥ 1) result within the first k, else 0.</summary>
    public static double ReciprocalRank(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgments)
    {
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
        {
            if (judgments.GetValueOrDefault(ranked[i]) > 0)
            {
                return 1.0 / (i + 1);
            }
        }

        return 0;
    }

    /// <summary>Share of the relevant documents found within the first k.</summary>
    public static double RecallAt(int k, IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> judgments)
    {
        var relevant = judgments.Count(j => j.Value > 0);
        return relevant == 0 ? 0 : (double)ranked.Take(k).Count(r => judgments.GetValueOrDefault(r) > 0) / relevant;
    }

    private static double Dcg(IEnumerable<int> grades) =>
        grades.Select((grade, i) => (Math.Pow(2, grade) - 1) / Math.Log2(i + 2)).Sum();
}
