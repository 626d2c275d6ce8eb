using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Search.Indexer.Harvesting;
using Search.Indexer.Writing;
using Xunit.Abstractions;

namespace Search.SearchApi.Tests.Load;

/// <summary>
/// Row 36 of docs/reliability.md: searches over real HTTP while a harvest commits every few documents and Lucene
/// merges segments. Runs as long as the harvest does (bounded by work, not by a timer). Latency is not asserted here;
/// <c>src/Bench --scenario harvest-load</c> measures it.
/// </summary>
public sealed class SearchDuringHarvestTests(HarvestLoadFactory factory, ITestOutputHelper output) : IClassFixture<HarvestLoadFactory>
{
    private const int Clients = 24;

    private static readonly string[] Queries =
    [
        "ondermijning", "convenant hennepteelt", "woonoverlast waarschuwing", "burgemeester", "drugspanden sluiting",
        "vastgoedfraude", "politie", "handreiking", "inbraak", "jeugdoverlast", "\"last onder dwangsom\"", "hennep*",
    ];

    [Fact]
    public async Task Should_answer_every_search_without_5xx_during_a_harvest_and_find_each_committed_document_at_once()
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseProxy = false, UseCookies = false };
        using var http = new HttpClient(handler) { BaseAddress = factory.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var stats = new LoadStats();
        using var stop = new CancellationTokenSource();
        var store = factory.Services.GetRequiredService<HarvestStore>();
        var runner = factory.Services.GetRequiredService<HarvestRunner>();

        var load = Enumerable.Range(0, Clients).Select(c => Task.Run(() => SearchLoopAsync(http, c, stats, stop.Token))).ToList();
        var freshness = Task.Run(() => FreshnessLoopAsync(http, store, stats, stop.Token));
        using (var admin = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/sources"))
        {
            admin.Headers.Add("X-Api-Key", HarvestLoadFactory.Key);
            admin.Content = new StringContent($$"""
                { "id": "groot", "name": "Groot", "kind": "sitemap", "url": "{{factory.Site.Url("/sitemap.xml")}}", "schedule": "0 0 3 1 1 ?" }
                """, Encoding.UTF8, "application/json");
            using var created = await http.SendAsync(admin);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // Until the harvest has finished: the load lasts exactly as long as the work.
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        {
            while (store.Last("groot") is not { Status: not HarvestStatus.Running } || runner.IsRunning("groot"))
            {
                await Task.Delay(50, deadline.Token);
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(load);
        await freshness;
        var run = store.Last("groot")!;
        int segments;
        using (var lease = factory.Services.GetRequiredService<LuceneIndex>().AcquireSearcher())
        {
            segments = lease.Searcher.IndexReader.Leaves.Count;
        }

        output.WriteLine($"{stats} during a harvest of {run.Counts.New} new documents in {(run.FinishedAt - run.StartedAt)?.TotalSeconds:0.0} s; " +
                         $"{segments} segments after {HarvestLoadFactory.Pages / HarvestLoadFactory.CommitBatchSize} harvest commits");

        Assert.Equal(HarvestStatus.Succeeded, run.Status);
        Assert.Equal(HarvestLoadFactory.Pages, run.Counts.New);
        Assert.True(segments < HarvestLoadFactory.Pages / HarvestLoadFactory.CommitBatchSize, $"{segments} segments: no merge ran during the harvest");
        Assert.Empty(stats.ServerErrors);
        Assert.Empty(stats.TransportErrors);
        Assert.Empty(stats.OtherStatuses);
        Assert.Empty(stats.BusyWithoutRetryAfter);
        Assert.True(stats.Ok > Clients, $"only {stats.Ok} searches answered 200");
        Assert.True(stats.Busy > 0, "the admission limits were never reached, so overload (429) was not exercised");
        Assert.Empty(stats.NotSearchableAfterCommit);
        Assert.True(stats.FreshnessChecked > 0, "no committed document was checked while the harvest ran");
        var failures = factory.Entries.Where(e => e.Level >= LogLevel.Error || e.Exception is { } ex
            && (ex.Contains("ObjectDisposedException", StringComparison.Ordinal) || ex.Contains("AlreadyClosedException", StringComparison.Ordinal))).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));

        // Every page is findable by its own word once the harvest is done.
        for (var i = 0; i < HarvestLoadFactory.Pages; i++)
        {
            Assert.Equal(1, await TotalAsync(http, HarvestLoadFactory.Token(i), CancellationToken.None));
        }
    }

    /// <summary>A closed-loop client: the next search as soon as the previous answer is in; after a 429 a short pause.</summary>
    private static async Task SearchLoopAsync(HttpClient http, int client, LoadStats stats, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var n = (client * 7) + i;
            var url = (n % 5) switch
            {
                0 => $"/api/v1/search?q={Uri.EscapeDataString(HarvestLoadFactory.Token(n % HarvestLoadFactory.Pages))}",
                1 => $"/api/v1/search?q={Uri.EscapeDataString(Queries[n % Queries.Length])}&sort=date&page=2",
                2 => $"/api/v1/suggest?q={Uri.EscapeDataString(Queries[n % Queries.Length][..4])}",
                3 => $"/api/v1/search?q={Uri.EscapeDataString(Queries[n % Queries.Length])}&source=groot",
                _ => $"/api/v1/search?q={Uri.EscapeDataString(Queries[n % Queries.Length])}",
            };
            try
            {
                using var response = await http.GetAsync(url, CancellationToken.None);
                await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                if (stats.Record(url, response))
                {
                    // Retry-After says 1 s; a tenth keeps the service overloaded without a storm of refusals.
                    await Task.Delay(100, CancellationToken.None);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                stats.TransportErrors.Enqueue($"{url}: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    /// <summary>
    /// The harvest records a document's state only after the commit that holds it (and that commit refreshes the
    /// searcher), so every state recorded must already be findable over HTTP.
    /// </summary>
    private static async Task FreshnessLoopAsync(HttpClient http, HarvestStore store, LoadStats stats, CancellationToken stop)
    {
        var checkedPages = new HashSet<int>();
        while (!stop.IsCancellationRequested)
        {
            var committed = store.Documents("groot").Select(s => HarvestLoadFactory.PageOf(s.Url)).OfType<int>().Where(p => !checkedPages.Contains(p)).ToList();
            foreach (var page in committed.TakeLast(3))
            {
                var total = await TotalAsync(http, HarvestLoadFactory.Token(page), CancellationToken.None);
                if (total != 1)
                {
                    stats.NotSearchableAfterCommit.Enqueue($"page {page}: {total} hits");
                }

                stats.CountFreshnessCheck();
            }

            checkedPages.UnionWith(committed);
            if (committed.Count == 0)
            {
                await Task.Delay(20, CancellationToken.None);
            }
        }
    }

    /// <summary>The total hits of a search, retried while the service answers 429.</summary>
    private static async Task<int> TotalAsync(HttpClient http, string query, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var response = await http.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(query)}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 200)
            {
                await Task.Delay(10, cancellationToken);
                continue;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"search '{query}' answered {(int)response.StatusCode}: {body}");
            return JsonNode.Parse(body)!["total"]!.GetValue<int>();
        }
    }

    private sealed class LoadStats
    {
        private int _ok;
        private int _busy;
        private int _freshness;

        public int Ok => Volatile.Read(ref _ok);

        public int Busy => Volatile.Read(ref _busy);

        public int FreshnessChecked => Volatile.Read(ref _freshness);

        public ConcurrentQueue<string> ServerErrors { get; } = new();

        public ConcurrentQueue<string> TransportErrors { get; } = new();

        public ConcurrentQueue<string> OtherStatuses { get; } = new();

        public ConcurrentQueue<string> BusyWithoutRetryAfter { get; } = new();

        public ConcurrentQueue<string> NotSearchableAfterCommit { get; } = new();

        public void CountFreshnessCheck() => Interlocked.Increment(ref _freshness);

        /// <summary>Records one answer; true when it was a 429.</summary>
        public bool Record(string url, HttpResponseMessage response)
        {
            var status = (int)response.StatusCode;
            switch (status)
            {
                case 200:
                    Interlocked.Increment(ref _ok);
                    return false;
                case 429:
                    Interlocked.Increment(ref _busy);
                    if (response.Headers.RetryAfter is null || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    {
                        BusyWithoutRetryAfter.Enqueue(url);
                    }

                    return true;
                case >= 500:
                    ServerErrors.Enqueue($"{status} {url}");
                    return false;
                default:
                    OtherStatuses.Enqueue($"{status} {url}");
                    return false;
            }
        }

        public override string ToString() =>
            $"{Ok} searches answered 200, {Busy} answered 429, {ServerErrors.Count} 5xx, {TransportErrors.Count} transport errors, " +
            $"{FreshnessChecked} committed documents checked at once";
    }
}
