using System.IO.Compression;
using System.Net;
using System.Text;
using Search.Connectors.Abstractions;
using Search.TestKit;

namespace Search.Connectors.Tests.Http;

public sealed class HttpFetcherTests : IAsyncLifetime
{
    private LoopbackSite _site = null!;

    public async Task InitializeAsync() => _site = await LoopbackSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Should_return_body_content_type_and_last_modified_of_a_page()
    {
        _site.Set("/beleid.html", Encoding.UTF8.GetBytes("<html><title>Beleid</title></html>"), "text/html; charset=utf-8",
            headers: new Dictionary<string, string> { ["Last-Modified"] = "Wed, 21 Oct 2015 07:28:00 GMT" });
        using var services = new ConnectorServices();

        var result = await services.Fetcher.FetchAsync(_site.Url("/beleid.html"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal("<html><title>Beleid</title></html>", Encoding.UTF8.GetString(result.Body!));
        Assert.Equal("text/html; charset=utf-8", result.ContentType);
        Assert.Equal(new DateTimeOffset(2015, 10, 21, 7, 28, 0, TimeSpan.Zero), result.LastModified);
        Assert.Equal(_site.Url("/beleid.html"), result.FinalUrl);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(410)]
    public async Task Should_report_a_missing_document_as_gone_without_retrying(int status)
    {
        _site.SetStatus("/weg.html", status);
        using var services = new ConnectorServices();

        var result = await services.Fetcher.FetchAsync(_site.Url("/weg.html"), CancellationToken.None);

        Assert.False(result.IsSuccess);
        Assert.Equal(HarvestFailureKind.Gone, result.FailureKind);
        Assert.Equal($"HTTP {status}", result.Error);
        Assert.Equal(1, _site.CountRequests("/weg.html"));
    }

    [Fact]
    public async Task Should_retry_a_server_error_and_then_report_it_as_transient()
    {
        _site.SetStatus("/kapot.html", 500);
        using var services = new ConnectorServices(new Dictionary<string, string?> { ["MaxRetries"] = "2" });

        var result = await services.Fetcher.FetchAsync(_site.Url("/kapot.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Transient, result.FailureKind);
        Assert.Equal(HttpStatusCode.InternalServerError, result.StatusCode);
        Assert.Equal(1 + 2, _site.CountRequests("/kapot.html"));
    }

    [Fact]
    public async Task Should_not_retry_when_retries_are_disabled()
    {
        _site.SetStatus("/kapot.html", 500);
        using var services = new ConnectorServices(new Dictionary<string, string?> { ["MaxRetries"] = "0" });

        var result = await services.Fetcher.FetchAsync(_site.Url("/kapot.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Transient, result.FailureKind);
        Assert.Equal(1, _site.CountRequests("/kapot.html"));
    }

    [Fact]
    public async Task Should_retry_a_503_after_the_delay_its_retry_after_header_asks_for()
    {
        _site.SetSequence("/druk.html",
            new LoopbackResponse(503, Headers: new Dictionary<string, string> { ["Retry-After"] = "0" }),
            new LoopbackResponse(200, Encoding.UTF8.GetBytes("weer rustig"), "text/plain"));

        // The configured back-off is a minute, longer than the whole fetch may take: only Retry-After: 0 lets the retry happen in time.
        using var services = new ConnectorServices(new Dictionary<string, string?>
        {
            ["RetryBaseDelay"] = "00:01:00",
            ["MaxRetryDelay"] = "00:01:00",
            ["AttemptTimeout"] = "00:00:02",
            ["TotalTimeout"] = "00:00:05",
        });

        var result = await services.Fetcher.FetchAsync(_site.Url("/druk.html"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal("weer rustig", Encoding.UTF8.GetString(result.Body!));
        Assert.Equal(2, _site.CountRequests("/druk.html"));
    }

    [Fact]
    public async Task Should_reject_a_body_whose_content_length_exceeds_the_cap()
    {
        _site.Set("/groot.pdf", new byte[4096], "application/pdf");
        using var services = new ConnectorServices(new Dictionary<string, string?> { ["MaxResponseBytes"] = "1024" });

        var result = await services.Fetcher.FetchAsync(_site.Url("/groot.pdf"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Rejected, result.FailureKind);
        Assert.Contains("4096 bytes exceeds the cap of 1024 bytes", result.Error);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task Should_accept_a_body_exactly_at_the_cap()
    {
        _site.Set("/precies.bin", new byte[1024], "application/octet-stream");
        using var services = new ConnectorServices(new Dictionary<string, string?> { ["MaxResponseBytes"] = "1024" });

        var result = await services.Fetcher.FetchAsync(_site.Url("/precies.bin"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(1024, result.Body!.Length);
    }

    [Fact]
    public async Task Should_decompress_a_gzip_encoded_response()
    {
        const string html = "<html><body>Samen tegen ondermijning</body></html>";
        _site.Set("/gz.html", Gzip(Encoding.UTF8.GetBytes(html)), "text/html; charset=utf-8",
            headers: new Dictionary<string, string> { ["Content-Encoding"] = "gzip" });
        using var services = new ConnectorServices();

        var result = await services.Fetcher.FetchAsync(_site.Url("/gz.html"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(html, Encoding.UTF8.GetString(result.Body!));
    }

    [Fact]
    public async Task Should_reject_a_gzip_response_that_expands_beyond_the_cap()
    {
        var bomb = Gzip(new byte[64 * 1024]);
        Assert.True(bomb.Length < 1024, "The compressed body itself must fit the cap.");
        _site.Set("/bom.html", bomb, "text/html", headers: new Dictionary<string, string> { ["Content-Encoding"] = "gzip" });
        using var services = new ConnectorServices(new Dictionary<string, string?> { ["MaxResponseBytes"] = "1024" });

        var result = await services.Fetcher.FetchAsync(_site.Url("/bom.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Rejected, result.FailureKind);
        Assert.Contains("exceeds the cap of 1024 bytes", result.Error);
    }

    [Fact]
    public async Task Should_send_the_configured_user_agent()
    {
        _site.SetHtml("/", "<html></html>");
        using var services = new ConnectorServices(new Dictionary<string, string?> { ["UserAgent"] = "KennisbankTestBot/9.9 (+https://bot.example/)" });

        await services.Fetcher.FetchAsync(_site.Url("/"), CancellationToken.None);

        Assert.Equal("KennisbankTestBot/9.9 (+https://bot.example/)", _site.LastUserAgent);
    }

    [Fact]
    public async Task Should_reject_a_loopback_site_without_connecting_when_private_networks_are_not_allowed()
    {
        _site.SetHtml("/geheim.html", "<html>intern</html>");
        using var services = new ConnectorServices(new Dictionary<string, string?> { ["AllowPrivateNetworks"] = "false" });

        var result = await services.Fetcher.FetchAsync(_site.Url("/geheim.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Rejected, result.FailureKind);
        Assert.Contains("AllowPrivateNetworks", result.Error);
        Assert.Empty(_site.Requests);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/pub/x.pdf")]
    [InlineData("gopher://127.0.0.1:70/_x")]
    public async Task Should_reject_a_url_that_is_not_http_or_https(string url)
    {
        using var services = new ConnectorServices();

        var result = await services.Fetcher.FetchAsync(new Uri(url), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Rejected, result.FailureKind);
        Assert.Contains("Only http and https", result.Error);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task Should_follow_a_redirect_to_another_path()
    {
        _site.Set("/oud.html", [], "text/plain", 301, new Dictionary<string, string> { ["Location"] = "/nieuw.html" });
        _site.SetHtml("/nieuw.html", "<html>nieuw adres</html>");
        using var services = new ConnectorServices();

        var result = await services.Fetcher.FetchAsync(_site.Url("/oud.html"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal("<html>nieuw adres</html>", Encoding.UTF8.GetString(result.Body!));
        Assert.Equal(_site.Url("/oud.html"), result.Url);
        Assert.Equal(_site.Url("/nieuw.html"), result.FinalUrl);
        Assert.Equal(["/robots.txt", "/oud.html", "/nieuw.html"], _site.Requests);
    }

    [Fact]
    public async Task Should_stop_following_redirects_after_the_configured_number_of_hops()
    {
        for (var i = 0; i < 5; i++)
        {
            _site.Set($"/hop{i}", [], "text/plain", 302, new Dictionary<string, string> { ["Location"] = $"/hop{i + 1}" });
        }

        _site.SetHtml("/hop5", "<html>eind</html>");
        using var services = new ConnectorServices(new Dictionary<string, string?> { ["MaxRedirects"] = "2" });

        var result = await services.Fetcher.FetchAsync(_site.Url("/hop0"), CancellationToken.None);

        Assert.False(result.IsSuccess);
        Assert.Equal(0, _site.CountRequests("/hop5"));
    }

    private static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }
}
