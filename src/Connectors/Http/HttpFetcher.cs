using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Search.Connectors.Abstractions;
using Search.Connectors.Auth;

namespace Search.Connectors.Http;

/// <summary>
/// The one way connectors fetch over HTTP: a typed client behind the resilience pipeline (total timeout, retries
/// honouring Retry-After, per-host circuit breaker, attempt timeout), robots.txt per run, one request in flight per
/// host with a gap between requests, redirects followed here (each hop re-checked), an SSRF guard on every connection,
/// a size cap on the decompressed body and a whole-document deadline. Members-only sources are authenticated when the
/// fetcher is bound to the source (<see cref="ForSource"/>) or the request names it (<see cref="FetchRequest.Source"/>).
/// </summary>
/// <remarks>
/// Exempt from robots.txt: robots.txt itself, the sitemaps robots.txt lists, and a source's form-login POST.
/// Credentials (Authorization header, cookies) are only ever sent to the source's own origins.
/// </remarks>
public sealed partial class HttpFetcher
{
    private readonly HttpClient _http;
    private readonly HostGate _gate;
    private readonly RobotsCache _robots;
    private readonly SourceSessions _sessions;
    private readonly HarvestHttpOptions _options;
    private readonly ILogger<HttpFetcher> _logger;
    private readonly string _productToken;

    public HttpFetcher(
        HttpClient http,
        HostGate gate,
        RobotsCache robots,
        SourceSessions sessions,
        IOptions<HarvestHttpOptions> options,
        ILogger<HttpFetcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _gate = gate;
        _robots = robots;
        _sessions = sessions;
        _options = options.Value;
        _logger = logger;
        _productToken = RobotsRules.ProductToken(_options.UserAgent);
    }

    private HttpFetcher(HttpFetcher other, SourceDefinition source)
    {
        _http = other._http;
        _gate = other._gate;
        _robots = other._robots;
        _sessions = other._sessions;
        _options = other._options;
        _logger = other._logger;
        _productToken = other._productToken;
        Source = source;
    }

    /// <summary>The source this fetcher authenticates for, if bound with <see cref="ForSource"/>.</summary>
    public SourceDefinition? Source { get; }

    /// <summary>
    /// A fetcher for one source's run: every fetch carries the source's credentials to its own origins, logs in
    /// (form login) when needed and detects an expired session. Connectors call this once at the start of a run.
    /// </summary>
    public HttpFetcher ForSource(SourceDefinition source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new HttpFetcher(this, source);
    }

    public Task<FetchResult> FetchAsync(Uri url, CancellationToken cancellationToken) => FetchAsync(new FetchRequest(url), cancellationToken);

    /// <exception cref="HarvestException">A members-only source could not be logged in (or stays logged out after
    /// logging in again): the run must stop without removing anything.</exception>
    public async Task<FetchResult> FetchAsync(FetchRequest fetch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        var url = fetch.Url;
        if (!IsHttp(url))
        {
            return FetchResult.Failed(url, HarvestFailureKind.Rejected, $"Only http and https URLs are harvested, not '{url.Scheme}'.");
        }

        var source = fetch.Source ?? Source;
        if (source?.Auth is not { Kind: not AuthKind.None })
        {
            return (await FollowAsync(fetch, null, cancellationToken).ConfigureAwait(false)).Result;
        }

        var session = _sessions.For(source);
        if (session.IsLoginPage(url))
        {
            return FetchResult.Failed(url, HarvestFailureKind.Rejected, "The source's login page is not harvested.");
        }

        for (var attempt = 1; ; attempt++)
        {
            if (session.Auth.Kind == AuthKind.Form)
            {
                await EnsureLoggedInAsync(session, cancellationToken).ConfigureAwait(false);
            }

            var generation = session.Generation;
            var outcome = await FollowAsync(fetch, session, cancellationToken).ConfigureAwait(false);
            if (outcome.Expired is not { } reason)
            {
                return outcome.Result;
            }

            LogSessionExpired(_logger, source.Id, url, reason);
            if (session.Auth.Kind == AuthKind.Form && attempt == 1)
            {
                session.Expire(generation);
                continue;
            }

            throw new HarvestException(session.Auth.Kind == AuthKind.Form
                ? $"Source '{source.Id}' is still not logged in after logging in again ({reason} for {url}); the run stops and keeps every document."
                : $"Source '{source.Id}' refused the configured {session.Auth.Kind} credentials ({reason} for {url}); the run stops and keeps every document.");
        }
    }

