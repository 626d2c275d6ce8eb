using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Search.TestKit;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (random port) that serves an in-memory, mutable set of responses.
/// Paths are matched exactly, including the query string when one is given; unknown paths answer 404.
/// A response carrying an <c>ETag</c> or <c>Last-Modified</c> header answers 304 to a matching conditional GET.
/// <see cref="SetSequence"/> serves a different response per request (e.g. 503, then 200); <see cref="SetHandler"/>
/// hands a path to code (slow drip, hang, truncated body, login forms). <see cref="RequestLog"/> records every request
/// with its headers and arrival time, and <see cref="MaxConcurrentRequests"/> the most requests ever in flight at once.
/// A second instance serves as a "witness" that must see no request.
/// </summary>
public sealed class LoopbackSite : IAsyncDisposable
{
    private static readonly Uri NormalisationBase = new("http://loopback.invalid/");
    private static readonly XNamespace SitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";

    private readonly ConcurrentDictionary<string, CannedSequence> responses = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> requests = new();
    private readonly ConcurrentQueue<LoopbackRequest> requestLog = new();
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> handlers = new(StringComparer.Ordinal);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private int inFlight;
    private int maxInFlight;
    private WebApplication? app;
    private int failAllStatus;
    private string? lastUserAgent;

    private LoopbackSite()
    {
    }

    /// <summary>Root of the site, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = NormalisationBase;

    /// <summary>Path and query of every request received, in arrival order.</summary>
    public IReadOnlyList<string> Requests => requests.ToArray();

    /// <summary>Every request received, in arrival order, with method, headers, form body and arrival time.</summary>
    public IReadOnlyList<LoopbackRequest> RequestLog => requestLog.ToArray();

    /// <summary>The highest number of requests this site was handling at the same moment.</summary>
    public int MaxConcurrentRequests => Volatile.Read(ref maxInFlight);

    /// <summary>The <c>User-Agent</c> header of the most recent request, or null when it had none.</summary>
    public string? LastUserAgent => Volatile.Read(ref lastUserAgent);

    public static async Task<LoopbackSite> StartAsync(CancellationToken ct = default)
    {
        var site = new LoopbackSite();

        // The empty builder reads no appsettings.json and no ASPNETCORE_URLS, so the host of the
        // test process cannot move or break this server.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));

        var app = builder.Build();
        app.Run(site.HandleAsync);
        await app.StartAsync(ct).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        site.app = app;
        site.BaseUrl = new Uri(address.TrimEnd('/') + "/", UriKind.Absolute);
        return site;
    }

    public Uri Url(string path) => new(BaseUrl, Normalise(path));

    public void Set(string path, byte[] body, string contentType, int status = 200, IReadOnlyDictionary<string, string>? headers = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        responses[Normalise(path)] = new CannedSequence([new CannedResponse(status, body, contentType, headers ?? new Dictionary<string, string>())]);
    }

    /// <summary>Answers the n-th request for <paramref name="path"/> with the n-th step; the last step repeats.</summary>
    public void SetSequence(string path, params LoopbackResponse[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentOutOfRangeException.ThrowIfZero(steps.Length);
        responses[Normalise(path)] = new CannedSequence(steps
            .Select(s => new CannedResponse(s.Status, s.Body ?? [], s.ContentType, s.Headers ?? new Dictionary<string, string>()))
            .ToArray());
    }

    public void SetHtml(string path, string html) => SetText(path, html, "text/html");

    /// <summary>Serves <paramref name="text"/> as UTF-8; adds <c>charset=utf-8</c> when the content type names no charset.</summary>
    public void SetText(string path, string text, string contentType)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        var type = contentType.Contains("charset", StringComparison.OrdinalIgnoreCase) ? contentType : contentType + "; charset=utf-8";
        Set(path, Encoding.UTF8.GetBytes(text), type);
    }

    public void Remove(string path)
    {
        responses.TryRemove(Normalise(path), out _);
        handlers.TryRemove(Normalise(path), out _);
    }

    /// <summary>Answers requests for <paramref name="path"/> with custom code; it takes precedence over canned responses.</summary>
    public void SetHandler(string path, Func<HttpContext, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        handlers[Normalise(path)] = handler;
    }

    /// <summary>Answers <paramref name="status"/> with a <c>Location</c> header (relative or absolute, any scheme).</summary>
    public void SetRedirect(string path, string location, int status = StatusCodes.Status302Found) =>
        Set(path, [], "text/plain", status, new Dictionary<string, string> { [HeaderNames.Location] = location });

    /// <summary>Answers <paramref name="status"/> with an empty body.</summary>
    public void SetStatus(string path, int status) =>
        responses[Normalise(path)] = new CannedSequence([new CannedResponse(status, [], null, new Dictionary<string, string>())]);

    /// <summary>When non-null, every request answers this status with an empty body; null restores normal serving.</summary>
    public void FailAll(int? status) => Volatile.Write(ref failAllStatus, status ?? 0);

    public int CountRequests(string path)
    {
        var key = Normalise(path);
        return requests.Count(r => string.Equals(r, key, StringComparison.Ordinal));
    }

    public static string Sitemap(IEnumerable<Uri> urls, Func<Uri, DateTimeOffset?>? lastmod = null)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var root = new XElement(SitemapNs + "urlset");
        foreach (var url in urls)
        {
            var entry = new XElement(SitemapNs + "url", new XElement(SitemapNs + "loc", url.AbsoluteUri));
            if (lastmod?.Invoke(url) is { } modified)
            {
                entry.Add(new XElement(SitemapNs + "lastmod", modified.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)));
            }

