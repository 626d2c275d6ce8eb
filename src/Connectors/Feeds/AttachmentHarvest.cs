using System.Runtime.CompilerServices;
using System.Text;
using Search.Connectors.Abstractions;
using Search.Connectors.Html;
using Search.Connectors.Http;

namespace Search.Connectors.Feeds;

/// <summary>
/// The PDF and DOCX attachments of one run: collected while the pages are harvested (on the source's own host only),
/// then fetched once each after the pages, every attachment keeping its first parent page as context.
/// </summary>
internal sealed class AttachmentHarvest(HttpFetcher fetcher, HarvestContext context, string host)
{
    private readonly HashSet<Uri> _seen = [];
    private readonly List<Uri> _order = [];
    private readonly Dictionary<Uri, (ParentLink? Parent, DateTimeOffset? ListedModified)> _pending = [];

    /// <summary>Marks a page (or other listed document) as harvested; false when the run already had it.</summary>
    public bool TryClaim(Uri url) => !_pending.ContainsKey(url) && _seen.Add(url);

    /// <summary>Queues the attachments on the source's host that an HTML page or fragment links to.</summary>
    public void AddLinksFrom(string html, Uri page, string? pageTitle)
    {
        var links = LinkExtractor.Extract(html, page);
        foreach (var link in links.Attachments)
        {
            var target = UrlNormalizer.Normalize(link);
            if (IsOnHost(target))
            {
                Add(target, new ParentLink(page, pageTitle ?? links.Title), listedModified: null);
            }
        }
    }

    /// <summary>An unchanged (or temporarily failing) page still has the attachments it had: keep harvesting them.</summary>
    public void KeepKnown(Uri page)
    {
        foreach (var known in context.AttachmentsOf(page))
        {
            Add(UrlNormalizer.Normalize(known.Url), new ParentLink(page, known.ParentTitle), listedModified: null);
        }
    }

    /// <summary>Queues an attachment; a second mention keeps the first parent and the newest listed date.</summary>
    public void Add(Uri url, ParentLink? parent, DateTimeOffset? listedModified)
    {
        if (_pending.TryGetValue(url, out var queued))
        {
            _pending[url] = (queued.Parent ?? parent, Newest(queued.ListedModified, listedModified));
        }
        else if (_seen.Add(url))
        {
            _order.Add(url);
            _pending[url] = (parent, listedModified);
        }
    }

    /// <summary>Fetches the queued attachments (conditionally), at most <paramref name="budget"/> of them.</summary>
    public async IAsyncEnumerable<HarvestItem> HarvestAsync(int budget, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var url in _order.Take(Math.Max(0, budget)))
        {
            var (parent, listed) = _pending[url];
            if (context.IsUnchangedByListing(url, listed))
            {
                yield return new HarvestUnchanged(url, "listed modification date not newer than last run");
                continue;
            }

            var result = await fetcher.FetchAsync(FetchRequest.For(url, context.Previous(url)), cancellationToken).ConfigureAwait(false);
            yield return result switch
            {
                { NotModified: true } => new HarvestUnchanged(url, "304 Not Modified"),
                { IsSuccess: true } => new HarvestedDocument(url, result.ContentType, result.Body!, result.LastModified ?? listed, parent)
                {
                    ETag = result.ETag,
                    ListedModified = listed,
                },
                _ => result.ToFailure(),
            };
        }
    }

    public int Count => _order.Count;

    public bool IsOnHost(Uri url) => string.Equals(url.Host, host, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when a fetched body is an HTML page whose links are worth reading.</summary>
    public static bool IsHtml(FetchResult result) =>
        result.ContentType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true
        || (result.ContentType is null && result.Body is { Length: > 0 } body && !LinkExtractor.IsAttachment(result.FinalUrl)
            && body.AsSpan(0, Math.Min(body.Length, 512)).IndexOf("<"u8) >= 0 && body[0] != (byte)'%');

    public static string Decode(byte[] body) => Encoding.UTF8.GetString(body);

    private static DateTimeOffset? Newest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
