using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using Search.Indexer.Analysis;
using Search.Indexer.Classification;
using Search.Indexer.Harvesting;
using Search.Indexer.Sources;
using Search.Indexer.Writing;

namespace Search.Indexer;

/// <summary>Absolute paths derived from <see cref="SearchOptions"/> and the content root.</summary>
public sealed record ResolvedPaths(string DataDirectory, string SourcesDirectory, string TaxonomyFile, string AnalysisDirectory)
{
    /// <summary>The index root: the current generation (named by its <c>current</c> file, else the root itself) and the owner lock.</summary>
    public string IndexDirectory => Path.Combine(DataDirectory, "index");

    public string StateDirectory => Path.Combine(DataDirectory, "state");

    /// <summary>Sources added through the admin API.</summary>
    public string AdminSourcesDirectory => Path.Combine(DataDirectory, "sources");
}

public static class IndexerServiceCollectionExtensions
{
    /// <summary>
    /// Registers the index owner, sources, taxonomy, harvest runner and the Quartz schedule, and installs
    /// <see cref="IndexCodec"/> for this process (Lucene's 4.6 format with a faster reader of stored fields).
    /// </summary>
    public static IServiceCollection AddIndexer(this IServiceCollection services, IConfiguration configuration)
    {
        IndexCodec.Install();
        services.AddOptions<SearchOptions>()
            .Bind(configuration.GetSection(SearchOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<LuceneIndexOptions>()
            .Bind(configuration.GetSection(LuceneIndexOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<SearchOptions>>().Value;
            var root = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            return new ResolvedPaths(
                PathResolver.Resolve(o.DataDirectory, root, searchUpward: false),
                PathResolver.Resolve(o.SourcesDirectory, root, searchUpward: true),
                PathResolver.Resolve(o.TaxonomyFile, root, searchUpward: true),
                PathResolver.Resolve(o.AnalysisDirectory, root, searchUpward: true));
        });
        services.AddSingleton(sp =>
        {
            var paths = sp.GetRequiredService<ResolvedPaths>();
            var result = SourceFileLoader.LoadDirectory(paths.SourcesDirectory);
            return new SourceCatalog(result.Sources, result.Errors, paths.AdminSourcesDirectory);
        });
        services.AddSingleton(sp =>
        {
            var file = sp.GetRequiredService<ResolvedPaths>().TaxonomyFile;
            return File.Exists(file)
                ? Taxonomy.Parse(File.ReadAllText(file))
                : throw new InvalidOperationException($"Taxonomy file '{file}' not found; set Search:TaxonomyFile.");
        });
        services.AddSingleton(sp =>
        {
            var paths = sp.GetRequiredService<ResolvedPaths>();
            var analysis = Directory.Exists(paths.AnalysisDirectory) ? AnalysisResources.Load(paths.AnalysisDirectory) : AnalysisResources.Default;
            return LuceneIndex.OpenFileSystem(paths.IndexDirectory, sp.GetRequiredService<ILogger<LuceneIndex>>(), analysis,
                stockAnalyzer: sp.GetRequiredService<IOptions<SearchOptions>>().Value.Analyzer == "stock",
                options: sp.GetRequiredService<IOptions<LuceneIndexOptions>>().Value,
                time: sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(sp => new HarvestStore(sp.GetRequiredService<ResolvedPaths>().StateDirectory));
        services.AddSingleton<HarvestRunner>();

        // A unique name per host: Quartz keeps schedulers in a process-wide repository by name.
        services.AddQuartz(q => q.ConfigureScheduler(o => o.InstanceName = $"harvest-{Guid.NewGuid():N}"));
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddSingleton<SourceScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<SourceScheduler>());
        return services;
    }
}