            root.Add(entry);
        }

        return ToXmlText(root);
    }

    public static string SitemapIndex(IEnumerable<Uri> sitemaps)
    {
        ArgumentNullException.ThrowIfNull(sitemaps);
        var root = new XElement(SitemapNs + "sitemapindex",
            sitemaps.Select(s => new XElement(SitemapNs + "sitemap", new XElement(SitemapNs + "loc", s.AbsoluteUri))));
        return ToXmlText(root);
    }

    public async ValueTask DisposeAsync()
    {
        if (app is { } running)
        {
            app = null;
            await running.StopAsync().ConfigureAwait(false);
            await running.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string ToXmlText(XElement root) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.ToString(SaveOptions.None) + "\n";

    /// <summary>Leading slash, canonical percent-escaping, query kept: the key both for registration and for requests.</summary>
    private static string Normalise(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var relative = path.StartsWith('/') ? path : "/" + path;
        return new Uri(NormalisationBase, relative).PathAndQuery;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        // Origin-form ("/a?b") is the norm; absolute-form only comes from clients that treat the site as a proxy.
        // (Uri.TryCreate would read "/a?b" as a Unix file path, hence the explicit check.)
        var key = Normalise(!rawTarget.StartsWith('/') && Uri.TryCreate(rawTarget, UriKind.Absolute, out var absolute)
            ? absolute.PathAndQuery
            : rawTarget);
        var concurrent = Interlocked.Increment(ref inFlight);
        try
        {
            for (var max = Volatile.Read(ref maxInFlight); concurrent > max; max = Volatile.Read(ref maxInFlight))
            {
                if (Interlocked.CompareExchange(ref maxInFlight, concurrent, max) == max)
                {
                    break;
                }
            }

            await RecordAsync(context, key).ConfigureAwait(false);
            if (handlers.TryGetValue(key, out var handler) && Volatile.Read(ref failAllStatus) == 0)
            {
                await handler(context).ConfigureAwait(false);
                return;
            }

            await ServeCannedAsync(context, key).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private async Task RecordAsync(HttpContext context, string key)
    {
        var received = clock.Elapsed;
        var request = context.Request;
        string? form = null;
        if (request.HasFormContentType)
        {
            request.EnableBuffering();
            using var reader = new StreamReader(request.Body, Encoding.UTF8, leaveOpen: true);
            form = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            request.Body.Position = 0;
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        requestLog.Enqueue(new LoopbackRequest(request.Method, key, headers, form, received));
        requests.Enqueue(key);
        var userAgent = request.Headers.UserAgent;
        Volatile.Write(ref lastUserAgent, userAgent.Count == 0 ? null : userAgent.ToString());
    }

    private async Task ServeCannedAsync(HttpContext context, string key)
    {

        var response = context.Response;
        var forced = Volatile.Read(ref failAllStatus);
        if (forced != 0)
        {
            response.StatusCode = forced;
            return;
        }

        if (!responses.TryGetValue(key, out var sequence))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var canned = sequence.Next();

        foreach (var (name, value) in canned.Headers)
        {
            response.Headers[name] = value;
        }

        if (canned.Status == StatusCodes.Status200OK && IsNotModified(context.Request, canned))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = canned.Status;
        if (canned.ContentType is not null)
        {
            response.ContentType = canned.ContentType;
        }

        response.ContentLength = canned.Body.Length;
        if (!HttpMethods.IsHead(context.Request.Method) && canned.Body.Length > 0)
        {
            await response.Body.WriteAsync(canned.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static bool IsNotModified(HttpRequest request, CannedResponse canned)
    {
        var headers = request.GetTypedHeaders();
        if (headers.IfNoneMatch.Count > 0)
        {
            return TryGetHeader(canned, HeaderNames.ETag, out var etag)
                && EntityTagHeaderValue.TryParse(etag, out var current)
                && headers.IfNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
        }

        return headers.IfModifiedSince is { } since
            && TryGetHeader(canned, HeaderNames.LastModified, out var lastModified)
            && DateTimeOffset.TryParse(lastModified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var modified)
            && modified <= since;
    }

    private static bool TryGetHeader(CannedResponse canned, string name, out string value)
    {
        foreach (var (key, headerValue) in canned.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                value = headerValue;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    private sealed record CannedResponse(int Status, byte[] Body, string? ContentType, IReadOnlyDictionary<string, string> Headers);

    private sealed class CannedSequence(CannedResponse[] steps)
    {
        private int served;

        public CannedResponse Next() => steps[Math.Min(Interlocked.Increment(ref served) - 1, steps.Length - 1)];
    }
}

/// <summary>One step of <see cref="LoopbackSite.SetSequence"/>: a status, optional headers and an optional body.</summary>
public sealed record LoopbackResponse(
    int Status,
    byte[]? Body = null,
    string? ContentType = null,
    IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>One request as <see cref="LoopbackSite.RequestLog"/> saw it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">Path and query, normalised like <see cref="LoopbackSite.Requests"/>.</param>
/// <param name="Headers">Request headers (case-insensitive names; repeated values joined by a comma).</param>
/// <param name="Form">The body of a form post, else null.</param>
/// <param name="ReceivedAt">Arrival time since the site started (monotonic clock).</param>
public sealed record LoopbackRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    string? Form,
    TimeSpan ReceivedAt)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
