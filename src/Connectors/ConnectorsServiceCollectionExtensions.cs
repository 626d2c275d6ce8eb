using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Search.Connectors.Abstractions;
using Search.Connectors.Auth;
using Search.Connectors.FileShare;
using Search.Connectors.Http;
using Search.Connectors.Sitemap;

namespace Search.Connectors;

public static class ConnectorsServiceCollectionExtensions
{
    /// <summary>Registers the shared fetcher, its resilience pipeline and every connector.</summary>
    public static IServiceCollection AddConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HarvestHttpOptions>()
            .Bind(configuration.GetSection(HarvestHttpOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.TotalTimeout > o.AttemptTimeout, "Search:Harvest:TotalTimeout must be longer than AttemptTimeout.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HostGate>();
        services.AddScoped<RobotsCache>();
        services.AddScoped<SourceSessions>();
        services.AddSingleton(new SourceCredentialStore(configuration));
        services.AddHttpClient<HttpFetcher>((sp, client) =>
            {
                var o = sp.GetRequiredService<IOptions<HarvestHttpOptions>>().Value;
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd(o.UserAgent);
                client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
                client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nl,en;q=0.5");
            })
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var o = sp.GetRequiredService<IOptions<HarvestHttpOptions>>().Value;
                return new SocketsHttpHandler
                {
                    // HttpFetcher follows redirects itself, re-checking scheme, robots.txt and credentials on every hop.
                    AllowAutoRedirect = false,
                    AutomaticDecompression = DecompressionMethods.All,
                    ConnectCallback = NetworkGuard.ConnectCallback(o.AllowPrivateNetworks, o.ParseAllowedPrivateEndpoints()),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    UseCookies = false,
                };
            })
            .AddResilienceHandler("harvest", (builder, context) =>
            {
                var o = context.ServiceProvider.GetRequiredService<IOptions<HarvestHttpOptions>>().Value;
                builder
                    .AddTimeout(o.TotalTimeout)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = Math.Max(1, o.MaxRetries),
                        ShouldHandle = o.MaxRetries == 0 ? _ => PredicateResult.False() : new HttpRetryStrategyOptions().ShouldHandle,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = o.RetryBaseDelay,
                        MaxDelay = o.MaxRetryDelay,
                        ShouldRetryAfterHeader = true,
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = o.CircuitBreakerFailureRatio,
                        MinimumThroughput = 10,
                        SamplingDuration = TimeSpan.FromSeconds(60),
                        BreakDuration = o.CircuitBreakDuration,
                    })
                    .AddTimeout(o.AttemptTimeout);
            })
            .SelectPipelineByAuthority();

        services.AddSingleton<ISourceConnector, FolderConnector>();
        services.AddTransient<ISourceConnector, SitemapConnector>();
        services.AddTransient<ISourceConnector, Feeds.FeedConnector>();
        services.AddTransient<ISourceConnector, JsonApi.WordPressConnector>();
        services.AddTransient<ISourceConnector, JsonApi.JsonApiConnector>();
        services.AddTransient<ISourceConnector, Html.CrawlConnector>();
        return services;
    }
}
