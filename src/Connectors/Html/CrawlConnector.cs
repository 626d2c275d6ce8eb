using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Search.Connectors.Abstractions;
using Search.Connectors.Http;

namespace Search.Connectors.Html;

/// <summary>
/// Crawls a website breadth-first from its start URLs, following links within the source's scope
/// (include/exclude patterns, max depth, spider-trap limits), and harvests the pages and the PDF and
/// DOCX attachments they link to, each attachment keeping its parent page as context.
/// </summary>
/// <remarks>
/// <para>One document per canonical URL: session ids and tracking parameters are dropped, a same-host
/// <c>rel="canonical"</c> replaces the fetched URL, and a page whose canonical URL was already harvested is not yielded again.
/// Meta robots <c>noindex</c> pages are not yielded but their links are followed; <c>nofollow</c> pages are yielded but not followed.</para>
/// <para>Incremental runs: a page whose links will be followed (depth below <see cref="SourceDefinition.MaxDepth"/>) is fetched
/// unconditionally, because a 304 would hide the links that keep the crawl complete; it is reported unchanged when the server
/// sends the same validators (ETag, else Last-Modified) as last time, and the indexer's content hash catches the rest.
/// Pages at the maximum depth and all attachments use conditional GET; a 304 page keeps the attachments it had last run.</para>
/// </remarks>
public sealed partial class CrawlConnector(HttpFetcher fetcher, IOptions<HarvestHttpOptions> options, ILogger<CrawlConnector> logger)
    : ISourceConnector
{
    /// <summary>At most this many new links are taken from one page (spider-trap limit).</summary>
    public const int MaxOutlinksPerPage = 1000;

    /// <summary>At most this many links of one page are looked at (already seen or out of scope ones included).</summary>
    public const int MaxLinksExamined = 10 * MaxOutlinksPerPage;

    /// <summary>At most this many requests per allowed document (noindex pages, duplicates and redirects cost requests too).</summary>
    public const int RequestsPerDocument = 2;

    /// <summary>At most this many URLs wait in the queue; beyond it the crawl is incomplete.</summary>
    public const int MaxQueuedUrls = 100_000;

    public SourceKind Kind => SourceKind.Crawl;

    public async IAsyncEnumerable<HarvestItem> HarvestAsync(SourceDefinition source, HarvestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Every request of this run carries the source's credentials and session (members-only sources).
        fetcher = fetcher.ForSource(source);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(context);
        var starts = StartUrls(source);
        var scope = CreateScope(source, starts);
        foreach (var host in starts.Select(s => s.Host).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            await EnsureAllowedAsync(host, cancellationToken).ConfigureAwait(false);
        }

        var crawl = new CrawlState(source);
        foreach (var start in starts)
        {
            crawl.Enqueue(new Target(start, 0, null, IsAttachment: false, IsStart: true));
        }

        while (crawl.Queue.TryDequeue(out var target))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (crawl.Produced >= source.MaxDocuments)
            {
                break;
            }

            if (crawl.Requests >= crawl.RequestBudget)
            {
                LogBudget(logger, source.Id, crawl.Requests, crawl.Queue.Count + 1);
                yield return new HarvestFailure(target.Url, HarvestFailureKind.Transient,
                    $"Crawl stopped after {crawl.Requests} requests (budget {RequestsPerDocument} per document of maxDocuments); not fetched, crawl incomplete.");
                yield break;
            }

            var item = target.IsAttachment
                ? await FetchAttachmentAsync(target, context, crawl, cancellationToken).ConfigureAwait(false)
                : await FetchPageAsync(target, source, scope, context, crawl, cancellationToken).ConfigureAwait(false);
            if (item is not null)
            {
                crawl.Produced++;
                yield return item;
            }
        }

        if (crawl.Overflowed is { } dropped && crawl.Produced < source.MaxDocuments)
        {
            // Say so, as a transient failure: a run that silently dropped links must not delete what it did not reach.
            yield return new HarvestFailure(dropped, HarvestFailureKind.Transient,
                $"More than {MaxQueuedUrls} URLs queued; not followed, crawl incomplete.");
        }

        LogFinished(logger, source.Id, crawl.Requests, crawl.Produced, crawl.Visited.Count);
    }

    private async Task<HarvestItem?> FetchAttachmentAsync(Target target, HarvestContext context, CrawlState crawl, CancellationToken cancellationToken)
    {
        if (!crawl.Claimed.Add(target.Url))
        {
            return null;
        }

        crawl.Requests++;
        var result = await fetcher.FetchAsync(FetchRequest.For(target.Url, context.Previous(target.Url)), cancellationToken).ConfigureAwait(false);
        return result switch
        {
            { NotModified: true } => new HarvestUnchanged(target.Url, "304 Not Modified"),
            { IsSuccess: true } => new HarvestedDocument(target.Url, result.ContentType, result.Body!, result.LastModified, target.Parent) { ETag = result.ETag },
            _ => result.ToFailure() with { Url = target.Url },
        };
    }

    private async Task<HarvestItem?> FetchPageAsync(
        Target target, SourceDefinition source, UrlScope scope, HarvestContext context, CrawlState crawl, CancellationToken cancellationToken)
    {
        var url = target.Url;
        var followsLinks = target.Depth < source.MaxDepth;
        var previous = context.Previous(url);

        // A page whose links we follow is fetched unconditionally: a 304 would hide its links.
        var request = followsLinks ? new FetchRequest(url) : FetchRequest.For(url, previous);
        crawl.Requests++;
        var result = await fetcher.FetchAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.NotModified)
        {
            KeepKnownAttachments(url, context, scope, crawl);
            return crawl.Claimed.Add(url) ? new HarvestUnchanged(url, "304 Not Modified") : null;
        }

        if (!result.IsSuccess)
        {
            if (target.IsStart)
            {
                throw new HarvestException($"Start URL {url} of source '{source.Id}' could not be read: {result.Error}.");
            }

            KeepKnownAttachments(url, context, scope, crawl);
            return crawl.Claimed.Add(url) ? result.ToFailure() with { Url = url } : null;
        }

        // A start URL is always read for its links, even outside the include patterns (it is then not harvested itself).
        var final = UrlScope.Canonicalize(result.FinalUrl);
        var harvestable = scope.Allows(final);
        if (!harvestable && !(target.IsStart && UrlScope.SameSite(final, url)))
        {
            if (target.IsStart)
            {
                throw new HarvestException($"Start URL {url} of source '{source.Id}' redirects out of scope to {final}.");
            }

            LogOutOfScope(logger, source.Id, url, final);
            return null;
        }

        crawl.Visited.Add(final);
        var body = result.Body!;
        if (!IsHtml(result))
        {
            // A link without a telling extension may still lead to a PDF or DOCX: harvest it as an attachment.
            return harvestable && IsAttachmentContent(result) && crawl.Claimed.Add(final)
                ? new HarvestedDocument(final, result.ContentType, body, result.LastModified, target.Parent) { ETag = result.ETag }
                : null;
        }

        var page = LinkExtractor.Analyze(Decode(body, result.ContentType), result.FinalUrl);
        var documentUrl = final;
        if (page.Canonical is { } declared && UrlScope.Canonicalize(declared) is var canonical
            && UrlScope.SameSite(canonical, final) && scope.Allows(canonical))
        {
            documentUrl = canonical;
            crawl.Visited.Add(canonical);
        }

        if (!page.NoFollow)
        {
            FollowLinks(source, target, page, documentUrl, scope, crawl);
        }

        if (page.NoIndex || !harvestable)
        {
            return null;
        }

        if (!crawl.Claimed.Add(documentUrl))
        {
            LogDuplicate(logger, source.Id, url, documentUrl);
            return null;
        }

        var before = documentUrl == url ? previous : context.Previous(documentUrl);
        if (before is not null && SameValidators(before, result))
        {
            return new HarvestUnchanged(documentUrl, "same validators as last run");
        }

        return new HarvestedDocument(documentUrl, result.ContentType, body, result.LastModified) { ETag = result.ETag };
    }

    private void FollowLinks(SourceDefinition source, Target target, LinkExtractor.PageAnalysis page, Uri documentUrl, UrlScope scope, CrawlState crawl)
    {
        var parent = new ParentLink(documentUrl, page.Title);
        if (target.Depth < source.MaxDepth)
        {
            var taken = 0;
            foreach (var link in page.Links.Take(MaxLinksExamined))
            {
                var next = UrlScope.Canonicalize(link);
                if (crawl.Visited.Contains(next) || !scope.Allows(next))
                {
                    continue;
                }

                if (taken++ >= MaxOutlinksPerPage)
                {
                    LogOutlinkCap(logger, source.Id, documentUrl, MaxOutlinksPerPage);
                    break;
                }

                crawl.Enqueue(new Target(next, target.Depth + 1, parent, IsAttachment: false, IsStart: false));
            }
        }

        // Attachments belong to the page: harvested whatever its depth.
        foreach (var link in page.Attachments)
        {
            var attachment = UrlScope.Canonicalize(link);
            if (scope.AllowsAttachment(attachment, documentUrl))
            {
                crawl.Enqueue(new Target(attachment, target.Depth + 1, parent, IsAttachment: true, IsStart: false));
            }
        }
    }

    /// <summary>An unchanged (or failing) page still links the attachments it had last run: keep harvesting them.</summary>
    private static void KeepKnownAttachments(Uri page, HarvestContext context, UrlScope scope, CrawlState crawl)
    {
        foreach (var known in context.AttachmentsOf(page))
        {
            var url = UrlScope.Canonicalize(known.Url);
            if (scope.AllowsAttachment(url, page))
            {
                crawl.Enqueue(new Target(url, 1, new ParentLink(page, known.ParentTitle), IsAttachment: true, IsStart: false));
            }
        }
    }

    private static bool SameValidators(PreviousDocument previous, FetchResult result) =>
        previous.ETag is not null && result.ETag is not null
            ? string.Equals(previous.ETag, result.ETag, StringComparison.Ordinal)
            : previous.LastModified is { } before && result.LastModified is { } now && before == now;

    private static IReadOnlyList<Uri> StartUrls(SourceDefinition source)
    {
        var starts = source.StartUrls.Count > 0 ? source.StartUrls : source.Url is { } url ? [url] : [];
        if (starts.Count == 0)
        {
            throw new HarvestException($"Source '{source.Id}' has no start URL (startUrls or url).");
        }

        foreach (var start in starts)
        {
            if (!start.IsAbsoluteUri || (start.Scheme != Uri.UriSchemeHttp && start.Scheme != Uri.UriSchemeHttps))
            {
                throw new HarvestException($"Start URL '{start}' of source '{source.Id}' is not an absolute http or https URL.");
            }
        }

        return starts.Select(UrlScope.Canonicalize).Distinct().ToList();
    }

    private static UrlScope CreateScope(SourceDefinition source, IReadOnlyList<Uri> starts)
    {
        try
        {
            return UrlScope.Create(source.Include, source.Exclude, starts);
        }
        catch (ArgumentException ex)
        {
            throw new HarvestException($"Source '{source.Id}': {ex.Message}", ex);
        }
    }

    private async Task EnsureAllowedAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            await NetworkGuard.ResolveAllowedAsync(host, options.Value.AllowPrivateNetworks, cancellationToken).ConfigureAwait(false);
        }
        catch (PrivateNetworkException ex)
        {
            throw new HarvestException(ex.Message, ex);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new HarvestException($"Host '{host}' could not be resolved: {ex.Message}", ex);
        }
    }

    private static bool IsHtml(FetchResult result)
    {
        if (IsAttachmentContent(result))
        {
            return false;
        }

        var type = result.ContentType?.Split(';')[0].Trim();
        if (type is { Length: > 0 } && !type.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return type.Contains("html", StringComparison.OrdinalIgnoreCase);
        }

        var body = result.Body ?? [];
        var head = Encoding.ASCII.GetString(body, 0, Math.Min(body.Length, 1024)).TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>PDF or DOCX, by magic bytes first, then by content type.</summary>
    private static bool IsAttachmentContent(FetchResult result)
    {
        var body = result.Body.AsSpan();
        if (body.StartsWith("%PDF-"u8) || body.StartsWith("PK\u0003\u0004"u8))
        {
            return true;
        }

        var type = result.ContentType ?? string.Empty;
        return type.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase)
            || type.StartsWith("application/vnd.openxmlformats-officedocument.wordprocessingml.document", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Decodes the page for link extraction: the header's charset when .NET knows it, else UTF-8.</summary>
    private static string Decode(byte[] body, string? contentType)
    {
        var charset = contentType?.Split(';').Select(p => p.Trim())
            .FirstOrDefault(p => p.StartsWith("charset=", StringComparison.OrdinalIgnoreCase))?["charset=".Length..].Trim('"', '\'', ' ');
        var encoding = Encoding.UTF8;
        if (charset is { Length: > 0 })
        {
            try
            {
                encoding = charset.Equals("windows-1252", StringComparison.OrdinalIgnoreCase) ? Encoding.Latin1 : Encoding.GetEncoding(charset);
            }
            catch (ArgumentException)
            {
                encoding = Encoding.UTF8;
            }
        }

        return encoding.GetString(body);
    }

    /// <summary>A URL waiting to be fetched: its link depth and the page that linked to it.</summary>
    private sealed record Target(Uri Url, int Depth, ParentLink? Parent, bool IsAttachment, bool IsStart);

    /// <summary>The mutable bookkeeping of one crawl.</summary>
    private sealed class CrawlState(SourceDefinition source)
    {
        /// <summary>Every URL queued or fetched (final and canonical URLs included), so nothing is fetched twice.</summary>
        public HashSet<Uri> Visited { get; } = [];

        /// <summary>Every URL a document, unchanged or failure item was yielded for, so none is yielded twice.</summary>
        public HashSet<Uri> Claimed { get; } = [];

        public Queue<Target> Queue { get; } = new();

        public long RequestBudget { get; } = Math.Max(1L, (long)source.MaxDocuments * RequestsPerDocument);

        public int Requests { get; set; }

        public int Produced { get; set; }

        /// <summary>The first URL dropped because the queue was full.</summary>
        public Uri? Overflowed { get; private set; }

        public void Enqueue(Target target)
        {
            if (!Visited.Add(target.Url))
            {
                return;
            }

            if (Queue.Count >= MaxQueuedUrls)
            {
                Overflowed ??= target.Url;
                return;
            }

            Queue.Enqueue(target);
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information,
        Message = "Source {SourceId}: crawl finished after {Requests} requests, {Produced} documents, {Visited} URLs seen")]
    private static partial void LogFinished(ILogger logger, string sourceId, int requests, int produced, int visited);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning,
        Message = "Source {SourceId}: crawl request budget exhausted after {Requests} requests with {Remaining} URLs left")]
    private static partial void LogBudget(ILogger logger, string sourceId, int requests, int remaining);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning,
        Message = "Source {SourceId}: page {Page} has more than {Cap} new links; the rest are not followed")]
    private static partial void LogOutlinkCap(ILogger logger, string sourceId, Uri page, int cap);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Debug, Message = "Source {SourceId}: {Url} redirects out of scope to {Final}")]
    private static partial void LogOutOfScope(ILogger logger, string sourceId, Uri url, Uri final);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Debug, Message = "Source {SourceId}: {Url} duplicates {Canonical}; not harvested again")]
    private static partial void LogDuplicate(ILogger logger, string sourceId, Uri url, Uri canonical);
}
