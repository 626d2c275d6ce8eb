using System.Text;
using Search.Connectors.Abstractions;
using Search.TestKit;

namespace Search.Connectors.Tests.Http;

public sealed class RedirectTests : IAsyncLifetime
{
    private LoopbackSite _site = null!;
    private LoopbackSite _witness = null!;

    public async Task InitializeAsync()
    {
        _site = await LoopbackSite.StartAsync();
        _witness = await LoopbackSite.StartAsync();
        _witness.SetHtml("/", "<html>witness</html>");
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _witness.DisposeAsync();
    }

    [Fact]
    public async Task Should_report_the_final_url_of_a_redirect_chain()
    {
        _site.SetRedirect("/a", "/b", 301);
        _site.SetRedirect("/b", _site.Url("/c").AbsoluteUri, 308);
        _site.SetHtml("/c", "<html>c</html>");
        using var services = new FetcherServices();

        var result = await services.NewRun().FetchAsync(_site.Url("/a"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(_site.Url("/a"), result.Url);
        Assert.Equal(_site.Url("/c"), result.FinalUrl);
    }

    [Fact]
    public async Task Should_stop_a_redirect_to_itself()
    {
        _site.SetRedirect("/a", "/a");
        using var services = new FetcherServices();

        var result = await services.NewRun().FetchAsync(_site.Url("/a"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Transient, result.FailureKind);
        Assert.StartsWith("Redirect loop", result.Error);
        Assert.Equal(1, _site.CountRequests("/a"));
    }

    [Fact]
    public async Task Should_stop_a_redirect_loop_between_two_pages()
    {
        _site.SetRedirect("/a", "/b");
        _site.SetRedirect("/b", "/a");
        using var services = new FetcherServices();

        var result = await services.NewRun().FetchAsync(_site.Url("/a"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Transient, result.FailureKind);
        Assert.StartsWith("Redirect loop", result.Error);
        Assert.Equal(1, _site.CountRequests("/a"));
        Assert.Equal(1, _site.CountRequests("/b"));
    }

    [Fact]
    public async Task Should_follow_a_redirect_that_only_strips_tracking_parameters()
    {
        _site.SetRedirect("/a?utm_source=nieuwsbrief", "/a", 301);
        _site.SetHtml("/a", "<html>a</html>");
        using var services = new FetcherServices();

        var result = await services.NewRun().FetchAsync(_site.Url("/a?utm_source=nieuwsbrief"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(_site.Url("/a"), result.FinalUrl);
    }

    [Fact]
    public async Task Should_stop_a_long_redirect_chain_at_ten_hops()
    {
        for (var i = 0; i < 60; i++)
        {
            _site.SetRedirect($"/hop{i}", $"/hop{i + 1}");
        }

        using var services = new FetcherServices();

        var result = await services.NewRun().FetchAsync(_site.Url("/hop0"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Transient, result.FailureKind);
        Assert.Equal("More than 10 redirects.", result.Error);
        Assert.Equal(11, _site.Requests.Count(r => r.StartsWith("/hop", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://127.0.0.1:70/_x")]
    [InlineData("ftp://127.0.0.1/pub/x.pdf")]
    public async Task Should_refuse_a_redirect_to_a_non_http_scheme(string location)
    {
        _site.SetRedirect("/a", location);
        using var services = new FetcherServices();

        var result = await services.NewRun().FetchAsync(_site.Url("/a"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Rejected, result.FailureKind);
        Assert.Contains("non-HTTP", result.Error);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task Should_refuse_a_redirect_to_an_internal_address_before_connecting()
    {
        _site.SetRedirect("/open", _witness.Url("/").AbsoluteUri);
        using var services = OnlyTheSiteAllowed();

        var result = await services.NewRun().FetchAsync(_site.Url("/open"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Rejected, result.FailureKind);
        Assert.Contains("AllowPrivateNetworks", result.Error);
        Assert.Equal(_witness.Url("/"), result.FinalUrl);
        Assert.Empty(_witness.Requests);
        Assert.Equal(1, _site.CountRequests("/open"));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://2130706433/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    public async Task Should_refuse_a_redirect_to_a_metadata_or_loopback_address(string location)
    {
        _site.SetRedirect("/open", location);
        using var services = OnlyTheSiteAllowed();

        var result = await services.NewRun().FetchAsync(_site.Url("/open"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Rejected, result.FailureKind);
        Assert.Contains("AllowPrivateNetworks", result.Error);
    }

    [Fact]
    public async Task Should_refuse_a_host_name_that_resolves_to_loopback_on_the_address_dialled()
    {
        using var services = new FetcherServices(new Dictionary<string, string?> { ["AllowPrivateNetworks"] = "false" });

        var result = await services.NewRun().FetchAsync(new Uri($"http://localhost:{_witness.BaseUrl.Port}/"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Rejected, result.FailureKind);
        Assert.Empty(_witness.Requests);
    }

    [Fact]
    public async Task Should_fetch_an_allowlisted_private_endpoint_and_nothing_else()
    {
        _site.SetHtml("/intranet.html", "<html>intranet</html>");
        using var services = OnlyTheSiteAllowed();
        var fetcher = services.NewRun();

        var allowed = await fetcher.FetchAsync(_site.Url("/intranet.html"), CancellationToken.None);
        var witness = await fetcher.FetchAsync(_witness.Url("/"), CancellationToken.None);

        Assert.True(allowed.IsSuccess, allowed.Error);
        Assert.Equal("<html>intranet</html>", Encoding.UTF8.GetString(allowed.Body!));
        Assert.Equal(HarvestFailureKind.Rejected, witness.FailureKind);
        Assert.Empty(_witness.Requests);
    }

    [Fact]
    public async Task Should_fail_a_redirect_without_location()
    {
        _site.SetStatus("/a", 302);
        using var services = new FetcherServices();

        var result = await services.NewRun().FetchAsync(_site.Url("/a"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Transient, result.FailureKind);
        Assert.Contains("without a Location", result.Error);
    }

    private FetcherServices OnlyTheSiteAllowed() => new(new Dictionary<string, string?>
    {
        ["AllowPrivateNetworks"] = "false",
        ["Search:Harvest:AllowedPrivateEndpoints:0"] = $"127.0.0.1:{_site.BaseUrl.Port}",
    });
}
