using Lucene.Net.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Connectors;
using Search.Connectors.Abstractions;
using Search.Indexer.Classification;
using Search.Indexer.Harvesting;
using Search.Indexer.Writing;
using Search.TestKit;

namespace Search.Indexer.Tests.Harvesting;

/// <summary>A real harvest stack: connectors with their HTTP pipeline, a RAM index, a state file in a temp folder.</summary>
internal sealed class HarvestHarness : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly TempDirectory _temp = new();

    public HarvestHarness(Action<IServiceCollection>? connectors = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Search:Harvest:AllowPrivateNetworks"] = "true",
            ["Search:Harvest:MaxRetries"] = "1",
            ["Search:Harvest:RetryBaseDelay"] = "00:00:00.010",
            ["Search:Harvest:MaxRetryDelay"] = "00:00:00.050",
            ["Search:Harvest:AttemptTimeout"] = "00:00:05",
            ["Search:Harvest:TotalTimeout"] = "00:00:20",
            ["Search:Harvest:MinDelayPerHost"] = "00:00:00",
            ["Search:CommitBatchSize"] = "50",
        }).Build();

        var services = new ServiceCollection();
        services.AddLogging();
        if (connectors is null)
        {
            services.AddConnectors(configuration);
        }
        else
        {
            connectors(services);
        }

        services.AddOptions<SearchOptions>().Bind(configuration.GetSection(SearchOptions.SectionName));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new LuceneIndex(new RAMDirectory(), NullLogger<LuceneIndex>.Instance));
        services.AddSingleton(_ => new HarvestStore(_temp.Path));
        services.AddSingleton(Taxonomy.Parse(File.ReadAllText(RepoFiles.PathOf("config", "taxonomy.json"))));
        services.AddSingleton<HarvestRunner>();
        _services = services.BuildServiceProvider();
    }

    public LuceneIndex Index => _services.GetRequiredService<LuceneIndex>();

    public HarvestRunner Runner => _services.GetRequiredService<HarvestRunner>();

    public HarvestStore State => _services.GetRequiredService<HarvestStore>();

    public static SourceDefinition Sitemap(LoopbackSite site, string id = "oost") => new()
    {
        Id = id,
        Name = "Netwerk " + id,
        Kind = SourceKind.Sitemap,
        Url = site.Url("/sitemap.xml"),
        Schedule = "0 0 3 * * ?",
    };

    public async Task<HarvestRun> RunAsync(SourceDefinition source, CancellationToken cancellationToken = default) =>
        await Runner.RunAsync(source, cancellationToken) ?? throw new InvalidOperationException("Run did not start.");

    public void Dispose()
    {
        _services.Dispose();
        _temp.Dispose();
    }
}
