namespace Search.Connectors.Abstractions;

/// <summary>What the previous runs learnt about one document, for incremental harvesting.</summary>
public sealed record PreviousDocument
{
    public required Uri Url { get; init; }

    /// <summary>The ETag the server sent last time (sent back as If-None-Match).</summary>
    public string? ETag { get; init; }

    /// <summary>The Last-Modified the server sent last time (sent back as If-Modified-Since).</summary>
    public DateTimeOffset? LastModified { get; init; }

    /// <summary>The modification date the listing (sitemap lastmod, feed or API date, file time) gave last time.</summary>
    public DateTimeOffset? ListedModified { get; init; }

    /// <summary>File size last time (folder sources).</summary>
    public long? Size { get; init; }

    /// <summary>The page this attachment was linked from.</summary>
    public Uri? Parent { get; init; }

    /// <summary>The parent's title, kept so an attachment of an unchanged page keeps its context.</summary>
    public string? ParentTitle { get; init; }
}

/// <summary>Per-run input for a connector: what is already known about the source's documents.</summary>
public sealed class HarvestContext
{
    private readonly Dictionary<Uri, PreviousDocument> _previous;
    private readonly ILookup<Uri, PreviousDocument> _children;

    public HarvestContext(IEnumerable<PreviousDocument> previous)
    {
        _previous = previous.GroupBy(p => UrlNormalizer.Normalize(p.Url)).ToDictionary(g => g.Key, g => g.First());
        _children = _previous.Values.Where(p => p.Parent is not null).ToLookup(p => UrlNormalizer.Normalize(p.Parent!));
    }

    /// <summary>A first run: nothing known.</summary>
    public static HarvestContext Empty { get; } = new([]);

    public int Count => _previous.Count;

    public PreviousDocument? Previous(Uri url) => _previous.GetValueOrDefault(UrlNormalizer.Normalize(url));

    /// <summary>Attachments found on this page in earlier runs (needed when the page itself is unchanged).</summary>
    public IEnumerable<PreviousDocument> AttachmentsOf(Uri page) => _children[UrlNormalizer.Normalize(page)];

    /// <summary>True when the listing's date shows the document has not changed since the last run.</summary>
    public bool IsUnchangedByListing(Uri url, DateTimeOffset? listedModified) =>
        listedModified is { } listed && Previous(url)?.ListedModified is { } before && listed <= before;
}