    /// <summary>Fetches one URL, following redirects hop by hop (robots, scheme, loop and hop-count checks on each).</summary>
    private async Task<Outcome> FollowAsync(FetchRequest fetch, SourceSession? session, CancellationToken cancellationToken)
    {
        // Exact URLs, not UrlNormalizer's: a redirect that strips tracking parameters or reorders the query is no loop.
        var visited = new HashSet<string>(StringComparer.Ordinal) { Redirects.Resolve(fetch.Url, fetch.Url).AbsoluteUri };
        var current = fetch.Url;
        for (var redirects = 0; ; redirects++)
        {
            var policy = await _robots.GetAsync(current, ReadRobotsAsync, cancellationToken).ConfigureAwait(false);
            if (policy.Check(current, _options.MaxCrawlDelay) is { } refusal)
            {
                LogNotFetched(_logger, current, refusal.Reason);
                return new Outcome(Fail(fetch.Url, current, refusal.Kind, refusal.Reason));
            }

            var hop = await SendAsync(fetch, current, session, policy.GapBetweenRequests(_options.MinDelayPerHost), cancellationToken)
                .ConfigureAwait(false);
            if (hop.Location is not { } next)
            {
                return hop.Outcome!;
            }

            if (session is not null && session.IsLoginPage(next))
            {
                return Outcome.SessionExpired("redirected to the login page");
            }

            if (redirects >= _options.MaxRedirects)
            {
                return new Outcome(Fail(fetch.Url, current, HarvestFailureKind.Transient, $"More than {_options.MaxRedirects} redirects."));
            }

            if (!IsHttp(next))
            {
                return new Outcome(Fail(fetch.Url, current, HarvestFailureKind.Rejected, $"Redirect to a non-HTTP URL ('{next.Scheme}:') refused."));
            }

            if (!visited.Add(next.AbsoluteUri))
            {
                return new Outcome(Fail(fetch.Url, current, HarvestFailureKind.Transient, $"Redirect loop: {next} was already visited."));
            }

            LogRedirect(_logger, current, next);
            current = next;
        }
    }

    /// <summary>One request, holding the host's gate until its body is read; a redirect is returned, not followed.</summary>
    private async Task<Hop> SendAsync(FetchRequest fetch, Uri url, SourceSession? session, TimeSpan gap, CancellationToken cancellationToken)
    {
        using var lease = await _gate.EnterAsync(HostGate.KeyOf(url), gap, cancellationToken).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.TotalTimeout);
        var authenticated = session is not null && session.IsOwnOrigin(url);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            var conditional = fetch.ETag is not null || fetch.LastModified is not null;
            if (fetch.ETag is not null && EntityTagHeaderValue.TryParse(fetch.ETag, out var etag))
            {
                request.Headers.IfNoneMatch.Add(etag);
            }

            if (fetch.LastModified is { } since)
            {
                request.Headers.IfModifiedSince = since;
            }

            session?.ApplyTo(request);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            session?.Remember(url, response);
            var status = response.StatusCode;
            if (Redirects.IsRedirect(status))
            {
                return response.Headers.Location is { } location
                    ? new Hop(null, Redirects.Resolve(url, location))
                    : Done(Fail(fetch.Url, url, HarvestFailureKind.Transient, $"HTTP {(int)status} without a Location header.", status));
            }

            if (authenticated && status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return new Hop(Outcome.SessionExpired($"HTTP {(int)status}"), null);
            }

