using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Search.Indexer.Harvesting;
using Search.Indexer.Sources;
using Search.SearchApi.Search;

namespace Search.SearchApi.Tests.Observability;

/// <summary>One search slot and no queue, so a held slot makes the next search a 429.</summary>
public sealed class MetricsFactory : SearchApiFactory
{
    protected override IEnumerable<(string Key, string Value)> Settings =>
        [("Search:Query:MaxConcurrent", "1"), ("Search:Query:QueueLength", "0")];
}

public sealed class MetricsEndpointTests(MetricsFactory factory) : IClassFixture<MetricsFactory>
{
    private const string Duration = "search_request_duration_seconds";

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Should_count_each_timed_request_by_endpoint_kind_and_outcome()
    {
        var similarTo = Fixtures.IdOf("oost", Fixtures.OostBase, "convenant-hennep.html");
        var before = await PrometheusScrape.GetAsync(_client);

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await _client.GetObjectAsync("/api/v1/search?q=hennep")).Total() > 0);
        }

        Assert.Equal(0, (await _client.GetObjectAsync("/api/v1/search?q=qqzxonvindbaar")).Total());
        await _client.GetObjectAsync("/api/v1/suggest?q=henn");
        await _client.GetObjectAsync($"/api/v1/documents/{similarTo}/similar");
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/v1/search?q=hennep&pageSize=1000")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/search.atom?q=hennep")).StatusCode);
        // Not timed: documents and sources share the admission group but are not searches.
        await _client.GetObjectAsync($"/api/v1/documents/{similarTo}");
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/v1/sources")).StatusCode);
        var after = await PrometheusScrape.GetAsync(_client);

        double Delta(string endpoint, string outcome) =>
            after.Sum(Duration + "_count", ("endpoint", endpoint), ("outcome", outcome)) - before.Sum(Duration + "_count", ("endpoint", endpoint), ("outcome", outcome));
        Assert.Equal(3, Delta("search", "ok"));
        Assert.Equal(1, Delta("search", "empty"));
        Assert.Equal(1, Delta("search", "invalid"));
        Assert.Equal(1, Delta("suggest", "ok"));
        Assert.Equal(1, Delta("similar", "ok"));
        Assert.Equal(1, Delta("feed", "ok"));
        Assert.Equal(8, after.Sum(Duration + "_count") - before.Sum(Duration + "_count"));
        Assert.Equal(after.Sum(Duration + "_count"), after.Sum(Duration + "_bucket", ("le", "+Inf")));
        Assert.True(after.Sum(Duration + "_sum") > before.Sum(Duration + "_sum"));
        Assert.Equal(1, after.Sum("http_server_request_duration_seconds_count", ("http_route", "/api/v1/documents/{id}"))
            - before.Sum("http_server_request_duration_seconds_count", ("http_route", "/api/v1/documents/{id}")));
    }

    [Fact]
    public async Task Should_show_a_held_slot_and_count_the_refused_search()
    {
        var admission = factory.Services.GetRequiredService<SearchAdmission>();
        var before = await PrometheusScrape.GetAsync(_client);

        PrometheusScrape during;
        using (await admission.EnterAsync(CancellationToken.None))
        {
            using var busy = await _client.GetAsync("/api/v1/search?q=hennep");
            Assert.Equal(HttpStatusCode.TooManyRequests, busy.StatusCode);
            during = await PrometheusScrape.GetAsync(_client);
        }

        var after = await PrometheusScrape.GetAsync(_client);

        Assert.Equal(1, during.Sum("search_admission_executing"));
        Assert.Equal(0, during.Sum("search_admission_queue_length"));
        Assert.Equal(0, after.Sum("search_admission_executing"));
        Assert.Equal(1, after.Sum("search_admission_rejected_total") - before.Sum("search_admission_rejected_total"));
        Assert.Equal(1, after.Sum(Duration + "_count", ("endpoint", "search"), ("outcome", "rejected"))
            - before.Sum(Duration + "_count", ("endpoint", "search"), ("outcome", "rejected")));
    }

    [Fact]
    public async Task Should_count_harvest_runs_and_documents_per_source_and_report_the_index()
    {
        var store = factory.Services.GetRequiredService<HarvestStore>();
        var catalog = factory.Services.GetRequiredService<SourceCatalog>();
        var first = catalog.Sources.ToDictionary(s => s.Id, s => store.Last(s.Id)!);
        var start = await PrometheusScrape.GetAsync(_client);

        foreach (var (source, run) in first)
        {
            Assert.Equal(1, start.Sum("harvest_runs_total", ("source", source), ("status", "succeeded")));
            Assert.Equal(1, start.Sum("harvest_run_duration_seconds_count", ("source", source)));
            Assert.True(run.Counts.New > 0);
            Assert.Equal(run.Counts.New, start.Sum("harvest_documents_total", ("source", source), ("outcome", "new")));
            Assert.Equal(0, start.Sum("harvest_documents_total", ("source", source), ("outcome", "failed")));
        }

        var indexed = first.Values.Sum(r => r.Counts.New);
        Assert.Equal(indexed, start.Sum("index_documents"));
        Assert.InRange(start.Sum("index_size_bytes"), 1_000, 100_000_000);

        var again = await factory.Services.GetRequiredService<HarvestRunner>().RunAsync(catalog.Find("oost")!, CancellationToken.None);
        var end = await PrometheusScrape.GetAsync(_client);

        Assert.Equal(HarvestStatus.Succeeded, again!.Status);
        Assert.Equal(2, end.Sum("harvest_runs_total", ("source", "oost"), ("status", "succeeded")));
        Assert.Equal(2, end.Sum("harvest_run_duration_seconds_count", ("source", "oost")));
        Assert.Equal(first["oost"].Counts.New, end.Sum("harvest_documents_total", ("source", "oost"), ("outcome", "unchanged")));
        Assert.Equal(1, end.Sum("harvest_runs_total", ("source", "west")));
        Assert.Equal(indexed, end.Sum("index_documents"));
    }

    [Fact]
    public async Task Should_never_expose_query_texts_or_document_ids()
    {
        var hidden = Fixtures.IdOf("leden", Fixtures.LedenBase, "draaiboek-geheim.html");
        await _client.GetAsync("/api/v1/search?q=" + Uri.EscapeDataString($"woonoverlast qqzxgeheim {Fixtures.MembersToken}"));
        await _client.GetAsync("/api/v1/suggest?q=qqzxsugg");
        await _client.GetAsync("/api/v1/search?q=qqzxfout&pageSize=1000");
        await _client.GetAsync($"/api/v1/documents/{hidden}");
        await _client.GetAsync($"/api/v1/documents/{hidden}/similar");

        var scrape = await PrometheusScrape.GetAsync(_client);

        Assert.True(scrape.Has(Duration + "_count"));
        foreach (var secret in new[] { "qqzx", "woonoverlast", Fixtures.MembersToken, hidden, "draaiboek", "q=" })
        {
            Assert.DoesNotContain(secret, scrape.Text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Should_count_only_this_hosts_measurements_when_another_host_shares_the_process()
    {
        var before = await PrometheusScrape.GetAsync(_client);
        await using (var other = new SearchApiFactory())
        {
            await other.InitializeAsync();
            using var client = other.CreateClient();
            for (var i = 0; i < 3; i++)
            {
                await client.GetObjectAsync("/api/v1/search?q=hennep");
            }

            Assert.Equal(3, (await PrometheusScrape.GetAsync(client)).Sum(Duration + "_count"));
        }

        var after = await PrometheusScrape.GetAsync(_client);

        Assert.Equal(before.Sum(Duration + "_count"), after.Sum(Duration + "_count"));
        Assert.Equal(before.Sum("harvest_runs_total"), after.Sum("harvest_runs_total"));
    }

    [Fact]
    public async Task Should_describe_every_instrument_with_its_prometheus_type()
    {
        await _client.GetObjectAsync("/api/v1/search?q=hennep");
        var scrape = await PrometheusScrape.GetAsync(_client);

        foreach (var line in new[]
        {
            "# TYPE search_request_duration_seconds histogram",
            "# TYPE search_admission_queue_length gauge",
            "# TYPE search_admission_executing gauge",
            "# TYPE search_admission_rejected_total counter",
            "# TYPE harvest_runs_total counter",
            "# TYPE harvest_run_duration_seconds histogram",
            "# TYPE harvest_documents_total counter",
            "# TYPE index_documents gauge",
            "# TYPE index_size_bytes gauge",
        })
        {
            Assert.Contains(line + "\n", scrape.Text);
        }
    }
}
