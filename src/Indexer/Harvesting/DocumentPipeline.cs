using Search.Connectors.Abstractions;
using Search.Indexer.Classification;
using Search.Indexer.Extraction;
using Search.Indexer.Schema;

namespace Search.Indexer.Harvesting;

/// <summary>Turns one harvested document into an index document: extract, classify, label (pure).</summary>
public static class DocumentPipeline
{
    /// <summary>Bodies are cut at 2 million characters.</summary>
    public const int MaxBodyChars = 2_000_000;

    public static IndexDocument Build(HarvestedDocument harvested, SourceDefinition source, Taxonomy taxonomy, DateTimeOffset harvestedAt)
    {
        var url = UrlNormalizer.Normalize(harvested.Url);
        var (format, content) = ContentExtractor.Extract(harvested.Content, harvested.ContentType, url, source.ContentSelector);
        var body = content.Body.Length > MaxBodyChars ? content.Body[..MaxBodyChars] : content.Body;
        if (string.IsNullOrWhiteSpace(body) && string.IsNullOrWhiteSpace(content.Title))
        {
            throw new ExtractionException("The document has no text.");
        }

        var classifiedText = harvested.Parent?.Title is { } parentTitle ? parentTitle + "\n" + body : body;
        var classification = DocumentClassifier.Classify(taxonomy, content.Title, url.AbsoluteUri, classifiedText);
        var lastModified = harvested.LastModified is { } lm ? DateOnly.FromDateTime(lm.UtcDateTime) : (DateOnly?)null;
        return new IndexDocument
        {
            Id = DocumentIds.For(source.Id, url),
            SourceId = source.Id,
            SourceName = source.Name,
            Url = url.AbsoluteUri,
            Title = content.Title,
            Description = content.Description,
            Body = body,
            Type = classification.Type,
            Themes = classification.Themes,
            Published = content.Published,
            Modified = content.Modified ?? (content.Published is null ? lastModified : null),
            ParentTitle = HtmlExtractor.CleanTitle(harvested.Parent?.Title),
            ParentUrl = harvested.Parent is { } parent ? UrlNormalizer.Normalize(parent.Url).AbsoluteUri : null,
            Format = format.ToString().ToLowerInvariant(),
            Access = AccessLabelsOf(source),
            PageStarts = content.PageStarts.Where(p => p < body.Length).ToArray(),
            HarvestedAt = harvestedAt,
        };
    }

    /// <summary>The access labels every document of the source carries.</summary>
    public static IReadOnlyList<string> AccessLabelsOf(SourceDefinition source) => source.Visibility switch
    {
        Visibility.Members when source.Network is { } network => [AccessLabels.MembersOf(network)],
        Visibility.Members => [AccessLabels.Members],
        _ => [AccessLabels.Public],
    };
}
