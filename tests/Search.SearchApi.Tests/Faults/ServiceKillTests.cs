using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Search.TestKit;

namespace Search.SearchApi.Tests.Faults;

/// <summary>
/// Row 37 of docs/reliability.md with the real service as a child process: a harvest running when the process is
/// killed with SIGKILL is recorded as interrupted and harvested again at the next start (not left "running" or
/// blocked until its next scheduled time), and a second trigger of a running harvest answers 409.
/// </summary>
public sealed class ServiceKillTests
{
    private const string Key = "test-beheersleutel-kill-0123456789";
    private const int Pages = 40;
    private const int Hanging = 25;

    [Fact]
    public async Task Should_refuse_a_second_trigger_with_409_and_harvest_again_at_start_up_after_kill_9_mid_harvest()
    {
        await using var site = await LoopbackSite.StartAsync();
        var urls = Enumerable.Range(0, Pages).Select(i =>
        {
            site.SetHtml($"/p{i}.html", Page(i));
            return site.Url($"/p{i}.html");
        }).ToList();
        site.SetText("/sitemap.xml", LoopbackSite.Sitemap(urls), "application/xml");
        using var temp = new TempDirectory();
        var sources = Path.Combine(temp.Path, "sources");
        Directory.CreateDirectory(sources);
        File.WriteAllText(Path.Combine(sources, "groot.json"), JsonSerializer.Serialize(new
        {
            id = "groot", name = "Groot", kind = "sitemap", url = site.Url("/sitemap.xml").AbsoluteUri, schedule = "0 0 3 1 1 ?",
        }));
        string[] settings =
        [
            $"--Search:DataDirectory={Path.Combine(temp.Path, "data")}", $"--Search:SourcesDirectory={sources}", $"--Search:Admin:ApiKey={Key}",
            "--Search:Admin:RequestsPerMinute=100000", "--Search:Harvest:AllowPrivateNetworks=true", "--Search:Harvest:MinDelayPerHost=00:00:00",
            "--Search:CommitBatchSize=5",
        ];

        string killedRun;
        await using (var service = await StartAsync(settings))
        {
            using var http = Client(service);
            await WaitForRunsAsync(http, runs => runs is [{ Status: "succeeded" }]);

            site.SetHandler($"/p{Hanging}.html", context => Task.Delay(Timeout.Infinite, context.RequestAborted));
            using var started = await http.PostAsync("/api/v1/admin/sources/groot/harvest", null);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            killedRun = JsonNode.Parse(await started.Content.ReadAsStringAsync())!["runId"]!.GetValue<string>();
            await WaitUntilAsync(() => site.CountRequests($"/p{Hanging}.html") >= 2, "the second run reaching the hanging page");

            using var again = await http.PostAsync("/api/v1/admin/sources/groot/harvest", null);
            var problem = JsonNode.Parse(await again.Content.ReadAsStringAsync())!;
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
            Assert.Contains(killedRun, problem["detail"]!.GetValue<string>());

            await service.KillHardAsync();
        }

        site.Remove($"/p{Hanging}.html");
        site.SetHtml($"/p{Hanging}.html", Page(Hanging));
        await using (var service = await StartAsync(settings))
        {
            using var http = Client(service);

            // Nobody triggers anything: the start-up itself must harvest the interrupted source again.
            var runs = await WaitForRunsAsync(http, runs => runs is [{ Status: "succeeded" }, ..] && runs[0].RunId != killedRun && runs.Count == 3);

            Assert.Equal(killedRun, runs[1].RunId);
            Assert.Equal("cancelled", runs[1].Status);
            Assert.Contains("Interrupted", runs[1].Error);
            var search = JsonNode.Parse(await http.GetStringAsync($"/api/v1/search?q={Token(Hanging)}"))!;
            Assert.Equal(1, search["total"]!.GetValue<int>());
        }
    }

    private static Task<ServiceChild> StartAsync(IEnumerable<string> settings) =>
        ServiceChild.StartAsync(Path.Combine(AppContext.BaseDirectory, "Search.SearchApi.dll"), settings, TimeSpan.FromSeconds(60));

    private static HttpClient Client(ServiceChild service)
    {
        var http = new HttpClient { BaseAddress = service.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return http;
    }

    private sealed record Run(string RunId, string Status, string? Error);

    /// <summary>Polls the run list (newest first) until it satisfies <paramref name="done"/>: waiting for a condition, not for time.</summary>
    private static async Task<IReadOnlyList<Run>> WaitForRunsAsync(HttpClient http, Func<IReadOnlyList<Run>, bool> done)
    {
        IReadOnlyList<Run> runs = [];
        await WaitUntilAsync(async () =>
        {
            var list = JsonNode.Parse(await http.GetStringAsync("/api/v1/admin/sources/groot/runs"))!.AsArray();
            runs = list.Select(r => new Run(r!["runId"]!.GetValue<string>(), r["status"]!.GetValue<string>(), r["error"]?.GetValue<string>())).ToList();
            return done(runs);
        }, "the expected runs");
        return runs;
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            try
            {
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out after 60 s waiting for {what}.");
            }
        }
    }

    /// <summary>A word only page <paramref name="i"/> contains.</summary>
    private static string Token(int i) => "kwq" + (char)('a' + (i / 26)) + (char)('a' + (i % 26));

    private static string Page(int i) =>
        $"<html><head><title>Pagina {i}</title></head><body><main><h1>Pagina {i}</h1><p>Tekst {Token(i)} over ondermijning nummer {i}.</p></main></body></html>";
}
