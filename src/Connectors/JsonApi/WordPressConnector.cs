using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Search.Connectors.Abstractions;
using Search.Connectors.Feeds;
using Search.Connectors.Http;

namespace Search.Connectors.JsonApi;

/// <summary>
/// Harvests a WordPress site through its REST API: every page of each configured collection (paged by
/// <c>X-WP-TotalPages</c>). Posts and pages become documents from their rendered title and content without fetching
/// the page; media items that are PDF or DOCX files are fetched, with the post they belong to as parent.
/// <c>modified_gmt</c> makes later runs incremental.
/// </summary>
public sealed partial class WordPressConnector(HttpFetcher fetcher, ILogger<WordPressConnector> logger) : ISourceConnector
{
    /// <summary>The most pages read per collection (100 items each); a larger listing fails the run.</summary>
    public const int MaxPages = 1000;

    public SourceKind Kind => SourceKind.WordPress;

    public async IAsyncEnumerable<HarvestItem> HarvestAsync(SourceDefinition source, HarvestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Every request of this run carries the source's credentials and session (members-only sources).
        fetcher = fetcher.ForSource(source);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(context);
        var root = source.Url ?? throw new HarvestException($"Source '{source.Id}' has no site url.");
        if (source.WordPressTypes.FirstOrDefault(t => !WordPressMapper.IsValidType(t)) is { } invalid)
        {
            throw new HarvestException($"Source '{source.Id}': '{invalid}' is not a WordPress collection name.");
        }

        var attachments = new AttachmentHarvest(fetcher, context, root.Host);
        var posts = new Dictionary<long, ParentLink>();
        var media = new List<WordPressMapper.WordPressItem>();
        var produced = 0;
        foreach (var type in source.WordPressTypes.Distinct(StringComparer.Ordinal))
        {
            var listed = 0;
            await foreach (var item in ListAsync(root, type, cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                listed++;
                if (item.IsDocumentFile)
                {
                    media.Add(item);
                    continue;
                }

                if (item.Link is null || item.SourceUrl is not null)
                {
                    continue; // images and other media files, or an item without a public page
                }

                var url = UrlNormalizer.Normalize(item.Link);
                posts.TryAdd(item.Id, new ParentLink(url, item.Title));
                if (!attachments.TryClaim(url))
                {
                    continue;
                }

                if (produced++ >= source.MaxDocuments)
                {
                    yield break;
                }

                if (item.ContentHtml is not null)
                {
                    attachments.AddLinksFrom(item.ContentHtml, url, item.Title);
                }

                yield return context.IsUnchangedByListing(url, item.Modified)
                    ? new HarvestUnchanged(url, "modified_gmt not newer than last run")
                    : new HarvestedDocument(url, HtmlEnvelope.ContentType, HtmlEnvelope.Render(WordPressMapper.ToContent(item)), item.Modified)
                    {
                        ListedModified = item.Modified,
                    };
            }

            LogCollection(logger, source.Id, type, listed);
        }

        foreach (var item in media)
        {
            var parent = item.ParentId is { } id && posts.TryGetValue(id, out var post) ? post : null;
            var url = UrlNormalizer.Normalize(item.SourceUrl!);
            if (attachments.IsOnHost(url))
            {
                attachments.Add(url, parent, item.Modified ?? item.Published);
            }
        }

        await foreach (var attachment in attachments.HarvestAsync(source.MaxDocuments - produced, cancellationToken).ConfigureAwait(false))
        {
            yield return attachment;
        }
    }

    /// <summary>Every item of one collection, page by page; any unreadable page fails the run.</summary>
    private async IAsyncEnumerable<WordPressMapper.WordPressItem> ListAsync(Uri root, string type, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int? totalPages = null;
        for (var page = 1; ; page++)
        {
            var url = WordPressMapper.PageUrl(root, type, page);
            var result = await fetcher.FetchAsync(url, cancellationToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                // Without X-WP-TotalPages, the page after a last full one answers 400 (rest_post_invalid_page_number).
                if (totalPages is null && page > 1 && result.StatusCode == HttpStatusCode.BadRequest)
                {
                    yield break;
                }

                throw new HarvestException($"WordPress {type} page {page} ({url}) could not be read: {result.Error}.");
            }

            IReadOnlyList<WordPressMapper.WordPressItem> items;
            try
            {
                items = WordPressMapper.ParsePage(result.Body!, root);
            }
            catch (Exception ex) when (ex is JsonException or FormatException)
            {
                throw new HarvestException($"WordPress {type} page {page} ({url}) is not a valid REST API response: {ex.Message}", ex);
            }

            if (page == 1)
            {
                totalPages = WordPressMapper.TotalPages(result.Headers);
                if (totalPages > MaxPages)
                {
                    throw new HarvestException($"WordPress {type} has {totalPages} pages, more than the cap of {MaxPages}.");
                }
            }

            foreach (var item in items)
            {
                yield return item;
            }

            // X-WP-TotalPages decides; without it a full page may have a successor and a short one is the last.
            var more = totalPages is { } total ? page < total : items.Count == WordPressMapper.PerPage;
            if (!more)
            {
                yield break;
            }

            if (page >= MaxPages)
            {
                throw new HarvestException($"WordPress {type} has more than {MaxPages} pages.");
            }
        }
    }

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Source {SourceId}: WordPress {Type} lists {Count} items")]
    private static partial void LogCollection(ILogger logger, string sourceId, string type, int count);
}
