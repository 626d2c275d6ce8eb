using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.Logging;
using Search.Indexer.Analysis;
using Search.Indexer.Schema;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Indexer.Writing;

/// <summary>
/// Zero-downtime rebuild: every document is read back from its stored fields and written, with the current analysis
/// chain, into a new generation directory beside the live one, while search and writes go on against the live one.
/// Writes made meanwhile are recorded by id and copied again from the live index (a few catch-up passes outside the
/// write lock, the remainder under it); then the new generation is committed, the pointer file names it, and the handle
/// is swapped. Searches running on the old generation finish on it; its files are deleted after the last one.
/// </summary>
public sealed partial class LuceneIndex
{
    /// <summary>Catch-up passes outside the write lock before the final one under it.</summary>
    private const int CatchUpPasses = 5;

    /// <summary>A catch-up pass this small is followed by the final one at once.</summary>
    private const int SmallCatchUp = 200;

    private const int ProgressEvery = 1_000;

    /// <summary>Ids written or deleted since the rebuild's snapshot (null when no rebuild runs); guarded by the write lock.</summary>
    private RebuildLog? _rebuildLog;

    private RebuildRun? _activeRebuild;
    private RebuildRun? _lastRebuild;
    private Task? _rebuildTask;

    /// <summary>True when the index can be rebuilt beside itself (a file-system index that is served).</summary>
    public bool CanRebuild => _storage.SupportsGenerations && Volatile.Read(ref _current) is not null;

    /// <summary>The running rebuild, else the last one of this process (null when none ran).</summary>
    public IndexRebuildStatus? LastRebuild => (Volatile.Read(ref _activeRebuild) ?? Volatile.Read(ref _lastRebuild))?.Snapshot();

    /// <summary>A test hook run between the rebuild's phases.</summary>
    internal Func<RebuildPhase, CancellationToken, Task>? RebuildHook { get; set; }

    /// <summary>
    /// Starts a rebuild in the background; returns its status, or null when one is already running.
    /// Throws <see cref="NotSupportedException"/> for an index that is not on the file system and
    /// <see cref="IndexUnavailableException"/> when the index is not served (rebuild reads the live index).
    /// </summary>
    public IndexRebuildStatus? StartRebuild(CancellationToken cancellationToken) => StartRebuild(null, cancellationToken);

    /// <summary>
    /// As <see cref="StartRebuild(CancellationToken)"/>, indexing with <paramref name="analysis"/> (null: <see cref="Analysis"/>).
    /// The query analyzer switches to it together with the index, so queries and documents never disagree.
    /// </summary>
    public IndexRebuildStatus? StartRebuild(AnalysisResources? analysis, CancellationToken cancellationToken) =>
        StartRebuild(analysis, progress: null, cancellationToken)?.Snapshot();

    /// <summary>Rebuilds and waits for the outcome; throws <see cref="InvalidOperationException"/> when a rebuild is already running.</summary>
    public Task<IndexRebuildStatus> RebuildAsync(IProgress<IndexRebuildStatus>? progress, CancellationToken cancellationToken) =>
        RebuildAsync(null, progress, cancellationToken);

    /// <summary>As <see cref="RebuildAsync(IProgress{IndexRebuildStatus}, CancellationToken)"/>, indexing with <paramref name="analysis"/>.</summary>
    public async Task<IndexRebuildStatus> RebuildAsync(AnalysisResources? analysis, IProgress<IndexRebuildStatus>? progress, CancellationToken cancellationToken)
    {
        var run = StartRebuild(analysis, progress, cancellationToken) ?? throw new InvalidOperationException("A rebuild of the index is already running.");
        await run.Completion.ConfigureAwait(false);
        return run.Snapshot();
    }

    private RebuildRun? StartRebuild(AnalysisResources? analysis, IProgress<IndexRebuildStatus>? progress, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_storage.SupportsGenerations)
        {
            throw new NotSupportedException("Rebuilding needs an index on the file system (LuceneIndex.OpenFileSystem).");
        }

        if (Volatile.Read(ref _current) is null)
        {
            throw new IndexUnavailableException(Health.Description);
        }

