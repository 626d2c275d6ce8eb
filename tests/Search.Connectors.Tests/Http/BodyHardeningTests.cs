using System.Text;
using Microsoft.AspNetCore.Http;
using Search.Connectors.Abstractions;
using Search.TestKit;

namespace Search.Connectors.Tests.Http;

/// <summary>Hostile response bodies: each fails as one document, never yields partial content, and never hangs the run.</summary>
public sealed class BodyHardeningTests : IAsyncLifetime
{
    /// <summary>
    /// Short next to the hostile bodies (a 10 s drip, endless hangs), long enough for the run's first request to read
    /// robots.txt under the same deadline while the other test assemblies load both cores (400 ms once was not).
    /// </summary>
    private static readonly Dictionary<string, string?> ShortDeadline = new()
    {
        ["AttemptTimeout"] = "00:00:01",
        ["TotalTimeout"] = "00:00:02",
    };

    private LoopbackSite _site = null!;

    public async Task InitializeAsync() => _site = await LoopbackSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Should_cut_off_a_slow_drip_body_at_the_whole_document_deadline()
    {
        _site.SetHandler("/druppel.html", async context =>
        {
            context.Response.ContentType = "text/html";
            for (var i = 0; i < 100 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.Body.WriteAsync("x"u8.ToArray(), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(100, context.RequestAborted);
            }
        });
        using var services = new FetcherServices(ShortDeadline);

        var result = await services.NewRun().FetchAsync(_site.Url("/druppel.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Transient, result.FailureKind);
        Assert.StartsWith("Timed out", result.Error);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task Should_time_out_a_response_that_hangs_after_its_headers()
    {
        _site.SetHandler("/hangt.html", async context =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var services = new FetcherServices(ShortDeadline);

        var result = await services.NewRun().FetchAsync(_site.Url("/hangt.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Transient, result.FailureKind);
        Assert.StartsWith("Timed out", result.Error);
    }

    [Fact]
    public async Task Should_time_out_a_server_that_never_answers()
    {
        _site.SetHandler("/stil.html", context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var services = new FetcherServices(ShortDeadline);

        var result = await services.NewRun().FetchAsync(_site.Url("/stil.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Transient, result.FailureKind);
    }

    [Fact]
    public async Task Should_fail_a_body_shorter_than_its_content_length_as_transient_without_content()
    {
        _site.SetHandler("/afgekapt.html", async context =>
        {
            context.Response.ContentType = "text/html";
            context.Response.ContentLength = 10_000;
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("<html>begin van de tekst"), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
        });
        using var services = new FetcherServices();

        var result = await services.NewRun().FetchAsync(_site.Url("/afgekapt.html"), CancellationToken.None);

        Assert.False(result.IsSuccess);
        Assert.Equal(HarvestFailureKind.Transient, result.FailureKind);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task Should_fail_a_chunked_body_that_breaks_off_as_transient_without_content()
    {
        _site.SetHandler("/gebroken.html", async context =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("<html>eerste stuk"), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            context.Abort();
        });
        using var services = new FetcherServices();

        var result = await services.NewRun().FetchAsync(_site.Url("/gebroken.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Transient, result.FailureKind);
        Assert.Null(result.Body);
    }

    [Fact]
    public async Task Should_reject_a_2_GB_response_from_its_headers_without_reading_it()
    {
        _site.SetHandler("/enorm.bin", async context =>
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = 2L * 1024 * 1024 * 1024;
            var zeros = new byte[64 * 1024];
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(zeros, context.RequestAborted);
            }
        });
        using var services = new FetcherServices(new Dictionary<string, string?> { ["MaxResponseBytes"] = "1048576" });

        var result = await services.NewRun().FetchAsync(_site.Url("/enorm.bin"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Rejected, result.FailureKind);
        Assert.Contains("2147483648 bytes exceeds the cap", result.Error);
    }

    [Fact]
    public async Task Should_stop_reading_an_endless_chunked_response_at_the_cap()
    {
        _site.SetHandler("/eindeloos.html", async context =>
        {
            context.Response.ContentType = "text/html";
            var chunk = Encoding.UTF8.GetBytes(new string('a', 16 * 1024));
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        });
        using var services = new FetcherServices(new Dictionary<string, string?> { ["MaxResponseBytes"] = "1048576" });

        var result = await services.NewRun().FetchAsync(_site.Url("/eindeloos.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Rejected, result.FailureKind);
        Assert.Contains("exceeds the cap of 1048576 bytes", result.Error);
    }
}
