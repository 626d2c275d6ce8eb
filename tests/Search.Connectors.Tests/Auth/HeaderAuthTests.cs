using System.Text;
using Microsoft.AspNetCore.Http;
using Search.Connectors.Abstractions;
using Search.Connectors.Tests.Http;
using Search.TestKit;

namespace Search.Connectors.Tests.Auth;

/// <summary>Basic, bearer and cookie authentication: sent to the source's own origin only, refused credentials stop the run.</summary>
public sealed class HeaderAuthTests : IAsyncLifetime
{
    private const string SourceId = "oost";
    private const string Password = "Basis-Geheim-5521";
    private const string Token = "tok-0f9e8d7c6b5a";
    private const string Cookie = "ledensessie=c00k13w44rd3";

    private LoopbackSite _site = null!;
    private LoopbackSite _witness = null!;

    public async Task InitializeAsync()
    {
        _site = await LoopbackSite.StartAsync();
        _witness = await LoopbackSite.StartAsync();
        _witness.SetHtml("/elders.html", "<html>elders</html>");
        _site.SetHandler("/leden/a.html", RequireAsync);
        _site.SetRedirect("/naar-elders", _witness.Url("/elders.html").AbsoluteUri);
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _witness.DisposeAsync();
    }

    public static TheoryData<AuthKind, string> Expected => new()
    {
        { AuthKind.Basic, "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("harvester:" + Password)) },
        { AuthKind.Bearer, "Bearer " + Token },
        { AuthKind.Cookie, Cookie },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public async Task Should_send_the_configured_credentials_to_the_source(AuthKind kind, string expected)
    {
        using var services = Services();
        var fetcher = services.NewRun().ForSource(MembersSite.Source(_site, SourceId, kind));

        var result = await fetcher.FetchAsync(_site.Url("/leden/a.html"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error);
        var request = _site.RequestLog.Single(r => r.Path == "/leden/a.html");
        Assert.Equal(expected, kind == AuthKind.Cookie ? request.Header("Cookie") : request.Header("Authorization"));
        Assert.Null(_site.RequestLog.Single(r => r.Path == "/robots.txt").Header("Authorization"));
    }

    [Theory]
    [InlineData(AuthKind.Basic)]
    [InlineData(AuthKind.Bearer)]
    [InlineData(AuthKind.Cookie)]
    public async Task Should_never_forward_credentials_to_another_host_on_redirect(AuthKind kind)
    {
        using var services = Services();
        var fetcher = services.NewRun().ForSource(MembersSite.Source(_site, SourceId, kind));

        var result = await fetcher.FetchAsync(_site.Url("/naar-elders"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(["/robots.txt", "/elders.html"], _witness.Requests);
        Assert.All(_witness.RequestLog, r =>
        {
            Assert.Null(r.Header("Authorization"));
            Assert.Null(r.Header("Cookie"));
        });
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Should_stop_the_run_when_the_source_refuses_the_credentials(int status)
    {
        _site.SetStatus("/leden/b.html", status);
        using var services = Services();
        var fetcher = services.NewRun().ForSource(MembersSite.Source(_site, SourceId, AuthKind.Basic));

        var ex = await Assert.ThrowsAsync<HarvestException>(() => fetcher.FetchAsync(_site.Url("/leden/b.html"), CancellationToken.None));

        Assert.Contains($"HTTP {status}", ex.Message);
        Assert.DoesNotContain(Password, ex.ToString());
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("harvester:" + Password)), ex.ToString());
    }

    [Fact]
    public async Task Should_stop_the_run_when_a_login_page_comes_back_instead_of_content()
    {
        _site.SetHtml("/leden/c.html", $"<html><form {MembersSite.LoginMarker}></form></html>");
        using var services = Services();
        var fetcher = services.NewRun().ForSource(MembersSite.Source(_site, SourceId, AuthKind.Cookie));

        var ex = await Assert.ThrowsAsync<HarvestException>(() => fetcher.FetchAsync(_site.Url("/leden/c.html"), CancellationToken.None));

        Assert.Contains("login page was returned", ex.Message);
        Assert.DoesNotContain(Cookie, ex.ToString());
    }

    [Fact]
    public async Task Should_send_no_credentials_when_the_fetcher_is_not_bound_to_the_source()
    {
        using var services = Services();

        var result = await services.NewRun().FetchAsync(_site.Url("/leden/a.html"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Transient, result.FailureKind);
        Assert.Null(_site.RequestLog.Single(r => r.Path == "/leden/a.html").Header("Authorization"));
    }

    [Fact]
    public async Task Should_keep_header_credentials_out_of_every_log_entry()
    {
        _site.SetStatus("/leden/b.html", 401);
        using var services = Services();
        foreach (var kind in new[] { AuthKind.Basic, AuthKind.Bearer, AuthKind.Cookie })
        {
            var fetcher = services.NewRun().ForSource(MembersSite.Source(_site, SourceId, kind));
            await fetcher.FetchAsync(_site.Url("/leden/a.html"), CancellationToken.None);
            await fetcher.FetchAsync(_site.Url("/naar-elders"), CancellationToken.None);
            await Assert.ThrowsAsync<HarvestException>(() => fetcher.FetchAsync(_site.Url("/leden/b.html"), CancellationToken.None));
        }

        Assert.NotEmpty(services.Logs.Entries);
        Assert.All(services.Logs.Entries, entry =>
        {
            Assert.DoesNotContain(Password, entry);
            Assert.DoesNotContain(Token, entry);
            Assert.DoesNotContain("c00k13w44rd3", entry);
        });
    }

    /// <summary>Answers 200 only to a request carrying one of the configured credentials, else 403 (status 401 would name a scheme).</summary>
    private static async Task RequireAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var cookie = context.Request.Headers.Cookie.ToString();
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("harvester:" + Password));
        if (authorization != basic && authorization != "Bearer " + Token && cookie != Cookie)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        context.Response.ContentType = "text/html";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("<html>leden</html>"), context.RequestAborted);
    }

    private static FetcherServices Services() => new(new Dictionary<string, string?>
    {
        [$"Search:Credentials:{SourceId}:Username"] = "harvester",
        [$"Search:Credentials:{SourceId}:Password"] = Password,
        [$"Search:Credentials:{SourceId}:Token"] = Token,
        [$"Search:Credentials:{SourceId}:Cookie"] = Cookie,
    });
}
