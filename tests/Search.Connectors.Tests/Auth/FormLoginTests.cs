using System.Text;
using Search.Connectors.Abstractions;
using Search.Connectors.Tests.Http;
using Search.TestKit;

namespace Search.Connectors.Tests.Auth;

public sealed class FormLoginTests : IAsyncLifetime
{
    private const string SourceId = "leden";

    private LoopbackSite _site = null!;
    private MembersSite _members = null!;

    public async Task InitializeAsync()
    {
        _site = await LoopbackSite.StartAsync();
        _members = new MembersSite(_site);
        for (var i = 1; i <= 5; i++)
        {
            _members.AddPage($"/leden/{i}.html", $"Ledenartikel {i}");
        }
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Should_log_in_with_the_configured_form_fields_and_send_the_session_cookie()
    {
        using var services = Services();
        var fetcher = services.NewRun().ForSource(MembersSite.Source(_site, SourceId, AuthKind.Form));

        var result = await fetcher.FetchAsync(_site.Url("/leden/1.html"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Contains("Ledenartikel 1", Encoding.UTF8.GetString(result.Body!));
        var login = Assert.Single(_site.RequestLog, r => r.Method == "POST");
        Assert.Equal("/login", login.Path);
        Assert.Equal($"gebruiker={MembersSite.Username}&wachtwoord={MembersSite.Password}", login.Form);
        Assert.StartsWith("sessie=", _site.RequestLog.Single(r => r.Path == "/leden/1.html").Header("Cookie"));
    }

    [Fact]
    public async Task Should_log_in_once_per_run_and_again_in_the_next_run()
    {
        using var services = Services();
        var source = MembersSite.Source(_site, SourceId, AuthKind.Form);
        var run = services.NewRun().ForSource(source);

        for (var i = 1; i <= 3; i++)
        {
            Assert.True((await run.FetchAsync(_site.Url($"/leden/{i}.html"), CancellationToken.None)).IsSuccess);
        }

        Assert.Equal(1, _members.Logins);
        Assert.True((await services.NewRun().ForSource(source).FetchAsync(_site.Url("/leden/4.html"), CancellationToken.None)).IsSuccess);
        Assert.Equal(2, _members.Logins);
    }

    [Theory]
    [InlineData(LoggedOutAnswer.RedirectToLogin)]
    [InlineData(LoggedOutAnswer.LoginForm)]
    [InlineData(LoggedOutAnswer.Unauthorized)]
    public async Task Should_log_in_again_when_the_session_expires_and_never_return_the_login_page(LoggedOutAnswer loggedOut)
    {
        _members.RequestsPerSession = 2;
        _members.LoggedOut = loggedOut;
        using var services = Services();
        var fetcher = services.NewRun().ForSource(MembersSite.Source(_site, SourceId, AuthKind.Form));

        var bodies = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            var result = await fetcher.FetchAsync(_site.Url($"/leden/{i}.html"), CancellationToken.None);
            Assert.True(result.IsSuccess, result.Error);
            bodies.Add(Encoding.UTF8.GetString(result.Body!));
        }

        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"<html><body>Ledenartikel {i}</body></html>"), bodies);
        Assert.Equal(3, _members.Logins);
    }

    [Fact]
    public async Task Should_stop_the_run_when_the_password_is_wrong()
    {
        using var services = Services(password: "verkeerd-wachtwoord");
        var fetcher = services.NewRun().ForSource(MembersSite.Source(_site, SourceId, AuthKind.Form));

        var ex = await Assert.ThrowsAsync<HarvestException>(() => fetcher.FetchAsync(_site.Url("/leden/1.html"), CancellationToken.None));

        Assert.Contains($"Login for source '{SourceId}' failed", ex.Message);
        Assert.DoesNotContain("verkeerd-wachtwoord", ex.ToString());
        Assert.Equal(0, _site.CountRequests("/leden/1.html"));
    }

    [Fact]
    public async Task Should_stop_the_run_when_logging_in_again_does_not_help()
    {
        _members.SessionsBroken = true;
        _members.LoggedOut = LoggedOutAnswer.LoginForm;
        using var services = Services();
        var fetcher = services.NewRun().ForSource(MembersSite.Source(_site, SourceId, AuthKind.Form));

        var ex = await Assert.ThrowsAsync<HarvestException>(() => fetcher.FetchAsync(_site.Url("/leden/1.html"), CancellationToken.None));

        Assert.Contains("still not logged in after logging in again", ex.Message);
        Assert.Equal(2, _members.Logins);
        Assert.Equal(2, _site.CountRequests("/leden/1.html"));
    }