        var now = _time.GetUtcNow();
        var run = new RebuildRun($"{now:yyyyMMddTHHmmss}-{Guid.NewGuid():N}"[..24], now, progress);
        if (Interlocked.CompareExchange(ref _activeRebuild, run, null) is not null)
        {
            return null;
        }

        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        _rebuildTask = Task.Run(async () =>
        {
            try
            {
                await ExecuteRebuildAsync(run, analysis ?? Analysis, linked.Token).ConfigureAwait(false);
            }
            finally
            {
                linked.Dispose();
                Volatile.Write(ref _lastRebuild, run);
                Volatile.Write(ref _activeRebuild, null);
                run.Complete();
            }
        }, CancellationToken.None);
        return run;
    }

    private async Task ExecuteRebuildAsync(RebuildRun run, AnalysisResources analysis, CancellationToken cancellationToken)
    {
        string? generation = null;
        LuceneDirectory? directory = null;
        IndexWriter? writer = null;
        SearcherManager? searchers = null;
        var swapped = false;
        try
        {
            LogRebuildStarted(_logger, run.RunId);
            var analyzer = BuildIndexAnalyzer(analysis);
            var (source, snapshot) = await BeginRecordingAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                generation = _storage.CreateGeneration();
                run.Generation = generation;
                directory = _storage.Open(generation);
                writer = OpenWriter(directory, analyzer, OpenMode.CREATE, generation);
                await InvokeHookAsync(RebuildPhase.Copying, cancellationToken).ConfigureAwait(false);
                Copy(snapshot, writer, run, cancellationToken);
            }
            finally
            {
                source.Searchers.Release(snapshot);
                source.Release();
            }

            searchers = NewSearcherManager(writer);
            var warm = searchers.Acquire();
            try
            {
                WarmUp(warm);
            }
            finally
            {
                searchers.Release(warm);
            }

            await InvokeHookAsync(RebuildPhase.Copied, cancellationToken).ConfigureAwait(false);
            for (var pass = 0; pass < CatchUpPasses; pass++)
            {
                var (ids, sources) = await DrainAsync(cancellationToken).ConfigureAwait(false);
                Replay(writer, ids, sources, run);
                if (ids.Count + sources.Count < SmallCatchUp)
                {
                    break;
                }
            }

            await InvokeHookAsync(RebuildPhase.Swapping, cancellationToken).ConfigureAwait(false);
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

                // The live writer holds every journalled write and the searcher shows them, so the ids read below are final.
                var old = EnsureWritable();
                old.Searchers.MaybeRefreshBlocking();
                var (ids, sources) = _rebuildLog!.Drain();
                ids.UnionWith(_journal.Select(p => p.Document?.Id ?? p.DeletedId!));
                Replay(writer, ids, sources, run);
                StampCommit(writer);
                writer.Commit();
                searchers.MaybeRefreshBlocking();
                cancellationToken.ThrowIfCancellationRequested();

                // The point of no return: from here the next start opens the new generation.
                _storage.Promote(generation);
                swapped = true;
                var fresh = new IndexHandle(new GenerationDirectory(generation, directory, _storage.Delete), writer, searchers, analyzer, BuildLayoutAnalyzer(analysis));
                Volatile.Write(ref _current, fresh);
                Volatile.Write(ref _indexAnalyzer, analyzer);
                if (analysis != Analysis)
                {
                    ReloadQueryAnalysis(analysis);
                }

                _journal.Clear();
                (_replayPending, _writerBroken, _rebuildLog) = (false, false, null);
                SetLastCommit(_time.GetUtcNow());
                old.Generation.DeleteWhenClosed = true;
                CloseWriter(old, commit: false);
                old.Release();
            }
            finally
            {
                _writeLock.Release();
            }

            run.Finish(IndexRebuildState.Succeeded, null, _time.GetUtcNow());
            LogRebuildSwapped(_logger, run.RunId, generation, run.Copied, run.Replayed);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.Finish(IndexRebuildState.Cancelled, "Cancelled (the service is stopping, or the caller gave up); the live index is unchanged.", _time.GetUtcNow());
            LogRebuildCancelled(_logger, run.RunId);
        }
        catch (Exception ex)
        {
            run.Finish(IndexRebuildState.Failed, $"{ex.GetType().Name}: {ex.Message}", _time.GetUtcNow());
            LogRebuildFailed(_logger, ex, run.RunId);
        }
        finally
        {
            if (!swapped)
            {
                await StopRecordingAsync().ConfigureAwait(false);
                DiscardGeneration(generation, directory, writer, searchers);
            }
        }
    }

    /// <summary>Under the write lock: a snapshot holding every write so far, and a log of every write after it.</summary>
    private async Task<(IndexHandle Source, IndexSearcher Snapshot)> BeginRecordingAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var source = Volatile.Read(ref _current) ?? throw new IndexUnavailableException(Health.Description);
            if (!source.TryAddReference())
            {
                throw new InvalidOperationException("The index handle closed while the rebuild started.");
            }

            _rebuildLog = new RebuildLog();
            return (source, source.Searchers.Acquire());
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task StopRecordingAsync()
    {
        await _writeLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        _rebuildLog = null;
        _writeLock.Release();
    }

    /// <summary>Takes what was recorded so far; under the write lock, so every recorded write is visible to the searcher.</summary>
    private async Task<(HashSet<string> Ids, List<string> Sources)> DrainAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _rebuildLog!.Drain();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static void Copy(IndexSearcher snapshot, IndexWriter writer, RebuildRun run, CancellationToken cancellationToken)
    {
        run.Total = snapshot.IndexReader.NumDocs;
        run.Report();
        foreach (var leaf in snapshot.IndexReader.Leaves)
        {
            var reader = leaf.AtomicReader;
            var live = reader.LiveDocs;
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                if (live is not null && !live.Get(doc))
                {
                    continue;
                }

                cancellationToken.ThrowIfCancellationRequested();
                writer.AddDocument(DocumentMapper.ToLucene(DocumentMapper.FromLucene(reader.Document(doc))));
                if (Interlocked.Increment(ref run.Copied) % ProgressEvery == 0)
                {
                    run.Report();
                }
            }
        }

        run.Report();
    }

    /// <summary>Copies the live index's current state of these ids (and source deletions, first) into the new generation.</summary>
    private void Replay(IndexWriter writer, HashSet<string> ids, List<string> sources, RebuildRun run)
    {
        foreach (var source in sources)
        {
            writer.DeleteDocuments(new Term(IndexFields.Source, source));
        }

        if (ids.Count == 0)
        {
            return;
        }

        using var lease = AcquireSearcher();
        var searcher = lease.Searcher;
        foreach (var id in ids)
        {
            var term = new Term(IndexFields.Id, id);
            var hits = searcher.Search(new TermQuery(term), 1);
            if (hits.TotalHits == 0)
            {
                writer.DeleteDocuments(term);
            }
            else
            {
                writer.UpdateDocument(term, DocumentMapper.ToLucene(DocumentMapper.FromLucene(searcher.Doc(hits.ScoreDocs[0].Doc))));
            }
        }

        Interlocked.Add(ref run.Replayed, ids.Count);
        run.Report();
    }

    private void DiscardGeneration(string? generation, LuceneDirectory? directory, IndexWriter? writer, SearcherManager? searchers)
    {
        try
        {
            searchers?.Dispose();
            writer?.Rollback();
            directory?.Dispose();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogCloseFailed(_logger, ex, generation ?? "(new)");
        }

        if (generation is not null)
        {
            _storage.Delete(generation);
        }
    }

    private Task InvokeHookAsync(RebuildPhase phase, CancellationToken cancellationToken) =>
        RebuildHook?.Invoke(phase, cancellationToken) ?? Task.CompletedTask;

    private void WaitForRebuild()
    {
        try
        {
            _rebuildTask?.Wait();
        }
        catch (AggregateException)
        {
            // The run records its own outcome.
        }
    }

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "Index rebuild {RunId} started")]
    private static partial void LogRebuildStarted(ILogger logger, string runId);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Information,
        Message = "Index rebuild {RunId} done: generation '{Generation}' is current ({Copied} documents copied, {Replayed} concurrent writes replayed)")]
    private static partial void LogRebuildSwapped(ILogger logger, string runId, string generation, int copied, int replayed);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Warning, Message = "Index rebuild {RunId} cancelled; the live index is unchanged")]
    private static partial void LogRebuildCancelled(ILogger logger, string runId);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Error, Message = "Index rebuild {RunId} failed; the live index is unchanged")]
    private static partial void LogRebuildFailed(ILogger logger, Exception exception, string runId);
}

/// <summary>The points between a rebuild's phases (test hooks).</summary>
internal enum RebuildPhase
{
    /// <summary>The snapshot is taken and the new generation's writer open; nothing copied yet.</summary>
    Copying,

    /// <summary>The snapshot is copied; concurrent writes are not caught up yet.</summary>
    Copied,

    /// <summary>Caught up outside the lock; the final catch-up, commit and swap follow.</summary>
    Swapping,
}
