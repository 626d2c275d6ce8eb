using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Search.Connectors.Abstractions;

namespace Search.Connectors.Http;

/// <summary>
/// The one way connectors fetch over HTTP: a typed client behind the resilience pipeline
/// (total timeout, retries honouring Retry-After, per-host circuit breaker, attempt timeout),
/// an SSRF guard on every connection, and a size cap on the decompressed body.
/// </summary>
public sealed partial class HttpFetcher(HttpClient http, IOptions<HarvestHttpOptions> options, ILogger<HttpFetcher> logger)
{
    private readonly HarvestHttpOptions _options = options.Value;

    public Task<FetchResult> FetchAsync(Uri url, CancellationToken cancellationToken) => FetchAsync(new FetchRequest(url), cancellationToken);

    public async Task<FetchResult> FetchAsync(FetchRequest fetch, CancellationToken cancellationToken)
    {
        var url = fetch.Url;
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return FetchResult.Failed(url, HarvestFailureKind.Rejected, $"Only http and https URLs are harvested, not '{url.Scheme}'.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.TotalTimeout);
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

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var finalUrl = response.RequestMessage?.RequestUri ?? url;
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return conditional
                    ? new FetchResult(url, finalUrl, response.StatusCode, null, null, fetch.LastModified, null, null) { NotModified = true, ETag = fetch.ETag }
                    : FetchResult.Failed(url, HarvestFailureKind.Transient, "Unsolicited 304 Not Modified to an unconditional request.", response.StatusCode);
            }
            if (!response.IsSuccessStatusCode)
            {
                LogStatus(logger, url, (int)response.StatusCode);
                return FetchResult.Failed(url, FetchResult.ClassifyStatus(response.StatusCode), $"HTTP {(int)response.StatusCode}", response.StatusCode);
            }

            if (response.Content.Headers.ContentLength > _options.MaxResponseBytes)
            {
                return FetchResult.Failed(url, HarvestFailureKind.Rejected,
                    $"Response of {response.Content.Headers.ContentLength} bytes exceeds the cap of {_options.MaxResponseBytes} bytes.", response.StatusCode);
            }

            var body = await ReadCappedAsync(response.Content, _options.MaxResponseBytes, deadline.Token).ConfigureAwait(false);
            if (body is null)
            {
                return FetchResult.Failed(url, HarvestFailureKind.Rejected,
                    $"Response exceeds the cap of {_options.MaxResponseBytes} bytes.", response.StatusCode);
            }

            return new FetchResult(url, finalUrl, response.StatusCode, response.Content.Headers.ContentType?.ToString(), body,
                response.Content.Headers.LastModified, null, null) { ETag = response.Headers.ETag?.ToString() };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (FindPrivateNetwork(ex) is { } refused)
        {
            return FetchResult.Failed(url, HarvestFailureKind.Rejected, refused.Message);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutRejectedException)
        {
            LogFailure(logger, url, "timeout");
            return FetchResult.Failed(url, HarvestFailureKind.Transient, $"Timed out after {_options.TotalTimeout.TotalSeconds:0.#} s.");
        }
        catch (BrokenCircuitException ex)
        {
            LogFailure(logger, url, "circuit open");
            return FetchResult.Failed(url, HarvestFailureKind.Transient, $"Host circuit is open: {ex.Message}");
        }
        catch (HttpRequestException ex)
        {
            LogFailure(logger, url, ex.Message);
            return FetchResult.Failed(url, HarvestFailureKind.Transient, ex.Message);
        }
    }

    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, long cap, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await StreamLimits.ReadAtMostAsync(stream, cap, cancellationToken).ConfigureAwait(false);
    }

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

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Fetch {Url} answered HTTP {Status}")]
    private static partial void LogStatus(ILogger logger, Uri url, int status);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Fetch {Url} failed: {Reason}")]
    private static partial void LogFailure(ILogger logger, Uri url, string reason);
}
