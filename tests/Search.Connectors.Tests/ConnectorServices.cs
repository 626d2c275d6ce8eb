using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Search.Connectors.Abstractions;
using Search.Connectors.FileShare;
using Search.Connectors.Http;
using Search.Connectors.Sitemap;

namespace Search.Connectors.Tests;

/// <summary>
/// The real connector stack as <see cref="ConnectorsServiceCollectionExtensions.AddConnectors"/> builds it, configured in memory:
/// loopback allowed, two retries with millisecond back-off, short timeouts.
/// </summary>
internal sealed class ConnectorServices : IDisposable
{
    private readonly ServiceProvider _provider;

    public ConnectorServices(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Search:Harvest:AllowPrivateNetworks"] = "true",
            ["Search:Harvest:MaxRetries"] = "2",
            ["Search:Harvest:RetryBaseDelay"] = "00:00:00.001",
            ["Search:Harvest:MaxRetryDelay"] = "00:00:00.010",
            ["Search:Harvest:AttemptTimeout"] = "00:00:05",
            ["Search:Harvest:TotalTimeout"] = "00:00:10",
            ["Search:Harvest:MinDelayPerHost"] = "00:00:00",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings["Search:Harvest:" + key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConnectors(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        _provider = services.BuildServiceProvider();
    }

    public IServiceProvider Provider => _provider;

    public HttpFetcher Fetcher => _provider.GetRequiredService<HttpFetcher>();

    public SitemapConnector Sitemap => _provider.GetServices<ISourceConnector>().OfType<SitemapConnector>().Single();

    public FolderConnector Folder => _provider.GetServices<ISourceConnector>().OfType<FolderConnector>().Single();

    public void Dispose() => _provider.Dispose();
}
