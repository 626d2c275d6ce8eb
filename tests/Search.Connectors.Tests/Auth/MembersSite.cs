using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Search.Connectors.Abstractions;
using Search.TestKit;

namespace Search.Connectors.Tests.Auth;

/// <summary>How a <see cref="MembersSite"/> page answers a request without a valid session.</summary>
public enum LoggedOutAnswer
{
    /// <summary>302 to the login page.</summary>
    RedirectToLogin,

    /// <summary>200 with the login form (a "soft 401").</summary>
    LoginForm,

    /// <summary>401.</summary>
    Unauthorized,
}

/// <summary>
/// A members site on a <see cref="LoopbackSite"/>: <c>/login</c> takes a form post, sets a session cookie and
/// redirects to <c>/welkom</c>; pages under <c>/leden/</c> need that session, which expires after a number of requests.
/// </summary>
internal sealed class MembersSite
{
    public const string Username = "harvester";
    public const string Password = "Zeer-Geheim-Wachtwoord-7731";
    public const string LoginMarker = "id=\"login-form\"";
    public const string SuccessMarker = "Uitloggen";

    private const string LoginForm = "<html><form id=\"login-form\" method=\"post\"><input name=\"gebruiker\"><input name=\"wachtwoord\" type=\"password\"></form></html>";

    private readonly LoopbackSite _site;
    private readonly ConcurrentDictionary<string, int> _sessions = new(StringComparer.Ordinal);
    private int _logins;

    public MembersSite(LoopbackSite site, int requestsPerSession = int.MaxValue, LoggedOutAnswer loggedOut = LoggedOutAnswer.RedirectToLogin)
    {
        _site = site;
        RequestsPerSession = requestsPerSession;
        LoggedOut = loggedOut;
        site.SetHandler("/login", LoginAsync);
        site.SetHtml("/welkom", $"<html><a href=\"/uitloggen\">{SuccessMarker}</a></html>");
    }

    public int RequestsPerSession { get; set; }

    public LoggedOutAnswer LoggedOut { get; set; }

    /// <summary>When true, a correct login still yields a session the pages do not accept.</summary>
    public bool SessionsBroken { get; set; }

    public int Logins => Volatile.Read(ref _logins);

    public Uri LoginUrl => _site.Url("/login");

    /// <summary>Adds a members-only page; <paramref name="redirectTo"/> makes it redirect (with a valid session) instead.</summary>
    public void AddPage(string path, string text, string? redirectTo = null) =>
        _site.SetHandler(path, context => PageAsync(context, text, redirectTo));

    public static SourceDefinition Source(LoopbackSite site, string id, AuthKind kind) => new()
    {
        Id = id,
        Name = "Leden",
        Kind = SourceKind.Crawl,
        Url = site.Url("/"),
        Schedule = "0 0 3 * * ?",
        Visibility = Visibility.Members,
        Auth = new SourceAuth
        {
            Kind = kind,
            LoginUrl = kind == AuthKind.Form ? site.Url("/login") : null,
            UsernameField = "gebruiker",
            PasswordField = "wachtwoord",
            SuccessMarker = kind == AuthKind.Form ? SuccessMarker : null,
            LoginMarker = LoginMarker,
        },
    };

    private async Task LoginAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await WriteHtmlAsync(context, LoginForm);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["gebruiker"] != Username || form["wachtwoord"] != Password)
        {
            await WriteHtmlAsync(context, LoginForm);
            return;
        }

        Interlocked.Increment(ref _logins);
        var session = Guid.NewGuid().ToString("N");
        if (!SessionsBroken)
        {
            _sessions[session] = 0;
        }

        context.Response.Headers.Append("Set-Cookie", $"sessie={session}; Path=/; HttpOnly");
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = "/welkom";
    }

    private async Task PageAsync(HttpContext context, string text, string? redirectTo)
    {
        var session = context.Request.Cookies["sessie"];
        if (session is null || !_sessions.TryGetValue(session, out var used) || used >= RequestsPerSession)
        {
            switch (LoggedOut)
            {
                case LoggedOutAnswer.RedirectToLogin:
                    context.Response.StatusCode = StatusCodes.Status302Found;
                    context.Response.Headers.Location = "/login?terug=" + WebUtility.UrlEncode(context.Request.Path);
                    return;
                case LoggedOutAnswer.LoginForm:
                    await WriteHtmlAsync(context, LoginForm);
                    return;
                default:
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
            }
        }

        _sessions[session] = used + 1;
        if (redirectTo is not null)
        {
            context.Response.StatusCode = StatusCodes.Status302Found;
            context.Response.Headers.Location = redirectTo;
            return;
        }

        await WriteHtmlAsync(context, $"<html><body>{text}</body></html>");
    }

    private static Task WriteHtmlAsync(HttpContext context, string html)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(html), context.RequestAborted).AsTask();
    }
}
