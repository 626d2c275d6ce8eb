namespace Search.Indexer.Harvesting;

public enum HarvestStatus
{
    Running,

    /// <summary>The whole listing was harvested; documents no longer listed were removed.</summary>
    Succeeded,

    /// <summary>Some documents failed transiently; nothing was removed.</summary>
    Partial,

    /// <summary>The listing could not be read; nothing was removed.</summary>
    Failed,

    /// <summary>Stopped by shutdown; nothing was removed.</summary>
    Cancelled,
}

/// <summary>Per-run counts.</summary>
public sealed record HarvestCounts
{
    /// <summary>URLs the source's listing yielded (documents, unchanged, failures).</summary>
    public int Discovered { get; init; }

    /// <summary>Documents whose bytes were fetched or read.</summary>
    public int Fetched { get; init; }

    /// <summary>Documents indexed for the first time.</summary>
    public int New { get; init; }

    /// <summary>Documents re-indexed because their content changed.</summary>
    public int Changed { get; init; }

    /// <summary>Documents known unchanged (304, listing date, file size and time, identical content); not re-indexed.</summary>
    public int Unchanged { get; init; }

    public int Removed { get; init; }

    public int Failed { get; init; }

    /// <summary>Documents answering 404/410 in this run.</summary>
    public int Gone { get; init; }

    public int SkippedByRobots { get; init; }
}

/// <summary>Why one URL was not indexed, or why a document was removed.</summary>
public sealed record HarvestEvent(string Url, string Kind, string Reason);

/// <summary>The record of one harvest run of one source.</summary>
public sealed record HarvestRun
{
    public required string SourceId { get; init; }

    public required string RunId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public required HarvestStatus Status { get; init; }

    public HarvestCounts Counts { get; init; } = new();

    public string? Error { get; init; }

    /// <summary>Failures and removals of this run (at most <see cref="MaxEvents"/>).</summary>
    public IReadOnlyList<HarvestEvent> Events { get; init; } = [];

    public const int MaxEvents = 200;
}
