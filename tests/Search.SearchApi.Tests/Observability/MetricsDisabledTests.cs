using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Search.Indexer.Harvesting;

namespace Search.SearchApi.Tests.Observability;

public sealed class MetricsDisabledFactory : SearchApiFactory
{
    protected override IEnumerable<(string Key, string Value)> Settings => [("Search:Metrics:Enabled", "false")];
}

public sealed class MetricsDisabledTests(MetricsDisabledFactory factory) : IClassFixture<MetricsDisabledFactory>
{
    [Fact]
    public async Task Should_answer_404_for_metrics_and_collect_nothing_when_disabled()
    {
        using var client = factory.CreateClient();

        using var metrics = await client.GetAsync("/metrics");
        var search = await client.GetObjectAsync("/api/v1/search?q=hennep");

        Assert.Equal(HttpStatusCode.NotFound, metrics.StatusCode);
        Assert.Equal("application/problem+json", metrics.Content.Headers.ContentType?.MediaType);
        Assert.True(search.Total() > 0);
        Assert.Null(factory.Services.GetService<MeterProvider>());
        Assert.Empty(factory.Services.GetServices<IHarvestObserver>());
    }
}
