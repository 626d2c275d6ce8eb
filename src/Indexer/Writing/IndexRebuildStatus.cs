namespace Search.Indexer.Writing;

public enum IndexRebuildState
{
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>The state of a rebuild, as the admin API and the CLI show it.</summary>
/// <param name="RunId">Identifies the run.</param>
/// <param name="State">Running, or how it ended.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it ended (null while running).</param>
/// <param name="DocumentsTotal">Documents in the snapshot being copied.</param>
/// <param name="DocumentsCopied">Documents copied so far.</param>
/// <param name="WritesReplayed">Ids written or deleted during the rebuild and copied again before the swap.</param>
/// <param name="Generation">The new generation directory.</param>
/// <param name="Error">Why it failed or was cancelled.</param>
public sealed record IndexRebuildStatus(
    string RunId,
    IndexRebuildState State,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    int DocumentsTotal,
    int DocumentsCopied,
    int WritesReplayed,
    string? Generation,
    string? Error);

/// <summary>Ids written or deleted, and sources deleted, since the rebuild's snapshot.</summary>
internal sealed class RebuildLog
{
    public HashSet<string> Ids { get; private set; } = new(StringComparer.Ordinal);

    public List<string> Sources { get; private set; } = [];

    public (HashSet<string> Ids, List<string> Sources) Drain()
    {
        var drained = (Ids, Sources);
        (Ids, Sources) = (new HashSet<string>(StringComparer.Ordinal), []);
        return drained;
    }
}

/// <summary>One rebuild: its counters and outcome, readable (as a snapshot) while it runs.</summary>
internal sealed class RebuildRun(string runId, DateTimeOffset startedAt, IProgress<IndexRebuildStatus>? progress)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private IndexRebuildState _state = IndexRebuildState.Running;
    private DateTimeOffset? _finishedAt;
    private string? _error;

    /// <summary>Counters, updated with <see cref="Interlocked"/> by the rebuild and read by status requests.</summary>
    public int Total;
    public int Copied;
    public int Replayed;

    public string RunId { get; } = runId;

    public string? Generation { get; set; }

    public Task Completion => _completion.Task;

    public void Finish(IndexRebuildState state, string? error, DateTimeOffset at)
    {
        lock (_gate)
        {
            (_state, _error, _finishedAt) = (state, error, at);
        }

        Report();
    }

    public void Complete() => _completion.TrySetResult();

    public void Report() => progress?.Report(Snapshot());

    public IndexRebuildStatus Snapshot()
    {
        lock (_gate)
        {
            return new IndexRebuildStatus(RunId, _state, startedAt, _finishedAt, Volatile.Read(ref Total), Volatile.Read(ref Copied),
                Volatile.Read(ref Replayed), Generation, _error);
        }
    }
}
