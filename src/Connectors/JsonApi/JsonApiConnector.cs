using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Search.Connectors.Abstractions;
using Search.Connectors.Feeds;
using Search.Connectors.Http;

namespace Search.Connectors.JsonApi;

/// <summary>
/// Harvests a Drupal JSON:API collection (e.g. <c>https://site/jsonapi/node/article</c>), following <c>links.next</c>.
/// Each resource becomes a document at its public URL (the path alias), built from the fields the source maps
/// (<see cref="JsonApiMapper"/>); its <c>changed</c> date makes later runs incremental. PDF and DOCX files the bodies
/// link to on the same host follow, with their resource as parent.
/// </summary>
public sealed partial class JsonApiConnector(HttpFetcher fetcher, ILogger<JsonApiConnector> logger) : ISourceConnector
{
    /// <summary>The most collection pages read; a longer chain fails the run.</summary>
    public const int MaxPages = 1000;

    public SourceKind Kind => SourceKind.JsonApi;

    public async IAsyncEnumerable<HarvestItem> HarvestAsync(SourceDefinition source, HarvestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Every request of this run carries the source's credentials and session (members-only sources).
        fetcher = fetcher.ForSource(source);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(context);
        var collection = source.Url ?? throw new HarvestException($"Source '{source.Id}' has no JSON:API collection url.");
        var siteRoot = JsonApiMapper.SiteRootOf(collection);
        var attachments = new AttachmentHarvest(fetcher, context, collection.Host);
        var visited = new HashSet<Uri>();
        var produced = 0;
        var pages = 0;
        var skipped = 0;
        for (Uri? next = collection; next is not null && visited.Add(UrlNormalizer.Normalize(next));)
        {
            if (++pages > MaxPages)
            {
                throw new HarvestException($"JSON:API collection {collection} has more than {MaxPages} pages.");
            }

            if (!string.Equals(next.Authority, collection.Authority, StringComparison.OrdinalIgnoreCase))
            {
                throw new HarvestException($"JSON:API page link {next} leaves {collection.Authority}.");
            }

            var page = await ReadPageAsync(next, siteRoot, source.Fields, cancellationToken).ConfigureAwait(false);
            skipped += page.Skipped;
            foreach (var item in page.Items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var url = UrlNormalizer.Normalize(item.Url);
                if (!attachments.TryClaim(url))
                {
                    continue;
                }

                if (produced++ >= source.MaxDocuments)
                {
                    yield break;
                }

                if (item.BodyHtml is not null)
                {
                    attachments.AddLinksFrom(item.BodyHtml, url, item.Title);
                }

                yield return context.IsUnchangedByListing(url, item.Modified)
                    ? new HarvestUnchanged(url, "changed date not newer than last run")
                    : new HarvestedDocument(url, HtmlEnvelope.ContentType, HtmlEnvelope.Render(item with { Url = url }), item.Modified)
                    {
                        ListedModified = item.Modified,
                    };
            }

            next = page.Next;
        }

        LogCollection(logger, source.Id, pages, produced, skipped);
        await foreach (var attachment in attachments.HarvestAsync(source.MaxDocuments - produced, cancellationToken).ConfigureAwait(false))
        {
            yield return attachment;
        }
    }

    private async Task<JsonApiMapper.Page> ReadPageAsync(Uri url, Uri siteRoot, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var result = await fetcher.FetchAsync(url, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new HarvestException($"JSON:API page {url} could not be read: {result.Error}.");
        }

        try
        {
            return JsonApiMapper.ParsePage(result.Body!, result.FinalUrl, siteRoot, fields);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new HarvestException($"JSON:API page {url} is not a valid JSON:API document: {ex.Message}", ex);
        }
    }

    [LoggerMessage(EventId = 1701, Level = LogLevel.Information,
        Message = "Source {SourceId}: JSON:API collection read in {Pages} pages, {Count} documents, {Skipped} resources without a public URL")]
    private static partial void LogCollection(ILogger logger, string sourceId, int pages, int count, int skipped);
}
