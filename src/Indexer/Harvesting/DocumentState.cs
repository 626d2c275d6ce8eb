namespace Search.Indexer.Harvesting;

/// <summary>What the index's last commit holds for one URL of a source: validators, hash and deletion strikes.</summary>
public sealed record DocumentState
{
    public required string SourceId { get; init; }

    public required string Url { get; init; }

    public required string DocumentId { get; init; }

    public string? ETag { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public DateTimeOffset? ListedModified { get; init; }

    public long? Size { get; init; }

    public string? ContentHash { get; init; }

    public string? ParentUrl { get; init; }

    public string? ParentTitle { get; init; }

    /// <summary>Consecutive runs in which the URL answered 404/410.</summary>
    public int GoneCount { get; init; }
}
