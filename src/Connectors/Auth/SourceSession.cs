using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Search.Connectors.Abstractions;

namespace Search.Connectors.Auth;

/// <summary>
/// The authenticated state of one members-only source during one run: which origins may receive its credentials,
/// the headers to send them in, and (form login) the session cookies. Credentials never leave the source's origins.
/// </summary>
public sealed class SourceSession
{
    private readonly HashSet<string> _origins;
    private readonly SourceCredentials _credentials;
    private CookieContainer _cookies = new();

    private SourceSession(SourceDefinition source, SourceAuth auth, SourceCredentials credentials, HashSet<string> origins)
    {
        Source = source;
        Auth = auth;
        _credentials = credentials;
        _origins = origins;
    }

    public SourceDefinition Source { get; }

    public SourceAuth Auth { get; }

    /// <summary>Form login: true once a login succeeded and until the session is found expired.</summary>
    public bool IsLoggedIn { get; private set; }

    /// <summary>Serialises (re-)logins of this source.</summary>
    internal SemaphoreSlim LoginLock { get; } = new(1, 1);

    internal SourceCredentials Credentials => _credentials;

    /// <summary>Checks that the source's auth settings and its configured credentials fit together.</summary>
    /// <exception cref="HarvestException">A required setting or secret is missing (the message names which, never a value).</exception>
    public static SourceSession Create(SourceDefinition source, SourceCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(source);
        var auth = source.Auth ?? throw new ArgumentException($"Source '{source.Id}' has no auth settings.", nameof(source));
        var key = $"{SourceCredentialStore.SectionName}:{source.Id}";
        string[] needed = auth.Kind switch
        {
            AuthKind.Basic or AuthKind.Form => ["Username", "Password"],
            AuthKind.Bearer => ["Token"],
            AuthKind.Cookie => ["Cookie"],
            _ => [],
        };
        var missing = needed.Where(n => n switch
        {
            "Username" => credentials?.Username is null,
            "Password" => credentials?.Password is null,
            "Token" => credentials?.Token is null,
            _ => credentials?.Cookie is null,
        }).Select(n => $"{key}:{n}").ToArray();
        if (missing.Length > 0)
        {
            throw new HarvestException($"Source '{source.Id}' uses {auth.Kind} authentication but {string.Join(" and ", missing)} is not configured.");
        }

        if (auth.Kind == AuthKind.Form && auth.LoginUrl is not { IsAbsoluteUri: true })
        {
            throw new HarvestException($"Source '{source.Id}' uses form login but has no absolute auth.loginUrl.");
        }

        var origins = new[] { source.Url, auth.LoginUrl }.Concat(source.StartUrls)
            .OfType<Uri>()
            .Where(u => u.IsAbsoluteUri && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps))
            .Select(OriginOf)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new SourceSession(source, auth, credentials!, origins);
    }

    /// <summary><c>scheme://host:port</c>: the only places a source's credentials and cookies are sent to.</summary>
    public static string OriginOf(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return $"{url.Scheme}://{url.IdnHost}:{url.Port}".ToLowerInvariant();
    }

    public bool IsOwnOrigin(Uri url) => url.IsAbsoluteUri && _origins.Contains(OriginOf(url));

    /// <summary>Adds the credentials (header or cookies) to a request for one of the source's own origins; nothing otherwise.</summary>
    public void ApplyTo(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = request.RequestUri!;
        if (!IsOwnOrigin(url))
        {
            return;
        }

        switch (Auth.Kind)
        {
            case AuthKind.Basic:
                var pair = Encoding.UTF8.GetBytes($"{_credentials.Username}:{_credentials.Password}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair));
                break;
            case AuthKind.Bearer:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _credentials.Token);
                break;
        }

        var cookies = string.Join("; ", new[] { Auth.Kind == AuthKind.Cookie ? _credentials.Cookie : null, _cookies.GetCookieHeader(url) }
            .Where(c => !string.IsNullOrEmpty(c)));
        if (cookies.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookies);
        }
    }

    /// <summary>Keeps the cookies a response of one of the source's own origins sets.</summary>
    public void Remember(Uri url, HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!IsOwnOrigin(url) || !response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        foreach (var value in values)
        {
            try
            {
                _cookies.SetCookies(url, value);
            }
            catch (CookieException)
            {
                // A malformed cookie is ignored, like a browser would.
            }
        }
    }

    /// <summary>True when a redirect target is the login page: the session has expired.</summary>
    public bool IsLoginPage(Uri target) =>
        Auth.LoginUrl is { } login && IsOwnOrigin(target) && OriginOf(target) == OriginOf(login)
        && string.Equals(target.AbsolutePath.TrimEnd('/'), login.AbsolutePath.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>True when a 200 body is the login page in disguise (a "soft 401"): it contains the login marker.</summary>
    public bool ContainsLoginMarker(ReadOnlySpan<byte> body) =>
        Auth.LoginMarker is { Length: > 0 } marker && Contains(body, marker);

    /// <summary>True when a body contains the success marker (or no marker is configured).</summary>
    public bool ContainsSuccessMarker(ReadOnlySpan<byte> body) =>
        Auth.SuccessMarker is not { Length: > 0 } marker || Contains(body, marker);

    /// <summary>Changes with every login, so that an expiry seen by several requests leads to one new login.</summary>
    public int Generation { get; private set; }

    internal void LoggedIn()
    {
        IsLoggedIn = true;
        Generation++;
    }

    /// <summary>Forgets the session (cookies included) so that the next request logs in again, unless a newer login already replaced it.</summary>
    internal void Expire(int generation)
    {
        if (generation == Generation)
        {
            IsLoggedIn = false;
            _cookies = new CookieContainer();
        }
    }

    /// <summary>Starts a login from scratch: no cookies of an earlier session.</summary>
    internal void ClearCookies() => _cookies = new CookieContainer();

    /// <summary>Markers are compared as UTF-8 bytes, case-sensitively (pick a distinctive one, e.g. the login form's id).</summary>
    private static bool Contains(ReadOnlySpan<byte> body, string marker) => body.IndexOf(Encoding.UTF8.GetBytes(marker)) >= 0;
}

/// <summary>The sessions of one harvest run (scoped): one per members-only source, created on first use.</summary>
public sealed class SourceSessions(SourceCredentialStore credentials)
{
    private readonly ConcurrentDictionary<string, SourceSession> _sessions = new(StringComparer.Ordinal);

    /// <exception cref="HarvestException">The source's credentials are not (completely) configured.</exception>
    public SourceSession For(SourceDefinition source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return _sessions.GetOrAdd(source.Id, _ => SourceSession.Create(source, credentials.Find(source.Id)));
    }
}
