using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Search.Connectors.Abstractions;
using Search.Indexer.Classification;
using Search.Indexer.Extraction;
using Search.Indexer.Families;
using Search.Indexer.Schema;
using Search.Indexer.Writing;

namespace Search.Indexer.Harvesting;

/// <summary>
/// Runs one harvest of one source: connector → extraction → index, committing per batch and recording document
/// state (validators, content hash) only after the commit that holds it. Unchanged documents are not re-indexed.
/// Only a run that read the complete listing without transient failures removes documents, and only those gone
/// from the listing or answering 404/410 on two consecutive runs.
/// </summary>
public sealed partial class HarvestRunner(
    IServiceScopeFactory scopes,
    LuceneIndex index,
    HarvestStore store,
    Taxonomy taxonomy,
    IOptions<SearchOptions> options,
    TimeProvider time,
    ILogger<HarvestRunner> logger,
    IEnumerable<IHarvestObserver> observers)
{
    /// <summary>A listed URL is removed after answering 404/410 on this many consecutive runs.</summary>
    public const int GoneStrikes = 2;

    private readonly ConcurrentDictionary<string, string> _running = new(StringComparer.Ordinal);

    public bool IsRunning(string sourceId) => _running.ContainsKey(sourceId);

    /// <summary>The id of the run in progress for a source, if any.</summary>
    public string? RunningRunId(string sourceId) => _running.GetValueOrDefault(sourceId);

    /// <summary>Harvests the source; returns null when a run of this source is already in progress.</summary>
    public Task<HarvestRun?> RunAsync(SourceDefinition source, CancellationToken cancellationToken) => RunAsync(source, null, cancellationToken);

    /// <summary>Harvests the source, reporting the counts after every document.</summary>
    public async Task<HarvestRun?> RunAsync(SourceDefinition source, IProgress<HarvestCounts>? progress, CancellationToken cancellationToken)
    {
        var runId = NewRunId();
        if (!_running.TryAdd(source.Id, runId))
        {
            LogAlreadyRunning(logger, source.Id);
            return null;
        }

        try
        {
            return await ExecuteAsync(source, Begin(source, runId), cancellationToken, progress).ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(source.Id, out _);
        }
    }

    /// <summary>Starts a run in the background and returns its id, or null when one is already running.</summary>
    public string? Start(SourceDefinition source, CancellationToken cancellationToken)
    {
        var runId = NewRunId();
        if (!_running.TryAdd(source.Id, runId))
        {
            return null;
        }

        var run = Begin(source, runId);
        _ = Task.Run(async () =>
        {
            try
            {
                await ExecuteAsync(source, run, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _running.TryRemove(source.Id, out _);
            }
        }, CancellationToken.None);
        return runId;
    }

    private string NewRunId() => $"{time.GetUtcNow():yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}"[..27];

    /// <summary>Records the run as running before any work starts, so its id can be looked up at once.</summary>
    private HarvestRun Begin(SourceDefinition source, string runId)
    {
        var run = new HarvestRun { SourceId = source.Id, RunId = runId, StartedAt = time.GetUtcNow(), Status = HarvestStatus.Running };
        store.SaveRun(run);
        LogStarted(logger, source.Id, run.RunId);
        return run;
    }

    private async Task<HarvestRun> ExecuteAsync(SourceDefinition source, HarvestRun run, CancellationToken cancellationToken, IProgress<HarvestCounts>? progress = null)
    {
        RunWork work;
        try
        {
            // A changed visibility applies to every document at once, also to those the run will find unchanged.
            var relabelled = await index.RelabelSourceAsync(source.Id, DocumentPipeline.AccessLabelsOf(source), cancellationToken).ConfigureAwait(false);
            if (relabelled > 0)
            {
                LogRelabelled(logger, source.Id, relabelled);
            }

            work = new RunWork(source, index.GetIds(source.Id), store.Documents(source.Id));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The index is unavailable (damaged, a failed write) or the service stops: the run ends here, never stays "running".
            var cancelled = ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
            if (!cancelled)
            {
                LogCrashed(logger, ex, source.Id);
            }

            run = run with
            {
                FinishedAt = time.GetUtcNow(),
                Status = cancelled ? HarvestStatus.Cancelled : HarvestStatus.Failed,
                Error = cancelled ? "Cancelled: the service is shutting down." : $"The index could not be prepared: {ex.Message}",
            };
            store.SaveRun(run);
            foreach (var observer in observers)
            {
                observer.RunFinished(run);
            }

            return run;
        }

        HarvestStatus status;
        string? error = null;
        try
        {
            using var scope = scopes.CreateScope();
            var connector = scope.ServiceProvider.GetServices<ISourceConnector>().FirstOrDefault(c => c.Kind == source.Kind)
                ?? throw new HarvestException($"No connector for kind '{source.Kind}'.");
            await foreach (var item in connector.HarvestAsync(source, work.Context, cancellationToken).ConfigureAwait(false))
            {
                await HandleAsync(work, item, cancellationToken).ConfigureAwait(false);
                progress?.Report(work.Counts());
                if (work.Batch.Count >= options.Value.CommitBatchSize)
                {
                    await FlushAsync(work, cancellationToken).ConfigureAwait(false);
                }
            }

            await FlushAsync(work, cancellationToken).ConfigureAwait(false);
            if (work.Discovered >= source.MaxDocuments)
            {
                error = $"Stopped at maxDocuments ({source.MaxDocuments}); nothing removed.";
            }

            status = work.Transient || work.Discovered >= source.MaxDocuments ? HarvestStatus.Partial : HarvestStatus.Succeeded;
            if (status == HarvestStatus.Succeeded)
            {
                await RemoveStaleAsync(work).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            status = HarvestStatus.Cancelled;
            error = "Cancelled: the service is shutting down.";
            await FlushAfterFailureAsync(work).ConfigureAwait(false);
        }
        catch (HarvestException ex)
        {
            status = HarvestStatus.Failed;
            error = ex.Message;
            await FlushAfterFailureAsync(work).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            status = HarvestStatus.Failed;
            error = $"Unexpected error: {ex.Message}";
            LogCrashed(logger, ex, source.Id);
            await FlushAfterFailureAsync(work).ConfigureAwait(false);
        }

        // 404 strikes and validators of unchanged documents are facts of this run, whatever its outcome.
        store.SaveDocuments(work.StrikesAndValidators.Values);
        run = run with { FinishedAt = time.GetUtcNow(), Status = status, Error = error, Counts = work.Counts(), Events = work.Events };
        store.SaveRun(run);
        foreach (var observer in observers)
        {
            observer.RunFinished(run);
        }

        LogFinished(logger, source.Id, status, work.Discovered, work.New, work.Changed, work.Unchanged, work.Failed, work.Removed, error ?? string.Empty);
        return run;
    }

    private async Task HandleAsync(RunWork work, HarvestItem item, CancellationToken cancellationToken)
    {
        work.Discovered++;
        var url = UrlNormalizer.Normalize(item.Url);
        var id = DocumentIds.For(work.Source.Id, url);
        var previous = work.State.GetValueOrDefault(url.AbsoluteUri);
        switch (item)
        {
            case HarvestedDocument document:
                work.Seen.Add(id);
                work.Fetched++;
                var hash = Convert.ToHexStringLower(SHA256.HashData(document.Content));
                var state = new DocumentState
                {
                    SourceId = work.Source.Id,
                    Url = url.AbsoluteUri,
                    DocumentId = id,
                    ETag = document.ETag,
                    LastModified = document.LastModified,
                    ListedModified = document.ListedModified,
                    Size = document.Size,
                    ContentHash = hash,
                    ParentUrl = document.Parent is { } p ? UrlNormalizer.Normalize(p.Url).AbsoluteUri : null,
                    ParentTitle = document.Parent?.Title,
                };
                if (previous?.ContentHash == hash && work.Existing.Contains(id) && previous.ParentTitle == state.ParentTitle)
                {
                    work.Unchanged++;
                    work.StrikesAndValidators[url.AbsoluteUri] = state;
                    break;
                }

                try
                {
                    // Extraction and classification can wait for searches (the index's background lane).
                    var built = await index.Background.RunAsync(
                        () => DocumentPipeline.Build(document, work.Source, taxonomy, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                    work.Batch.Add(built);
                    work.PendingStates.Add(state);
                    if (work.Existing.Contains(id))
                    {
                        work.Changed++;
                    }
                    else
                    {
                        work.New++;
                    }
                }
                catch (ExtractionException ex)
                {
                    work.Failed++;
                    work.Record(url.AbsoluteUri, "extraction", ex.Message);
                    LogSkipped(logger, work.Source.Id, url, ex.Message);
                }

                break;
            case HarvestUnchanged:
                work.Seen.Add(id);
                work.Unchanged++;
                if (previous is { GoneCount: > 0 })
                {
                    work.StrikesAndValidators[url.AbsoluteUri] = previous with { GoneCount = 0 };
                }

                break;
            case HarvestFailure { Kind: HarvestFailureKind.Gone } failure:
                work.Gone++;
                var strikes = (previous?.GoneCount ?? 0) + 1;
                if (previous is not null)
                {
                    work.StrikesAndValidators[url.AbsoluteUri] = previous with { GoneCount = strikes };
                }

                if (strikes < GoneStrikes && work.Existing.Contains(id))
                {
                    // First strike: keep the document; a second 404/410 in the next run removes it.
                    work.Seen.Add(id);
                    work.Record(url.AbsoluteUri, "gone", $"{failure.Reason} (strike {strikes} of {GoneStrikes}; kept)");
                }
                else
                {
                    work.GoneTwice.Add(id);
                    work.Record(url.AbsoluteUri, "gone", failure.Reason);
                }

                break;
            case HarvestFailure { Kind: HarvestFailureKind.Robots } failure:
                work.Seen.Add(id);
                work.SkippedByRobots++;
                work.Record(url.AbsoluteUri, "robots", failure.Reason);
                break;
            case HarvestFailure failure:
                // The document may still exist: keep whatever the index has for it.
                work.Seen.Add(id);
                work.Failed++;
                // A crawl reaches pages only through links: any page it could not read may hide others.
                work.Transient |= failure.Kind == HarvestFailureKind.Transient || work.Source.Kind == SourceKind.Crawl;
                work.Record(url.AbsoluteUri, failure.Kind.ToString().ToLowerInvariant(), failure.Reason);
                break;
        }
    }

    private async Task RemoveStaleAsync(RunWork work)
    {
        // A feed lists only recent items: what fell off it is not gone. Only 404/410 strikes remove there.
        var stale = work.Existing.Where(id => !work.Seen.Contains(id) && (ListsEverything(work.Source) || work.GoneTwice.Contains(id))).ToList();
        if (stale.Count == 0)
        {
            return;
        }

        // One pass over the known states instead of a scan per removed document.
        var urlOf = work.State.Values.GroupBy(s => s.DocumentId).ToDictionary(g => g.Key, g => g.First().Url, StringComparer.Ordinal);
        foreach (var id in stale)
        {
            var url = urlOf.GetValueOrDefault(id) ?? index.Get(id)?.Url ?? id;
            work.Record(url, "removed", work.GoneTwice.Contains(id)
                ? $"Answered 404/410 on {GoneStrikes} consecutive runs."
                : "No longer in the source's listing.");
        }

        await index.DeleteAsync(stale, CancellationToken.None).ConfigureAwait(false);
        await index.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        store.DeleteDocuments(work.Source.Id, stale);
        foreach (var id in stale)
        {
            if (urlOf.TryGetValue(id, out var url))
            {
                work.StrikesAndValidators.Remove(url);
            }
        }

        work.Removed = stale.Count;
    }

    /// <summary>True when the connector's listing names every document of the source.</summary>
    public static bool ListsEverything(SourceDefinition source) => source.Kind != SourceKind.Feed;

    /// <summary>Writes the batch, commits, and only then records the batch's document states (the checkpoint).</summary>
    private async Task FlushAsync(RunWork work, CancellationToken cancellationToken)
    {
        if (work.Batch.Count == 0)
        {
            return;
        }

        await index.UpsertAsync(work.Batch.ToList(), FamilyAssigner.Assign, cancellationToken).ConfigureAwait(false);
        await index.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        store.SaveDocuments(work.PendingStates);
        foreach (var state in work.PendingStates)
        {
            work.StrikesAndValidators.Remove(state.Url);
        }

        work.Batch.Clear();
        work.PendingStates.Clear();
    }

    /// <summary>
    /// After a failure, commits what the run fetched if the index can still be written. When it cannot (disk full),
    /// the batch gets no checkpoint, so the next run fetches it again; the run still ends with its own error.
    /// </summary>
    private async Task FlushAfterFailureAsync(RunWork work)
    {
        try
        {
            await FlushAsync(work, CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            LogFlushFailed(logger, ex, work.Source.Id, work.Batch.Count);
        }
    }

    /// <summary>The mutable bookkeeping of one run.</summary>
    private sealed class RunWork
    {
        public RunWork(SourceDefinition source, IReadOnlySet<string> existing, IReadOnlyList<DocumentState> states)
        {
            Source = source;
            Existing = existing;
            State = states.ToDictionary(s => s.Url, StringComparer.Ordinal);

            // Only what the index really holds may be skipped as unchanged.
            Context = new HarvestContext(states.Where(s => existing.Contains(s.DocumentId)).Select(s => new PreviousDocument
            {
                Url = new Uri(s.Url),
                ETag = s.ETag,
                LastModified = s.LastModified,
                ListedModified = s.ListedModified,
                Size = s.Size,
                Parent = s.ParentUrl is { } parent ? new Uri(parent) : null,
                ParentTitle = s.ParentTitle,
            }));
        }

        public SourceDefinition Source { get; }

        public IReadOnlySet<string> Existing { get; }

        public Dictionary<string, DocumentState> State { get; }

        public HarvestContext Context { get; }

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public HashSet<string> GoneTwice { get; } = new(StringComparer.Ordinal);

        public List<IndexDocument> Batch { get; } = [];

        public List<DocumentState> PendingStates { get; } = [];

        public Dictionary<string, DocumentState> StrikesAndValidators { get; } = new(StringComparer.Ordinal);

        public List<HarvestEvent> Events { get; } = [];

        public bool Transient { get; set; }

        public int Discovered { get; set; }

        public int Fetched { get; set; }

        public int New { get; set; }

        public int Changed { get; set; }

        public int Unchanged { get; set; }

        public int Failed { get; set; }

        public int Gone { get; set; }

        public int Removed { get; set; }

        public int SkippedByRobots { get; set; }

        public void Record(string url, string kind, string reason)
        {
            if (Events.Count < HarvestRun.MaxEvents)
            {
                Events.Add(new HarvestEvent(url, kind, reason));
            }
        }

        public HarvestCounts Counts() => new()
        {
            Discovered = Discovered,
            Fetched = Fetched,
            New = New,
            Changed = Changed,
            Unchanged = Unchanged,
            Removed = Removed,
            Failed = Failed,
            Gone = Gone,
            SkippedByRobots = SkippedByRobots,
        };
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Harvest of {SourceId} started (run {RunId})")]
    private static partial void LogStarted(ILogger logger, string sourceId, string runId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Harvest of {SourceId} finished: {Status}; discovered {Discovered}, new {New}, changed {Changed}, unchanged {Unchanged}, failed {Failed}, removed {Removed}. {Error}")]
    private static partial void LogFinished(ILogger logger, string sourceId, HarvestStatus status, int discovered, int @new, int changed, int unchanged, int failed, int removed, string error);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Source {SourceId}: skipped {Url}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string sourceId, Uri url, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Harvest of {SourceId} not started: a run is already in progress")]
    private static partial void LogAlreadyRunning(ILogger logger, string sourceId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Source {SourceId}: access labels of {Count} documents updated to the source's visibility")]
    private static partial void LogRelabelled(ILogger logger, string sourceId, int count);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "Harvest of {SourceId}: {Count} fetched documents could not be written after the run failed; the next run fetches them again")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, string sourceId, int count);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Harvest of {SourceId} crashed")]
    private static partial void LogCrashed(ILogger logger, Exception exception, string sourceId);
}
