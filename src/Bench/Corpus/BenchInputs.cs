using System.Text.Json;
using Search.Indexer.Analysis;
using Search.Indexer.Classification;

namespace Search.Bench.Corpus;

/// <summary>What every benchmark run starts from: the repository's sample bank, analysis files and source names, and the corpus generator on them.</summary>
internal sealed record BenchInputs(string Root, string TaxonomyJson, IReadOnlyList<SampleDocument> Samples, AnalysisResources Analysis, CorpusGenerator Corpus)
{
    /// <summary>Reads the inputs from the repository above the current directory.</summary>
    public static BenchInputs Load(int seed)
    {
        var root = RepositoryRoot();
        var taxonomyJson = File.ReadAllText(Path.Combine(root, "config", "taxonomy.json"));
        var samples = SampleBank.Load(Path.Combine(root, "samples"), Taxonomy.Parse(taxonomyJson));
        var analysis = AnalysisResources.Load(Path.Combine(root, "config", "analysis"));
        var corpus = new CorpusGenerator(samples, LoadSources(Path.Combine(root, "config", "sources")), seed);
        return new BenchInputs(root, taxonomyJson, samples, analysis, corpus);
    }

    /// <summary>The fixed query set, built from the samples without stopwords.</summary>
    public IReadOnlyList<string> Queries(int count, int seed)
    {
        var stopwords = File.ReadLines(Path.Combine(Root, "config", "analysis", "nl-stopwords.txt"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        return QuerySet.Build(Samples, TaxonomyJson, stopwords, count, seed);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Search.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Search.sln not found above the current directory; run from the repository.");
    }

    private static Dictionary<string, CorpusSource> LoadSources(string folder)
    {
        var sources = new Dictionary<string, CorpusSource>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var id = json.RootElement.GetProperty("id").GetString()!;
            var name = json.RootElement.TryGetProperty("name", out var n) ? n.GetString() ?? id : id;
            var members = json.RootElement.TryGetProperty("visibility", out var v) && v.GetString() == "members";
            sources[id] = new CorpusSource(id, name, members);
        }

        return sources;
    }
}
