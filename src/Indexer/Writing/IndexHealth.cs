namespace Search.Indexer.Writing;

public enum IndexHealthStatus
{
    /// <summary>Search is served and the last write succeeded.</summary>
    Healthy,

    /// <summary>Search is served from the last good commit, but writing failed (disk full, I/O error) or a merge failed.</summary>
    Degraded,

    /// <summary>Search is not served: the index is corrupt or missing.</summary>
    Unavailable,
}

/// <summary>The index's health as <c>/health/ready</c> reports it.</summary>
/// <param name="Status">The status.</param>
/// <param name="Description">What is wrong and what happens next, for operators (English).</param>
/// <param name="Since">When the status last changed.</param>
public sealed record IndexHealth(IndexHealthStatus Status, string Description, DateTimeOffset Since);

/// <summary>Figures of the current index generation, for metrics and the admin console.</summary>
/// <param name="Generation">The generation directory name ("." for the index root).</param>
/// <param name="Documents">Live documents, including those written but not yet committed.</param>
/// <param name="DeletedDocuments">Deleted documents not yet merged away.</param>
/// <param name="Segments">Segments of the searcher.</param>
/// <param name="SizeInBytes">Bytes of the generation's files.</param>
/// <param name="LastCommit">When the last commit was made by this service (null when unknown).</param>
public sealed record IndexStats(string Generation, int Documents, int DeletedDocuments, int Segments, long SizeInBytes, DateTimeOffset? LastCommit)
{
    public static IndexStats Unavailable { get; } = new("-", 0, 0, 0, 0, null);
}

/// <summary>The index cannot serve searches or writes (it is corrupt or missing); see <see cref="LuceneIndex.Health"/>.</summary>
public sealed class IndexUnavailableException(string message, Exception? inner = null) : InvalidOperationException(message, inner);

/// <summary>
/// Writing to the index failed (disk full, I/O error, a writer that hit an out-of-memory error). The index was rolled
/// back to its last commit; earlier uncommitted writes of other callers are kept and written again.
/// </summary>
public sealed class IndexWriteException(string message, Exception? inner = null) : IOException(message, inner);
