using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Search.Indexer.Harvesting;

namespace Search.SearchApi.Observability;

public static class ObservabilityExtensions
{
    /// <summary>The <c>service.name</c> of the exported metrics (Prometheus <c>target_info</c>).</summary>
    public const string ServiceName = "kennisbank-zoeken";

    /// <summary>
    /// Trace ids in log scopes, defaults for JSON console logs, and (unless <c>Search:Metrics:Enabled</c> is false)
    /// OpenTelemetry metrics with a Prometheus exporter.
    /// </summary>
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Services.AddOptions<JsonConsoleFormatterOptions>().PostConfigure<IConfiguration>(StructuredLogDefaults.Apply);

        builder.Services.AddOptionsWithValidateOnStart<MetricsOptions, MetricsOptionsValidator>().BindConfiguration(MetricsOptions.SectionName);
        var options = builder.Configuration.GetSection(MetricsOptions.SectionName).Get<MetricsOptions>() ?? new MetricsOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        builder.Services.AddSingleton<SearchMetrics>();
        builder.Services.AddSingleton<IndexMetrics>();
        builder.Services.AddSingleton<HarvestMetrics>();
        builder.Services.AddSingleton<IHarvestObserver>(sp => sp.GetRequiredService<HarvestMetrics>());
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(Telemetry.MeterName)
                .AddMeter(Telemetry.PlatformMeters)
                // Observable instruments must exist before the first scrape.
                .AddInstrumentation(sp => sp.GetRequiredService<SearchMetrics>())
                .AddInstrumentation(sp => sp.GetRequiredService<IndexMetrics>())
                .AddPrometheusExporter(prometheus =>
                {
                    prometheus.ScrapeEndpointPath = options.Path;
                    // Scrapes are local or keyed: no need to cache, and every scrape is current.
                    prometheus.ScrapeResponseCacheDurationMilliseconds = 0;
                }));
        builder.Services.ConfigureOpenTelemetryMeterProvider((sp, metrics) => metrics.AddView(OwnInstrumentsOnly(sp.GetRequiredService<IMeterFactory>())));
        return builder;
    }

    /// <summary>
    /// OpenTelemetry listens to meters by name, process-wide: a second host in the same process (the API tests run several) would
    /// add its measurements to this host's. Meters made by another host's <see cref="IMeterFactory"/> are dropped;
    /// process-wide meters (no factory, like System.Runtime) are kept.
    /// </summary>
    internal static Func<Instrument, MetricStreamConfiguration?> OwnInstrumentsOnly(IMeterFactory own) =>
        instrument => instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, own) ? null : MetricStreamConfiguration.Drop;

    /// <summary>The Prometheus scrape endpoint behind <see cref="MetricsAccessMiddleware"/>, when metrics are enabled.</summary>
    public static WebApplication UseMetricsEndpoint(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (options.Enabled)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                meterProvider: null, predicate: null, path: options.Path, configureBranchedPipeline: branch => branch.UseMiddleware<MetricsAccessMiddleware>(), optionsName: null);
        }

        return app;
    }

    /// <summary>
    /// An empty-prefix group whose search, suggest and similar endpoints (mapped into it) are timed; its filter runs
    /// before the admission filter, so refused requests are counted too.
    /// </summary>
    public static IEndpointRouteBuilder MapTimedGroup(this WebApplication app)
    {
        var group = app.MapGroup(string.Empty);
        if (app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value.Enabled)
        {
            group.AddEndpointFilter<SearchMetricsFilter>();
        }

        return group;
    }
}
