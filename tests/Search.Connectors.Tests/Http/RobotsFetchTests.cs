using System.Text;
using Microsoft.AspNetCore.Http;
using Search.Connectors.Abstractions;
using Search.TestKit;

namespace Search.Connectors.Tests.Http;

public sealed class RobotsFetchTests : IAsyncLifetime
{
    private LoopbackSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = await LoopbackSite.StartAsync();
        _site.SetHtml("/pagina.html", "<html>pagina</html>");
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task Should_not_fetch_anything_from_a_host_whose_robots_txt_answers_a_server_error(int status)
    {
        _site.SetStatus("/robots.txt", status);
        using var services = new FetcherServices();
        var fetcher = services.NewRun();

        var first = await fetcher.FetchAsync(_site.Url("/pagina.html"), CancellationToken.None);
        var second = await fetcher.FetchAsync(_site.Url("/andere.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Robots, first.FailureKind);
        Assert.Equal(HarvestFailureKind.Robots, second.FailureKind);
        Assert.Contains($"HTTP {status}", first.Error);
        Assert.Equal(["/robots.txt"], _site.Requests);
    }

    [Fact]
    public async Task Should_not_fetch_anything_from_a_host_whose_robots_txt_times_out()
    {
        _site.SetHandler("/robots.txt", HangAsync);
        using var services = new FetcherServices(new Dictionary<string, string?>
        {
            ["AttemptTimeout"] = "00:00:00.300",
            ["TotalTimeout"] = "00:00:00.600",
        });

        var result = await services.NewRun().FetchAsync(_site.Url("/pagina.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Robots, result.FailureKind);
        Assert.Contains("timed out", result.Error);
        Assert.Equal(0, _site.CountRequests("/pagina.html"));
    }

    [Fact]
    public async Task Should_read_robots_txt_again_in_the_next_run_after_it_was_unreachable()
    {
        _site.SetSequence("/robots.txt", new LoopbackResponse(500), new LoopbackResponse(404));
        using var services = new FetcherServices();

        var blocked = await services.NewRun().FetchAsync(_site.Url("/pagina.html"), CancellationToken.None);
        var nextRun = await services.NewRun().FetchAsync(_site.Url("/pagina.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Robots, blocked.FailureKind);
        Assert.True(nextRun.IsSuccess, nextRun.Error);
        Assert.Equal(["/robots.txt", "/robots.txt", "/pagina.html"], _site.Requests);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Should_allow_everything_when_robots_txt_answers_a_client_error(int status)
    {
        _site.SetStatus("/robots.txt", status);
        using var services = new FetcherServices();

        var result = await services.NewRun().FetchAsync(_site.Url("/pagina.html"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(["/robots.txt", "/pagina.html"], _site.Requests);
    }

    [Fact]
    public async Task Should_fail_a_disallowed_url_as_robots_without_requesting_it_and_read_robots_txt_once_per_run()
    {
        _site.SetText("/robots.txt", "User-agent: *\nDisallow: /intern/\n", "text/plain");
        _site.SetHtml("/intern/geheim.html", "<html>geheim</html>");
        using var services = new FetcherServices();
        var fetcher = services.NewRun();

        var disallowed = await fetcher.FetchAsync(_site.Url("/intern/geheim.html"), CancellationToken.None);
        var allowed = await fetcher.FetchAsync(_site.Url("/pagina.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Robots, disallowed.FailureKind);
        Assert.Equal("Disallowed by robots.txt.", disallowed.Error);
        Assert.True(allowed.IsSuccess, allowed.Error);
        Assert.Equal(["/robots.txt", "/pagina.html"], _site.Requests);
    }

    [Fact]
    public async Task Should_apply_the_group_of_the_configured_user_agent()
    {
        _site.SetText("/robots.txt", "User-agent: *\nDisallow: /\n\nUser-agent: TestBot\nDisallow: /intern/\n", "text/plain");
        using var services = new FetcherServices(new Dictionary<string, string?> { ["UserAgent"] = "TestBot/2.0 (+https://bot.example/)" });
        var fetcher = services.NewRun();

        var page = await fetcher.FetchAsync(_site.Url("/pagina.html"), CancellationToken.None);
        var intern = await fetcher.FetchAsync(_site.Url("/intern/a.html"), CancellationToken.None);

        Assert.True(page.IsSuccess, page.Error);
        Assert.Equal(HarvestFailureKind.Robots, intern.FailureKind);
    }

    [Fact]
    public async Task Should_honour_rules_beyond_a_huge_robots_txt_only_within_the_first_500_KiB()
    {
        var body = new StringBuilder("User-agent: *\nDisallow: /voor/\n");
        body.Append('#', 10 * 1024 * 1024).Append("\nDisallow: /pagina.html\n");
        _site.SetText("/robots.txt", body.ToString(), "text/plain");
        _site.SetHtml("/voor/a.html", "<html>a</html>");
        using var services = new FetcherServices();
        var fetcher = services.NewRun();

        var early = await fetcher.FetchAsync(_site.Url("/voor/a.html"), CancellationToken.None);
        var late = await fetcher.FetchAsync(_site.Url("/pagina.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Robots, early.FailureKind);
        Assert.True(late.IsSuccess, late.Error);
    }

    [Fact]
    public async Task Should_refuse_a_host_whose_crawl_delay_exceeds_the_cap_without_requesting_its_pages()
    {
        _site.SetText("/robots.txt", "User-agent: *\nCrawl-delay: 3600\n", "text/plain");
        using var services = new FetcherServices(new Dictionary<string, string?> { ["MaxCrawlDelay"] = "00:00:30" });

        var result = await services.NewRun().FetchAsync(_site.Url("/pagina.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Transient, result.FailureKind);
        Assert.StartsWith("Blocked by crawl-delay", result.Error);
        Assert.Equal(["/robots.txt"], _site.Requests);
    }

    [Fact]
    public async Task Should_follow_up_to_five_robots_txt_redirects()
    {
        _site.SetRedirect("/robots.txt", "/r1");
        for (var i = 1; i < 5; i++)
        {
            _site.SetRedirect($"/r{i}", $"/r{i + 1}");
        }

        _site.SetText("/r5", "User-agent: *\nDisallow: /pagina.html\n", "text/plain");
        using var services = new FetcherServices();

        var result = await services.NewRun().FetchAsync(_site.Url("/pagina.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Robots, result.FailureKind);
        Assert.Equal(1, _site.CountRequests("/r5"));
    }

    [Fact]
    public async Task Should_treat_robots_txt_behind_more_than_five_redirects_as_missing()
    {
        _site.SetRedirect("/robots.txt", "/r1");
        for (var i = 1; i < 6; i++)
        {
            _site.SetRedirect($"/r{i}", $"/r{i + 1}");
        }

        _site.SetText("/r6", "User-agent: *\nDisallow: /\n", "text/plain");
        using var services = new FetcherServices();

        var result = await services.NewRun().FetchAsync(_site.Url("/pagina.html"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(0, _site.CountRequests("/r6"));
    }

    [Fact]
    public async Task Should_check_every_redirect_hop_against_robots_txt()
    {
        _site.SetText("/robots.txt", "User-agent: *\nDisallow: /intern/\n", "text/plain");
        _site.SetRedirect("/oud.html", "/intern/nieuw.html");
        _site.SetHtml("/intern/nieuw.html", "<html>intern</html>");
        using var services = new FetcherServices();

        var result = await services.NewRun().FetchAsync(_site.Url("/oud.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Robots, result.FailureKind);
        Assert.Equal(_site.Url("/intern/nieuw.html"), result.FinalUrl);
        Assert.Equal(0, _site.CountRequests("/intern/nieuw.html"));
    }

    [Fact]
    public async Task Should_fetch_a_sitemap_that_robots_txt_lists_even_under_a_disallow()
    {
        _site.SetText("/robots.txt", $"User-agent: *\nDisallow: /\nSitemap: {_site.Url("/sitemap.xml")}\n", "text/plain");
        _site.SetText("/sitemap.xml", LoopbackSite.Sitemap([_site.Url("/pagina.html")]), "application/xml");
        using var services = new FetcherServices();
        var fetcher = services.NewRun();

        var sitemap = await fetcher.FetchAsync(_site.Url("/sitemap.xml"), CancellationToken.None);
        var page = await fetcher.FetchAsync(_site.Url("/pagina.html"), CancellationToken.None);

        Assert.True(sitemap.IsSuccess, sitemap.Error);
        Assert.Equal(HarvestFailureKind.Robots, page.FailureKind);
    }

    private static async Task HangAsync(HttpContext context) => await Task.Delay(Timeout.Infinite, context.RequestAborted);
}
