using System.Runtime.CompilerServices;
using System.Xml;
using Microsoft.Extensions.Logging;
using Search.Connectors.Abstractions;
using Search.Connectors.Http;

namespace Search.Connectors.Feeds;

/// <summary>
/// Harvests the items of an RSS 2.0 or Atom feed. An item that carries its full content becomes a document as it is;
/// otherwise its linked page is fetched (same host as the feed only, conditionally). PDF and DOCX attachments linked
/// from the items follow, each with its item as parent.
/// </summary>
/// <remarks>
/// A feed lists only recent items, so its listing is not complete: documents that fell off the feed must not be
/// removed for that reason (the harvest runner treats feed sources accordingly).
/// </remarks>
public sealed partial class FeedConnector(HttpFetcher fetcher, ILogger<FeedConnector> logger) : ISourceConnector
{
    public SourceKind Kind => SourceKind.Feed;

    public async IAsyncEnumerable<HarvestItem> HarvestAsync(SourceDefinition source, HarvestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Every request of this run carries the source's credentials and session (members-only sources).
        fetcher = fetcher.ForSource(source);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(context);
        var feedUrl = source.Url ?? throw new HarvestException($"Source '{source.Id}' has no feed url.");
        var items = await ReadFeedAsync(feedUrl, cancellationToken).ConfigureAwait(false);
        LogFeed(logger, source.Id, items.Count);

        var attachments = new AttachmentHarvest(fetcher, context, feedUrl.Host);
        var produced = 0;
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (item.Link is null)
            {
                continue;
            }

            var url = UrlNormalizer.Normalize(item.Link);
            if (!attachments.TryClaim(url))
            {
                continue;
            }

            if (produced++ >= source.MaxDocuments)
            {
                yield break;
            }

            if (item.HasFullContent)
            {
                // The content is at hand, so its attachment links are read even when the item is unchanged.
                attachments.AddLinksFrom(item.Content!, url, item.Title);
                yield return context.IsUnchangedByListing(url, item.Modified)
                    ? new HarvestUnchanged(url, "feed date not newer than last run")
                    : Document(url, item);
                continue;
            }

            if (context.IsUnchangedByListing(url, item.Modified))
            {
                yield return new HarvestUnchanged(url, "feed date not newer than last run");
                attachments.KeepKnown(url);
                continue;
            }

            if (!attachments.IsOnHost(url))
            {
                // Pages on other hosts are never fetched; the feed's own summary still describes them.
                yield return item.Summary is null
                    ? new HarvestFailure(url, HarvestFailureKind.Rejected, $"Feed item links to another host ({url.Host}); only pages on {feedUrl.Host} are fetched.")
                    : Document(url, item with { Content = item.Summary });
                continue;
            }

            var result = await fetcher.FetchAsync(FetchRequest.For(url, context.Previous(url)), cancellationToken).ConfigureAwait(false);
            if (result.NotModified)
            {
                yield return new HarvestUnchanged(url, "304 Not Modified");
                attachments.KeepKnown(url);
                continue;
            }

            if (!result.IsSuccess)
            {
                yield return result.ToFailure();
                attachments.KeepKnown(url);
                continue;
            }

            yield return new HarvestedDocument(url, result.ContentType, result.Body!, result.LastModified ?? item.Modified)
            {
                ETag = result.ETag,
                ListedModified = item.Modified,
            };
            if (AttachmentHarvest.IsHtml(result))
            {
                attachments.AddLinksFrom(AttachmentHarvest.Decode(result.Body!), url, pageTitle: null);
            }
        }

        await foreach (var attachment in attachments.HarvestAsync(source.MaxDocuments - produced, cancellationToken).ConfigureAwait(false))
        {
            yield return attachment;
        }
    }

    private static HarvestedDocument Document(Uri url, FeedParser.FeedItem item)
    {
        var content = new ContentItem(url, item.Title, item.Content, HtmlEnvelope.TextOf(item.Summary), item.Published, item.Updated);
        return new HarvestedDocument(url, HtmlEnvelope.ContentType, HtmlEnvelope.Render(content), item.Modified)
        {
            ListedModified = item.Modified,
        };
    }

    /// <summary>Fetches and parses the feed; a feed that cannot be read fails the run.</summary>
    private async Task<IReadOnlyList<FeedParser.FeedItem>> ReadFeedAsync(Uri feedUrl, CancellationToken cancellationToken)
    {
        var result = await fetcher.FetchAsync(feedUrl, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new HarvestException($"Feed {feedUrl} could not be read: {result.Error}.");
        }

        try
        {
            return FeedParser.Parse(result.Body!, result.FinalUrl);
        }
        catch (Exception ex) when (ex is XmlException or FormatException or ArgumentException)
        {
            throw new HarvestException($"Feed {feedUrl} is not a valid RSS or Atom feed: {ex.Message}", ex);
        }
    }

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Source {SourceId}: feed lists {Count} items")]
    private static partial void LogFeed(ILogger logger, string sourceId, int count);
}
