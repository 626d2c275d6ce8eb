using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Search.Bench.Corpus;
using Search.TestKit;

namespace Search.Bench.Scenarios;

internal sealed record HarvestLoadOutcome(
    PhaseResult Idle, PhaseResult DuringHarvest, int RoundsStarted, int RoundsFinished, int DocumentsIndexed, int PagesFetched, int Pages, int CommitBatchSize)
{
    public double P95Ratio => DuringHarvest.Latency.P95 / Idle.Latency.P95;

    /// <summary>Commits the harvest made while timed (one per <see cref="CommitBatchSize"/> pages fetched, roughly).</summary>
    public int Commits => PagesFetched / CommitBatchSize;
}

/// <summary>
/// Search latency idle, then while the service harvests a loopback website round after round: every round changes
/// every page, so each one re-indexes all of them, committing every <c>--commit-batch</c> documents and merging.
/// </summary>
internal static class HarvestLoadScenario
{
    public const double TargetRatio = 1.5;
    public const string AdminKey = "bench-beheersleutel-0123456789";
    public const string SourceId = "bench";

    /// <summary>Settings the service needs for this scenario: an admin key, a loopback site without politeness delay, the commit batch.</summary>
    public static IReadOnlyList<string> ServiceArguments(ScenarioOptions options) =>
    [
        $"--Search:Admin:ApiKey={AdminKey}", "--Search:Admin:RequestsPerMinute=100000", "--Search:Harvest:AllowPrivateNetworks=true",
        "--Search:Harvest:MinDelayPerHost=00:00:00", $"--Search:CommitBatchSize={options.CommitBatchSize}",
    ];

    public static async Task<HarvestLoadOutcome> RunAsync(
        ScenarioOptions options, HttpClient http, int servicePid, IReadOnlyList<string> queries, CorpusGenerator corpus, CancellationToken cancellationToken)
    {
        await using var site = await LoopbackSite.StartAsync(cancellationToken);
        var pages = Enumerable.Range(0, options.Pages).Select(i => corpus.Generate(5_000_000 + i)).ToList();
        Publish(site, pages, round: 1);
        site.SetText("/sitemap.xml", LoopbackSite.Sitemap(pages.Select((_, i) => site.Url($"/pagina/{i}.html"))), "application/xml");

        var idle = await PhaseLoad.RunAsync("idle", http, servicePid, options.Clients, options.Duration, queries, cancellationToken);
        Console.WriteLine("  " + PhaseLoad.Describe(idle));

        using var admin = new HttpClient { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        admin.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        using var stop = new CancellationTokenSource();
        var rounds = new HarvestRounds();
        var driver = Task.Run(() => DriveAsync(admin, site, pages, rounds, stop.Token), CancellationToken.None);

        // Time only while the harvest is under way.
        while (site.Requests.Count < 20 && !driver.IsCompleted)
        {
            await Task.Delay(10, cancellationToken);
        }

        PhaseResult during;
        var fetchedBefore = PagesFetched(site);
        int fetched;
        try
        {
            during = await PhaseLoad.RunAsync("during harvest", http, servicePid, options.Clients, options.Duration, queries, cancellationToken);
            fetched = PagesFetched(site) - fetchedBefore;
        }
        finally
        {
            await stop.CancelAsync();
            await driver;
        }

        Console.WriteLine("  " + PhaseLoad.Describe(during));
        return new HarvestLoadOutcome(idle, during, rounds.Started, rounds.Finished, rounds.Documents, fetched, options.Pages, options.CommitBatchSize);
    }

    /// <summary>Adds the source (its first harvest starts at once), then starts the next round as soon as one finishes.</summary>
    private static async Task DriveAsync(HttpClient admin, LoopbackSite site, IReadOnlyList<Indexer.Schema.IndexDocument> pages, HarvestRounds rounds, CancellationToken stop)
    {
        try
        {
            using (var created = await admin.PostAsJsonAsync("api/v1/admin/sources", new
            {
                id = SourceId, name = "Bench", kind = "sitemap", url = site.Url("/sitemap.xml").AbsoluteUri, schedule = "0 0 3 1 1 ?",
            }, stop))
            {
                created.EnsureSuccessStatusCode();
            }

            rounds.Started = 1;
            while (!stop.IsCancellationRequested)
            {
                var finished = await WaitForIdleAsync(admin, stop);
                rounds.Finished = finished.Count;
                rounds.Documents = finished.Sum(r => r.Indexed);
                Publish(site, pages, rounds.Started + 1);
                using var started = await admin.PostAsync($"api/v1/admin/sources/{SourceId}/harvest", null, stop);
                if (started.StatusCode == HttpStatusCode.Accepted)
                {
                    rounds.Started++;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The timed phase is over.
        }
    }

    /// <summary>Polls the run list until no run is in progress; returns the finished runs with their indexed document counts.</summary>
    private static async Task<List<(string Status, int Indexed)>> WaitForIdleAsync(HttpClient admin, CancellationToken stop)
    {
        while (true)
        {
            var runs = JsonNode.Parse(await admin.GetStringAsync($"api/v1/admin/sources/{SourceId}/runs", stop))!.AsArray()
                .Select(r => (Status: r!["status"]!.GetValue<string>(), Indexed: r["counts"]!["new"]!.GetValue<int>() + r["counts"]!["changed"]!.GetValue<int>()))
                .ToList();
            if (runs.Count > 0 && runs.All(r => r.Status != "running"))
            {
                return runs;
            }

            await Task.Delay(200, stop);
        }
    }

    private static int PagesFetched(LoopbackSite site) => site.Requests.Count(r => r.StartsWith("/pagina/", StringComparison.Ordinal));

    /// <summary>Serves every page with text that differs per round, so that each round re-indexes all of them.</summary>
    private static void Publish(LoopbackSite site, IReadOnlyList<Indexer.Schema.IndexDocument> pages, int round)
    {
        for (var i = 0; i < pages.Count; i++)
        {
            var page = pages[i];
            var html = new StringBuilder()
                .Append("<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(page.Title))
                .Append("</title></head><body><main><article><h1>").Append(WebUtility.HtmlEncode(page.Title)).Append("</h1><p>")
                .Append(WebUtility.HtmlEncode(page.Body)).Append("</p><p>Versie ").Append(round).Append(".</p></article></main></body></html>");
            site.SetHtml($"/pagina/{i}.html", html.ToString());
        }
    }

    private sealed class HarvestRounds
    {
        public int Started { get; set; }

        public int Finished { get; set; }

        public int Documents { get; set; }
    }
}
