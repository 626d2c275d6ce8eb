using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.Logging;
using Search.Indexer.Schema;

namespace Search.Indexer.Writing;

/// <summary>
/// The write side. Every write runs under one lock. When the writer fails (disk full, I/O error, out of memory) it is
/// rolled back to the last commit and reopened, so search keeps serving the last good state and a later write can
/// succeed once the cause is gone. Writes of other callers that were made since the last commit (a harvest commits
/// per batch) are kept in a journal and written again into the reopened writer, so a commit that returns normally
/// always holds everything its caller wrote before it; the failing call itself throws <see cref="IndexWriteException"/>.
/// </summary>
public sealed partial class LuceneIndex
{
    /// <summary>Writes since the last commit (dropped by every successful commit).</summary>
    private readonly List<PendingWrite> _journal = [];

    /// <summary>The writer was rolled back and could not be reopened yet: the next write tries again.</summary>
    private bool _writerBroken;

    /// <summary>The writer was reopened and the journal has not been written into it yet.</summary>
    private bool _replayPending;

    public Task UpsertAsync(IReadOnlyCollection<IndexDocument> documents, CancellationToken cancellationToken) =>
        UpsertAsync(documents, static (_, batch) => batch, cancellationToken);

    /// <summary>
    /// Upserts the documents as <paramref name="prepare"/> returns them. It runs under the write lock on a searcher that
    /// sees every earlier write, so it can relate the batch to the index (version families) without missing a concurrent batch.
    /// </summary>
    public async Task UpsertAsync(
        IReadOnlyCollection<IndexDocument> documents,
        Func<IndexSearcher, IReadOnlyCollection<IndexDocument>, IReadOnlyCollection<IndexDocument>> prepare,
        CancellationToken cancellationToken)
    {
        await WriteAsync(handle =>
        {
            var searcher = handle.Searchers.Acquire();
            IReadOnlyCollection<IndexDocument> prepared;
            try
            {
                prepared = prepare(searcher, documents);
            }
            finally
            {
                handle.Searchers.Release(searcher);
            }

            foreach (var document in prepared)
            {
                handle.Writer.UpdateDocument(new Term(IndexFields.Id, document.Id), DocumentMapper.ToLucene(document));
                _journal.Add(new PendingWrite(document, null));
                _rebuildLog?.Ids.Add(document.Id);
            }
        }, commit: false, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await WriteAsync(handle =>
        {
            handle.Writer.DeleteDocuments(ids.Select(id => new Term(IndexFields.Id, id)).ToArray());
            foreach (var id in ids)
            {
                _journal.Add(new PendingWrite(null, id));
                _rebuildLog?.Ids.Add(id);
            }
        }, commit: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Gives every document of a source exactly these access labels, rewriting it from its stored fields (content
    /// unchanged), and commits. Used when a source's visibility changes: unchanged documents are not re-fetched, so
    /// their labels must not wait for new content. Returns how many documents were rewritten.
    /// </summary>
    public async Task<int> RelabelSourceAsync(string sourceId, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var expected = labels.Order(StringComparer.Ordinal).ToArray();
        List<IndexDocument> stale;
        using (var lease = AcquireSearcher())
        {
            var searcher = lease.Searcher;
            var hits = searcher.Search(new TermQuery(new Term(IndexFields.Source, sourceId)), Math.Max(1, searcher.IndexReader.MaxDoc));
            stale = hits.ScoreDocs.Select(h => DocumentMapper.FromLucene(searcher.Doc(h.Doc)))
                .Where(d => !d.Access.Order(StringComparer.Ordinal).SequenceEqual(expected))
                .Select(d => d with { Access = expected })
                .ToList();
        }

        if (stale.Count > 0)
        {
            await WriteAsync(handle =>
            {
                foreach (var document in stale)
                {
                    handle.Writer.UpdateDocument(new Term(IndexFields.Id, document.Id), DocumentMapper.ToLucene(document));
                    _journal.Add(new PendingWrite(document, null));
                    _rebuildLog?.Ids.Add(document.Id);
                }
            }, commit: true, cancellationToken).ConfigureAwait(false);
        }

        return stale.Count;
    }

    /// <summary>Removes every document of a source and commits.</summary>
    public async Task DeleteSourceAsync(string sourceId, CancellationToken cancellationToken)
    {
        await WriteAsync(handle =>
        {
            handle.Writer.DeleteDocuments(new Term(IndexFields.Source, sourceId));
            _rebuildLog?.Sources.Add(sourceId);
        }, commit: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Commits everything written so far and makes it searchable.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await WriteAsync(static _ => { }, commit: true, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteAsync(Action<IndexHandle> write, bool commit, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Analysis, flushes and commits run at the background priority: searches go first on a busy machine.
            await _lane.RunAsync(() => WriteLocked(write, commit), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Runs under the write lock.</summary>
    private void WriteLocked(Action<IndexHandle> write, bool commit)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var handle = EnsureWritable();
        var mark = _journal.Count;
        try
        {
            write(handle);
        }
        catch (Exception ex) when (!IsWriterFault(ex, handle))
        {
            // A document the writer refuses (an immense term, a mapping error): the writer is fine.
            _journal.RemoveRange(mark, _journal.Count - mark);
            throw;
        }
        catch (Exception ex)
        {
            _journal.RemoveRange(mark, _journal.Count - mark);
            throw Fault(handle, ex);
        }

        try
        {
            if (commit)
            {
                Commit(handle);
            }

            // Refreshing flushes the buffered documents to new segment files: a full disk shows here too.
            handle.Searchers.MaybeRefreshBlocking();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (_journal.Count > mark)
            {
                _journal.RemoveRange(mark, _journal.Count - mark);
            }

            throw Fault(handle, ex);
        }
    }

    private void Commit(IndexHandle handle)
    {
        var changed = handle.Writer.HasUncommittedChanges();
        StampCommit(handle.Writer);
        handle.Writer.Commit();
        _journal.Clear();
        RecordVerified(handle.Generation);
        if (!changed)
        {
            return;
        }

        SetLastCommit(_time.GetUtcNow());
        if (Health.Status == IndexHealthStatus.Degraded)
        {
            LogWritesRecovered(_logger, handle.Generation.Name);
            SetHealth(IndexHealthStatus.Healthy, "Writes succeed again: the last commit was written.");
        }
    }

    /// <summary>
    /// Exceptions that leave the writer unusable or its buffered state unknown. Anything else (an argument the writer
    /// refuses) concerns one document only.
    /// </summary>
    private static bool IsWriterFault(Exception exception, IndexHandle handle) =>
        exception is IOException or OutOfMemoryException or ObjectDisposedException || handle.Writer.IsClosed;

    /// <summary>The current handle, with a working writer that holds every journalled write; reopened first if needed.</summary>
    private IndexHandle EnsureWritable()
    {
        if (Volatile.Read(ref _current) is null)
        {
            throw new IndexUnavailableException(Health.Description);
        }

        if (_writerBroken && !TryReopenWriter())
        {
            throw new IndexWriteException($"The index cannot be written: {Health.Description}");
        }

        var handle = _current!;
        if (!_replayPending)
        {
            return handle;
        }

        try
        {
            foreach (var pending in _journal)
            {
                if (pending.Document is { } document)
                {
                    handle.Writer.UpdateDocument(new Term(IndexFields.Id, document.Id), DocumentMapper.ToLucene(document));
                }
                else
                {
                    handle.Writer.DeleteDocuments(new Term(IndexFields.Id, pending.DeletedId));
                }
            }

            _replayPending = false;
            LogJournalReplayed(_logger, _journal.Count);
            return handle;
        }
        catch (Exception ex)
        {
            throw Fault(handle, ex);
        }
    }

    private void TryReplayJournal()
    {
        try
        {
            EnsureWritable();
        }
        catch (IndexWriteException)
        {
            // Logged and reported by the fault handling; the uncommitted writes are lost, their harvests fetch them again.
        }
    }

    /// <summary>
    /// Handles a failed write: rolls the writer back to the last commit (discarding what it buffered), reports the
    /// failure, and reopens a writer so that search serves the last commit. Returns the exception for the caller.
    /// </summary>
    private IndexWriteException Fault(IndexHandle handle, Exception exception)
    {
        LogWriteFailed(_logger, exception, handle.Generation.Name);
        try
        {
            handle.Writer.Rollback();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogCloseFailed(_logger, ex, handle.Generation.Name);
        }

        _writerBroken = true;
        SetHealth(IndexHealthStatus.Degraded,
            $"Writing to the index failed ({exception.Message}). It was rolled back to its last commit, which search serves; " +
            "writes are retried and this clears after the next successful commit.");
        TryReopenWriter();
        return new IndexWriteException($"Writing to the index failed: {exception.Message} The index was rolled back to its last commit.", exception);
    }

    /// <summary>Opens a new writer (and searchers) on the last commit of the current generation and swaps it in.</summary>
    private bool TryReopenWriter()
    {
        var old = _current!;
        IndexWriter? writer = null;
        try
        {
            writer = OpenWriter(old.Generation.Directory, old.Analyzer, OpenMode.APPEND, old.Generation.Name);
            var fresh = new IndexHandle(old.Generation, writer, NewSearcherManager(writer), old.Analyzer, old.Layout);
            Volatile.Write(ref _current, fresh);

            // The old writer is already rolled back; its searchers close when the searches running on them end.
            old.Release();
            _writerBroken = false;
            _replayPending = _journal.Count > 0;
            LogWriterReopened(_logger, old.Generation.Name, _journal.Count);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            try
            {
                writer?.Rollback();
            }
            catch (Exception inner) when (inner is not OutOfMemoryException)
            {
                LogCloseFailed(_logger, inner, old.Generation.Name);
            }

            LogReopenFailed(_logger, ex, old.Generation.Name);
            SetHealth(IndexHealthStatus.Degraded,
                $"The index writer could not be reopened ({ex.Message}); search serves the last good state and the next write tries again.");
            return false;
        }
    }

    /// <summary>A write since the last commit: an upserted document, or a deleted id.</summary>
    private readonly record struct PendingWrite(IndexDocument? Document, string? DeletedId);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Error, Message = "Writing to index generation '{Generation}' failed: rolling back to the last commit")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, string generation);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning,
        Message = "Index writer of generation '{Generation}' reopened on the last commit; {Pending} uncommitted writes will be written again")]
    private static partial void LogWriterReopened(ILogger logger, string generation, int pending);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Error, Message = "The index writer of generation '{Generation}' could not be reopened; the next write tries again")]
    private static partial void LogReopenFailed(ILogger logger, Exception exception, string generation);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "{Count} uncommitted writes written again after the writer was reopened")]
    private static partial void LogJournalReplayed(ILogger logger, int count);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Index generation '{Generation}': writes succeed again")]
    private static partial void LogWritesRecovered(ILogger logger, string generation);
}