            if (status == HttpStatusCode.NotModified)
            {
                return Done(conditional
                    ? new FetchResult(fetch.Url, url, status, null, null, fetch.LastModified, null, null) { NotModified = true, ETag = fetch.ETag }
                    : Fail(fetch.Url, url, HarvestFailureKind.Transient, "Unsolicited 304 Not Modified to an unconditional request.", status));
            }

            if (!response.IsSuccessStatusCode)
            {
                LogStatus(_logger, url, (int)status);
                return Done(Fail(fetch.Url, url, FetchResult.ClassifyStatus(status), $"HTTP {(int)status}", status));
            }

            if (response.Content.Headers.ContentLength > _options.MaxResponseBytes)
            {
                return Done(Fail(fetch.Url, url, HarvestFailureKind.Rejected,
                    $"Response of {response.Content.Headers.ContentLength} bytes exceeds the cap of {_options.MaxResponseBytes} bytes.", status));
            }

            await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            var body = await StreamLimits.ReadAtMostAsync(stream, _options.MaxResponseBytes, deadline.Token).ConfigureAwait(false);
            if (body is null)
            {
                return Done(Fail(fetch.Url, url, HarvestFailureKind.Rejected, $"Response exceeds the cap of {_options.MaxResponseBytes} bytes.", status));
            }

            if (authenticated && session!.ContainsLoginMarker(body))
            {
                return new Hop(Outcome.SessionExpired("the login page was returned instead of content"), null);
            }

            return Done(new FetchResult(fetch.Url, url, status, response.Content.Headers.ContentType?.ToString(), body,
                response.Content.Headers.LastModified, null, null)
            {
                ETag = response.Headers.ETag?.ToString(),
                Headers = response.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase),
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (FindPrivateNetwork(ex) is { } refused)
        {
            return Done(Fail(fetch.Url, url, HarvestFailureKind.Rejected, refused.Message));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutRejectedException)
        {
            LogFailure(_logger, url, "timeout");
            return Done(Fail(fetch.Url, url, HarvestFailureKind.Transient, $"Timed out after {_options.TotalTimeout.TotalSeconds:0.#} s."));
        }
        catch (BrokenCircuitException ex)
        {
            LogFailure(_logger, url, "circuit open");
            return Done(Fail(fetch.Url, url, HarvestFailureKind.Transient, $"Host circuit is open: {ex.Message}"));
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidDataException)
        {
            // IOException: the connection closed before Content-Length bytes arrived (a truncated body is never a document).
            LogFailure(_logger, url, ex.Message);
            return Done(Fail(fetch.Url, url, HarvestFailureKind.Transient, ex.Message));
        }

        static Hop Done(FetchResult result) => new(new Outcome(result), null);
    }

    private static bool IsHttp(Uri url) => url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);

    private static FetchResult Fail(Uri url, Uri finalUrl, HarvestFailureKind kind, string error, HttpStatusCode? status = null) =>
        FetchResult.Failed(url, kind, error, status) with { FinalUrl = finalUrl };

    private static PrivateNetworkException? FindPrivateNetwork(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is PrivateNetworkException p)
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>A finished fetch, or (members-only sources) the sign that the session has expired.</summary>
    private sealed record Outcome(FetchResult Result, string? Expired = null)
    {
        public static Outcome SessionExpired(string reason) => new(null!, reason);
    }

    private sealed record Hop(Outcome? Outcome, Uri? Location);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Fetch {Url} answered HTTP {Status}")]
    private static partial void LogStatus(ILogger logger, Uri url, int status);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Fetch {Url} failed: {Reason}")]
    private static partial void LogFailure(ILogger logger, Uri url, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Not fetching {Url}: {Reason}")]
    private static partial void LogNotFetched(ILogger logger, Uri url, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "Redirect {From} -> {To}")]
    private static partial void LogRedirect(ILogger logger, Uri from, Uri to);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Source {SourceId}: session expired at {Url} ({Reason})")]
    private static partial void LogSessionExpired(ILogger logger, string sourceId, Uri url, string reason);
}
