using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Search.Connectors.Abstractions;
using Search.Connectors.Html;
using Search.Connectors.Http;

namespace Search.Connectors.Sitemap;

/// <summary>
/// Harvests the pages a sitemap (or sitemap index) lists, then the PDF and DOCX attachments those
/// pages link to on the same host, each attachment keeping its parent page as context.
/// </summary>
public sealed partial class SitemapConnector(HttpFetcher fetcher, IOptions<HarvestHttpOptions> options, ILogger<SitemapConnector> logger)
    : ISourceConnector
{
    /// <summary>How deep sitemap indexes may nest.</summary>
    public const int MaxIndexDepth = 3;

    /// <summary>The most URLs one listing may hold.</summary>
    public const int MaxListedUrls = 100_000;

    public SourceKind Kind => SourceKind.Sitemap;

    public async IAsyncEnumerable<HarvestItem> HarvestAsync(SourceDefinition source, HarvestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Every request of this run carries the source's credentials and session (members-only sources).
        fetcher = fetcher.ForSource(source);
        var root = source.Url ?? throw new HarvestException($"Source '{source.Id}' has no sitemap url.");
        try
        {
            await NetworkGuard.ResolveAllowedAsync(root.Host, options.Value.AllowPrivateNetworks, cancellationToken).ConfigureAwait(false);
        }
        catch (PrivateNetworkException ex)
        {
            throw new HarvestException(ex.Message, ex);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new HarvestException($"Host '{root.Host}' could not be resolved: {ex.Message}", ex);
        }

        var listing = await ListAsync(root, cancellationToken).ConfigureAwait(false);
        LogListing(logger, source.Id, listing.Count);

        var seen = new HashSet<Uri>();
        var attachments = new List<(Uri Url, ParentLink? Parent)>();
        var produced = 0;
        foreach (var entry in listing)
        {
            var url = UrlNormalizer.Normalize(entry.Location);
            if (!seen.Add(url))
            {
                continue;
            }

            if (LinkExtractor.IsAttachment(url))
            {
                attachments.Add((url, null));
                continue;
            }

            if (produced++ >= source.MaxDocuments)
            {
                yield break;
            }

            if (context.IsUnchangedByListing(url, entry.LastModified))
            {
                yield return new HarvestUnchanged(url, "sitemap lastmod not newer than last run");
                KeepKnownAttachments(url);
                continue;
            }

            var result = await fetcher.FetchAsync(FetchRequest.For(url, context.Previous(url)), cancellationToken).ConfigureAwait(false);
            if (result.NotModified)
            {
                yield return new HarvestUnchanged(url, "304 Not Modified");
                KeepKnownAttachments(url);
                continue;
            }

            if (!result.IsSuccess)
            {
                yield return result.ToFailure();
                KeepKnownAttachments(url);
                continue;
            }

            yield return new HarvestedDocument(url, result.ContentType, result.Body!, result.LastModified ?? entry.LastModified)
            {
                ETag = result.ETag,
                ListedModified = entry.LastModified,
            };
            if (!IsHtml(result))
            {
                continue;
            }

            var links = LinkExtractor.Extract(Encoding.UTF8.GetString(result.Body!), result.FinalUrl);
            foreach (var link in links.Attachments)
            {
                var target = UrlNormalizer.Normalize(link);
                if (!string.Equals(target.Host, url.Host, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                AddAttachment(target, new ParentLink(url, links.Title));
            }
        }

        foreach (var (url, parent) in attachments)
        {
            if (produced++ >= source.MaxDocuments)
            {
                yield break;
            }

            var result = await fetcher.FetchAsync(FetchRequest.For(url, context.Previous(url)), cancellationToken).ConfigureAwait(false);
            yield return result switch
            {
                { NotModified: true } => new HarvestUnchanged(url, "304 Not Modified"),
                { IsSuccess: true } => new HarvestedDocument(url, result.ContentType, result.Body!, result.LastModified, parent) { ETag = result.ETag },
                _ => result.ToFailure(),
            };
        }

        // An unchanged (or temporarily failing) page still lists the attachments it had: keep harvesting them.
        void KeepKnownAttachments(Uri page)
        {
            foreach (var known in context.AttachmentsOf(page))
            {
                AddAttachment(UrlNormalizer.Normalize(known.Url), new ParentLink(page, known.ParentTitle));
            }
        }

        void AddAttachment(Uri target, ParentLink parent)
        {
            var listed = attachments.FindIndex(a => a.Url == target);
            if (listed >= 0)
            {
                attachments[listed] = (target, attachments[listed].Parent ?? parent);
            }
            else if (seen.Add(target))
            {
                attachments.Add((target, parent));
            }
        }
    }

    /// <summary>Reads the complete listing, following sitemap indexes; any unreadable sitemap fails the run.</summary>
    private async Task<List<SitemapParser.Entry>> ListAsync(Uri root, CancellationToken cancellationToken)
    {
        var pages = new List<SitemapParser.Entry>();
        var visited = new HashSet<Uri>();
        var queue = new Queue<(Uri Url, int Depth)>();
        queue.Enqueue((root, 0));
        while (queue.TryDequeue(out var item))
        {
            if (!visited.Add(UrlNormalizer.Normalize(item.Url)))
            {
                continue;
            }

            var result = await fetcher.FetchAsync(item.Url, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                throw new HarvestException($"Sitemap {item.Url} could not be read: {result.Error}.");
            }

            SitemapParser.Result parsed;
            try
            {
                parsed = SitemapParser.Parse(result.Body!, item.Url);
            }
            catch (Exception ex) when (ex is XmlException or FormatException or InvalidDataException)
            {
                throw new HarvestException($"Sitemap {item.Url} is not a valid sitemap: {ex.Message}", ex);
            }

            if (parsed.Kind == SitemapParser.SitemapKind.Index)
            {
                if (item.Depth >= MaxIndexDepth)
                {
                    throw new HarvestException($"Sitemap index {item.Url} nests deeper than {MaxIndexDepth} levels.");
                }

                foreach (var child in parsed.Entries)
                {
                    queue.Enqueue((child.Location, item.Depth + 1));
                }
            }
            else
            {
                pages.AddRange(parsed.Entries);
                if (pages.Count > MaxListedUrls)
                {
                    throw new HarvestException($"Sitemap {root} lists more than {MaxListedUrls} URLs.");
                }
            }
        }

        return pages;
    }

    private static bool IsHtml(FetchResult result) =>
        result.ContentType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true
        || (result.Body is { Length: > 0 } body && body.AsSpan(0, Math.Min(body.Length, 512)).IndexOf("<"u8) >= 0
            && !LinkExtractor.IsAttachment(result.FinalUrl) && body[0] != (byte)'%');

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Source {SourceId}: sitemap lists {Count} URLs")]
    private static partial void LogListing(ILogger logger, string sourceId, int count);
}
