using System.ComponentModel.DataAnnotations;

namespace Search.Indexer;

/// <summary>Where the service keeps its index, state and configuration. Bound from <c>Search</c>.</summary>
public sealed class SearchOptions
{
    public const string SectionName = "Search";

    /// <summary>Index and harvest state.</summary>
    /// <value>The default is <c>data</c> under the content root.</value>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>The folder of <c>*.json</c> source definitions.</summary>
    /// <value>The default is <c>config/sources</c>.</value>
    [Required]
    public string SourcesDirectory { get; set; } = "config/sources";

    /// <value>The default is <c>config/taxonomy.json</c>.</value>
    [Required]
    public string TaxonomyFile { get; set; } = "config/taxonomy.json";

    /// <summary>The Dutch analysis files (word list, compounds, concepts, synonyms, stopwords, stem overrides).</summary>
    /// <value>The default is <c>config/analysis</c>; missing files fall back to the built-in copies.</value>
    [Required]
    public string AnalysisDirectory { get; set; } = "config/analysis";

    /// <summary><c>dutch</c> (our chain) or <c>stock</c> (Lucene's DutchAnalyzer, only to compare search quality; needs a fresh index).</summary>
    [RegularExpression("^(dutch|stock)$")]
    public string Analyzer { get; set; } = "dutch";

    /// <summary>Documents written between commits during a harvest.</summary>
    /// <value>The default is 200.</value>
    [Range(1, 100_000)]
    public int CommitBatchSize { get; set; } = 200;
}

/// <summary>Resolves configured relative paths against the content root, looking upward for repository folders.</summary>
public static class PathResolver
{
    public static string Resolve(string path, string contentRoot, bool searchUpward)
    {
        if (Path.IsPathRooted(path))
        {
            return Path.GetFullPath(path);
        }

        var direct = Path.GetFullPath(Path.Combine(contentRoot, path));
        if (!searchUpward || Path.Exists(direct))
        {
            return direct;
        }

        for (var dir = Directory.GetParent(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, path);
            if (Path.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return direct;
    }
}