    [Fact]
    public async Task Should_stop_the_run_when_no_password_is_configured_naming_the_setting()
    {
        using var services = new FetcherServices(new Dictionary<string, string?> { [$"Search:Credentials:{SourceId}:Username"] = MembersSite.Username });
        var fetcher = services.NewRun().ForSource(MembersSite.Source(_site, SourceId, AuthKind.Form));

        var ex = await Assert.ThrowsAsync<HarvestException>(() => fetcher.FetchAsync(_site.Url("/leden/1.html"), CancellationToken.None));

        Assert.Contains($"Search:Credentials:{SourceId}:Password is not configured", ex.Message);
        Assert.Empty(_site.Requests);
    }

    [Fact]
    public async Task Should_not_harvest_the_login_page_itself()
    {
        using var services = Services();
        var fetcher = services.NewRun().ForSource(MembersSite.Source(_site, SourceId, AuthKind.Form));

        var result = await fetcher.FetchAsync(_site.Url("/login"), CancellationToken.None);

        Assert.Equal(HarvestFailureKind.Rejected, result.FailureKind);
        Assert.Empty(_site.Requests);
    }

    [Fact]
    public async Task Should_log_in_through_the_request_source_as_well_as_through_a_bound_fetcher()
    {
        using var services = Services();
        var fetcher = services.NewRun();

        var anonymous = await fetcher.FetchAsync(_site.Url("/leden/1.html"), CancellationToken.None);
        var member = await fetcher.FetchAsync(
            new Connectors.Http.FetchRequest(_site.Url("/leden/1.html")) { Source = MembersSite.Source(_site, SourceId, AuthKind.Form) },
            CancellationToken.None);

        Assert.False(anonymous.IsSuccess);
        Assert.True(member.IsSuccess, member.Error);
        Assert.Equal(1, _members.Logins);
    }

    [Fact]
    public async Task Should_never_send_the_session_cookie_to_another_host_after_a_redirect()
    {
        await using var witness = await LoopbackSite.StartAsync();
        witness.SetHtml("/elders.html", "<html>elders</html>");
        _members.AddPage("/leden/doorverwijzing.html", "", redirectTo: witness.Url("/elders.html").AbsoluteUri);
        using var services = Services();
        var fetcher = services.NewRun().ForSource(MembersSite.Source(_site, SourceId, AuthKind.Form));

        var result = await fetcher.FetchAsync(_site.Url("/leden/doorverwijzing.html"), CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(witness.Url("/elders.html"), result.FinalUrl);
        Assert.NotNull(_site.RequestLog.Single(r => r.Path == "/leden/doorverwijzing.html").Header("Cookie"));
        Assert.All(witness.RequestLog, r =>
        {
            Assert.Null(r.Header("Cookie"));
            Assert.Null(r.Header("Authorization"));
        });
        Assert.Equal(2, witness.RequestLog.Count);
    }

    [Fact]
    public async Task Should_keep_credentials_out_of_every_log_entry()
    {
        _members.RequestsPerSession = 1;
        using var services = Services();
        var fetcher = services.NewRun().ForSource(MembersSite.Source(_site, SourceId, AuthKind.Form));
        await fetcher.FetchAsync(_site.Url("/leden/1.html"), CancellationToken.None);
        await fetcher.FetchAsync(_site.Url("/leden/2.html"), CancellationToken.None);
        using var wrong = Services(password: "Ander-Geheim-Wachtwoord-99");
        await Assert.ThrowsAsync<HarvestException>(() =>
            wrong.NewRun().ForSource(MembersSite.Source(_site, SourceId, AuthKind.Form)).FetchAsync(_site.Url("/leden/3.html"), CancellationToken.None));

        var cookies = _site.RequestLog.Select(r => r.Header("Cookie")).OfType<string>().ToArray();
        Assert.NotEmpty(cookies);
        Assert.Contains(services.Logs.Entries, e => e.Contains("logged in", StringComparison.Ordinal));
        foreach (var entry in services.Logs.Entries.Concat(wrong.Logs.Entries))
        {
            Assert.DoesNotContain(MembersSite.Password, entry);
            Assert.DoesNotContain("Ander-Geheim-Wachtwoord-99", entry);
            Assert.All(cookies, c => Assert.DoesNotContain(c.Split('=')[1], entry));
        }
    }

    private static FetcherServices Services(string password = MembersSite.Password) => new(new Dictionary<string, string?>
    {
        [$"Search:Credentials:{SourceId}:Username"] = MembersSite.Username,
        [$"Search:Credentials:{SourceId}:Password"] = password,
    });
}
