using System.Text.Json;
using System.Text.Json.Nodes;
using Search.TestKit.Quality;
using Xunit.Abstractions;

namespace Search.SearchApi.Tests.Quality;

/// <summary>The service over the built-in sample bank, exactly as <c>config/sources</c> defines it.</summary>
public sealed class SampleBankFactory : SearchApiFactory
{
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>Public base URL of each sample source → its folder relative to <c>samples/</c>.</summary>
    public static IReadOnlyDictionary<string, string> Folders { get; } = Directory
        .EnumerateFiles(Path.Combine(RepoRoot, "config", "sources"), "*.json")
        .Select(f => JsonNode.Parse(File.ReadAllText(f))!)
        .ToDictionary(s => s["baseUrl"]!.GetValue<string>(), s => Path.GetFileName(s["path"]!.GetValue<string>().TrimEnd('/')));

    protected override void WriteSources()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoRoot, "config", "sources"), "*.json"))
        {
            var source = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            source["path"] = Path.Combine(RepoRoot, "samples", Path.GetFileName(source["path"]!.GetValue<string>().TrimEnd('/')));
            File.WriteAllText(Path.Combine(SourcesDirectory, Path.GetFileName(file)), source.ToJsonString());
        }
    }

    /// <summary>The sample path (<c>veenland/documenten/x.html</c>) of a hit URL.</summary>
    public static string PathOf(string url)
    {
        foreach (var (baseUrl, folder) in Folders)
        {
            if (url.StartsWith(baseUrl, StringComparison.Ordinal))
            {
                return folder + "/" + Uri.UnescapeDataString(url[baseUrl.Length..]);
            }
        }

        return url;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Search.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Search.sln not found.");
    }
}

/// <summary>
/// Ranking regression on our own judged queries over the built-in sample bank (Quality/sample-bank-queries.tsv):
/// the averages must not fall below the floors, measured when the queries were written, minus a small margin.
/// </summary>
public sealed class SampleBankQualityTests(SampleBankFactory factory, ITestOutputHelper output) : IClassFixture<SampleBankFactory>
{
    public const double MinNdcg = 0.80;
    public const double MinMrr = 0.85;
    private const int K = 10;

    [Fact]
    public async Task Should_keep_ranking_quality_on_the_sample_bank_judged_queries()
    {
        var queries = JudgedQuery.ParseTsv(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Quality", "sample-bank-queries.tsv")));
        using var client = factory.CreateClient();
        var ndcg = new List<double>();
        var mrr = new List<double>();
        foreach (var query in queries)
        {
            var result = await client.GetObjectAsync($"/api/v1/search?pageSize={K}&q={Uri.EscapeDataString(query.Query)}");
            var ranked = result.Hits().Select(h => SampleBankFactory.PathOf(h.Str("url"))).ToList();
            ndcg.Add(RankingMetrics.NdcgAt(K, ranked, query.Judgments));
            mrr.Add(RankingMetrics.ReciprocalRank(K, ranked, query.Judgments));
            output.WriteLine($"{query.Id} {ndcg[^1]:0.000} {mrr[^1]:0.00}  {query.Query} → {ranked.FirstOrDefault() ?? "-"}");
        }

        output.WriteLine($"n={queries.Count} nDCG@10 {ndcg.Average():0.000} MRR@10 {mrr.Average():0.000}");
        Assert.Equal(30, queries.Count);
        Assert.True(ndcg.Average() >= MinNdcg, $"nDCG@10 {ndcg.Average():0.000} fell below {MinNdcg}");
        Assert.True(mrr.Average() >= MinMrr, $"MRR@10 {mrr.Average():0.000} fell below {MinMrr}");
    }
}
