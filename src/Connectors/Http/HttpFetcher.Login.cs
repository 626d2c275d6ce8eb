using System.Net;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Search.Connectors.Abstractions;
using Search.Connectors.Auth;

namespace Search.Connectors.Http;

public sealed partial class HttpFetcher
{
    private async Task EnsureLoggedInAsync(SourceSession session, CancellationToken cancellationToken)
    {
        if (session.IsLoggedIn)
        {
            return;
        }

        await session.LoginLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!session.IsLoggedIn)
            {
                await LoginAsync(session, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            session.LoginLock.Release();
        }
    }

    /// <summary>
    /// Form login: POSTs the user name and password fields to the login URL (not subject to robots.txt), follows
    /// redirects within the source's origins keeping the session cookies, and checks the success marker.
    /// </summary>
    /// <exception cref="HarvestException">The login failed; the message never contains a credential.</exception>
    private async Task LoginAsync(SourceSession session, CancellationToken cancellationToken)
    {
        var auth = session.Auth;
        var loginUrl = auth.LoginUrl!;
        var sourceId = session.Source.Id;
        session.ClearCookies();
        LogLoggingIn(_logger, sourceId, loginUrl);

        var current = loginUrl;
        var method = HttpMethod.Post;
        for (var redirects = 0; ; redirects++)
        {
            if (!session.IsOwnOrigin(current))
            {
                throw LoginFailed(sourceId, "the login redirected to another origin");
            }

            using var lease = await _gate.EnterAsync(HostGate.KeyOf(current), _options.MinDelayPerHost, cancellationToken).ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.TotalTimeout);
            using var request = new HttpRequestMessage(method, current);
            if (method == HttpMethod.Post)
            {
                request.Content = new FormUrlEncodedContent(
                [
                    new KeyValuePair<string, string>(auth.UsernameField, session.Credentials.Username!),
                    new KeyValuePair<string, string>(auth.PasswordField, session.Credentials.Password!),
                ]);
            }

            session.ApplyTo(request);
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                session.Remember(current, response);
                if (Redirects.IsRedirect(response.StatusCode))
                {
                    var next = response.Headers.Location is { } location ? Redirects.Resolve(current, location) : null;
                    if (next is null || redirects >= _options.MaxRedirects)
                    {
                        throw LoginFailed(sourceId, "the login answered a redirect that cannot be followed");
                    }

                    if (session.IsLoginPage(next) && method == HttpMethod.Post)
                    {
                        throw LoginFailed(sourceId, "the login redirected back to the login page (wrong user name or password?)");
                    }

                    method = Redirects.NextMethod(response.StatusCode, method);
                    current = next;
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw LoginFailed(sourceId, $"the login answered HTTP {(int)response.StatusCode}");
                }

                await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
                var body = await StreamLimits.ReadAtMostAsync(stream, _options.MaxResponseBytes, deadline.Token).ConfigureAwait(false) ?? [];
                if (!session.ContainsSuccessMarker(body) || (auth.SuccessMarker is null && session.ContainsLoginMarker(body)))
                {
                    throw LoginFailed(sourceId, "the page after logging in does not show the success marker (wrong user name or password?)");
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidDataException or OperationCanceledException
                or TimeoutRejectedException or BrokenCircuitException or PrivateNetworkException)
            {
                throw LoginFailed(sourceId, FindPrivateNetwork(ex)?.Message ?? $"the login page could not be read ({ex.GetType().Name})", ex);
            }

            session.LoggedIn();
            LogLoggedIn(_logger, sourceId);
            return;
        }
    }

    private static HarvestException LoginFailed(string sourceId, string reason, Exception? inner = null) =>
        new($"Login for source '{sourceId}' failed: {reason}. The run stops and keeps every document.", inner);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Source {SourceId}: logging in at {LoginUrl}")]
    private static partial void LogLoggingIn(ILogger logger, string sourceId, Uri loginUrl);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "Source {SourceId}: logged in")]
    private static partial void LogLoggedIn(ILogger logger, string sourceId);
}
