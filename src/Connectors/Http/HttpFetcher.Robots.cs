using System.Net;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Search.Connectors.Http;

public sealed partial class HttpFetcher
{
    /// <summary>RFC 9309 §2.3.1.2: at least five consecutive redirects are followed for robots.txt.</summary>
    public const int MaxRobotsRedirects = 5;

    /// <summary>
    /// Reads a host's robots.txt: 2xx → its rules; 4xx (or more than 5 redirects) → allow all; 429, 5xx, timeout or
    /// unreachable → disallow all for this run; refused by the SSRF guard → every URL of the host is rejected.
    /// </summary>
    private async Task<RobotsPolicy> ReadRobotsAsync(Uri origin, CancellationToken cancellationToken)
    {
        var current = new Uri(origin, "/robots.txt");
        for (var redirects = 0; ; redirects++)
        {
            using var lease = await _gate.EnterAsync(HostGate.KeyOf(current), _options.MinDelayPerHost, cancellationToken).ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(_options.TotalTimeout);
            RobotsPolicy policy;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (Redirects.IsRedirect(response.StatusCode))
                {
                    var next = response.Headers.Location is { } location ? Redirects.Resolve(current, location) : null;
                    if (next is null || redirects >= MaxRobotsRedirects || !IsHttp(next))
                    {
                        policy = RobotsPolicy.Unavailable;
                    }
                    else
                    {
                        current = next;
                        continue;
                    }
                }
                else if (response.IsSuccessStatusCode)
                {
                    await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
                    var head = await StreamLimits.ReadHeadAsync(stream, RobotsRules.MaxBytes, deadline.Token).ConfigureAwait(false);
                    policy = RobotsPolicy.From(RobotsRules.Parse(head, _productToken, current));
                }
                else
                {
                    policy = status == (int)HttpStatusCode.TooManyRequests || status >= 500
                        ? RobotsPolicy.Unreachable($"HTTP {status}")
                        : RobotsPolicy.Unavailable;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (FindPrivateNetwork(ex) is { } refused)
            {
                policy = RobotsPolicy.Refused(refused.Message);
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutRejectedException)
            {
                policy = RobotsPolicy.Unreachable($"timed out after {_options.TotalTimeout.TotalSeconds:0.#} s");
            }
            catch (BrokenCircuitException)
            {
                policy = RobotsPolicy.Unreachable("the host's circuit is open");
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidDataException)
            {
                policy = RobotsPolicy.Unreachable(ex.Message);
            }

            LogRobots(_logger, origin, policy.Refusal?.ToString() ?? "readable", policy.Rules.CrawlDelay?.TotalSeconds);
            return policy;
        }
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "robots.txt of {Origin}: {Outcome}, crawl-delay {CrawlDelaySeconds} s")]
    private static partial void LogRobots(ILogger logger, Uri origin, string outcome, double? crawlDelaySeconds);
}
