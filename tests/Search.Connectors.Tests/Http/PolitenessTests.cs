using System.Text;
using Microsoft.AspNetCore.Http;
using Search.TestKit;

namespace Search.Connectors.Tests.Http;

/// <summary>Timing is asserted only as lower bounds on the gaps the server saw, which no scheduling delay can break.</summary>
public sealed class PolitenessTests : IAsyncLifetime
{
    private LoopbackSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = await LoopbackSite.StartAsync();
        for (var i = 0; i < 6; i++)
        {
            _site.SetHandler($"/traag{i}.html", SlowPageAsync);
        }
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Should_keep_at_most_one_request_in_flight_per_host_within_a_run()
    {
        using var services = new FetcherServices();
        var fetcher = services.NewRun();

        var results = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(i => fetcher.FetchAsync(_site.Url($"/traag{i}.html"), CancellationToken.None)));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error));
        Assert.Equal(1, _site.MaxConcurrentRequests);
    }

    [Fact]
    public async Task Should_keep_at_most_one_request_in_flight_per_host_across_runs_of_two_sources()
    {
        using var services = new FetcherServices();
        var runA = services.NewRun();
        var runB = services.NewRun();

        var results = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(i => (i % 2 == 0 ? runA : runB).FetchAsync(_site.Url($"/traag{i}.html"), CancellationToken.None)));

        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error));
        Assert.Equal(1, _site.MaxConcurrentRequests);
        Assert.Equal(2, _site.CountRequests("/robots.txt"));
    }

    [Fact]
    public async Task Should_leave_the_configured_minimum_delay_between_requests_to_a_host()
    {
        _site.SetHtml("/a.html", "<html>a</html>");
        _site.SetHtml("/b.html", "<html>b</html>");
        using var services = new FetcherServices(new Dictionary<string, string?> { ["MinDelayPerHost"] = "00:00:00.200" });
        var fetcher = services.NewRun();

        await fetcher.FetchAsync(_site.Url("/a.html"), CancellationToken.None);
        await fetcher.FetchAsync(_site.Url("/b.html"), CancellationToken.None);

        // The server stamps a request after it arrived, so a gap it sees can only be longer than the client's wait;
        // the 10 ms margin absorbs the server reading the request line before stamping it.
        AssertGapsAtLeast(TimeSpan.FromMilliseconds(190), ["/robots.txt", "/a.html", "/b.html"]);
    }

    [Fact]
    public async Task Should_honour_a_crawl_delay_longer_than_the_minimum_delay()
    {
        _site.SetText("/robots.txt", "User-agent: *\nCrawl-delay: 0.25\n", "text/plain");
        _site.SetHtml("/a.html", "<html>a</html>");
        _site.SetHtml("/b.html", "<html>b</html>");
        using var services = new FetcherServices(new Dictionary<string, string?> { ["MinDelayPerHost"] = "00:00:00" });
        var fetcher = services.NewRun();

        await fetcher.FetchAsync(_site.Url("/a.html"), CancellationToken.None);
        await fetcher.FetchAsync(_site.Url("/b.html"), CancellationToken.None);

        Assert.Equal(["/robots.txt", "/a.html", "/b.html"], _site.Requests);
        var log = _site.RequestLog;
        Assert.True(log[2].ReceivedAt - log[1].ReceivedAt >= TimeSpan.FromMilliseconds(240),
            $"gap was {(log[2].ReceivedAt - log[1].ReceivedAt).TotalMilliseconds} ms");
    }

    private void AssertGapsAtLeast(TimeSpan gap, string[] expectedPaths)
    {
        var log = _site.RequestLog;
        Assert.Equal(expectedPaths, log.Select(r => r.Path));
        for (var i = 1; i < log.Count; i++)
        {
            var actual = log[i].ReceivedAt - log[i - 1].ReceivedAt;
            Assert.True(actual >= gap, $"gap before {log[i].Path} was {actual.TotalMilliseconds} ms");
        }
    }

    private static async Task SlowPageAsync(HttpContext context)
    {
        await Task.Delay(50, context.RequestAborted);
        context.Response.ContentType = "text/html";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("<html>traag</html>"), context.RequestAborted);
    }
}
