namespace Search.Connectors.Abstractions;

/// <summary>What a connector yields per URL: a fetched document or a failure.</summary>
public abstract record HarvestItem(Uri Url);

/// <summary>The page or attachment that linked to an attachment.</summary>
public sealed record ParentLink(Uri Url, string? Title);

/// <summary>Raw bytes of one harvested document; extraction happens in the indexer.</summary>
public sealed record HarvestedDocument(
    Uri Url,
    string? ContentType,
    byte[] Content,
    DateTimeOffset? LastModified,
    ParentLink? Parent = null) : HarvestItem(Url)
{
    /// <summary>The server's ETag, kept for the next run's conditional GET.</summary>
    public string? ETag { get; init; }

    /// <summary>The modification date the listing gave (sitemap lastmod, feed or API date, file time).</summary>
    public DateTimeOffset? ListedModified { get; init; }

    /// <summary>File size (folder sources), for change detection.</summary>
    public long? Size { get; init; }
}

/// <summary>The document is known not to have changed since the last run (304, listing date, file size and time).</summary>
public sealed record HarvestUnchanged(Uri Url, string Reason) : HarvestItem(Url);

public enum HarvestFailureKind
{
    /// <summary>The source says the document no longer exists (404/410, file removed).</summary>
    Gone,

    /// <summary>A failure that says nothing about the document (5xx, timeout, connection error).</summary>
    Transient,

    /// <summary>Fetched but refused by policy (too large, unsupported type, private network).</summary>
    Rejected,

    /// <summary>Not fetched because robots.txt disallows it (or could not be read) for this run.</summary>
    Robots,
}

/// <summary>A URL of the listing that could not be harvested in this run.</summary>
public sealed record HarvestFailure(Uri Url, HarvestFailureKind Kind, string Reason) : HarvestItem(Url);

/// <summary>The listing of a source could not be read: the whole run fails and removes nothing.</summary>
public sealed class HarvestException(string message, Exception? inner = null) : Exception(message, inner);
