using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Search.Connectors.Abstractions;
using Search.Indexer.Classification;
using Search.Indexer.Extraction;
using Search.Indexer.Schema;
using Search.Indexer.Writing;

namespace Search.Indexer.Harvesting;

/// <summary>
/// Runs one harvest of one source: connector → extraction → index, committing per batch. Only a run that
/// read the source's complete listing without transient failures removes the documents it no longer saw.
/// </summary>
public sealed partial class HarvestRunner(
    IServiceScopeFactory scopes,
    LuceneIndex index,
    HarvestStateStore state,
    Taxonomy taxonomy,
    IOptions<SearchOptions> options,
    TimeProvider time,
    ILogger<HarvestRunner> logger)
{
    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    public bool IsRunning(string sourceId) => _running.ContainsKey(sourceId);

    /// <summary>Harvests the source; returns null when a run of this source is already in progress.</summary>
    public async Task<HarvestRun?> RunAsync(SourceDefinition source, CancellationToken cancellationToken)
    {
        if (!_running.TryAdd(source.Id, 0))
        {
            LogAlreadyRunning(logger, source.Id);
            return null;
        }

        try
        {
            return await RunExclusiveAsync(source, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(source.Id, out _);
        }
    }

    private async Task<HarvestRun> RunExclusiveAsync(SourceDefinition source, CancellationToken cancellationToken)
    {
        var run = new HarvestRun
        {
            SourceId = source.Id,
            RunId = $"{time.GetUtcNow():yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}"[..27],
            StartedAt = time.GetUtcNow(),
            Status = HarvestStatus.Running,
        };
        state.Save(run);
        LogStarted(logger, source.Id, run.RunId);

        var existing = index.GetIds(source.Id);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var events = new List<HarvestEvent>();
        var batch = new List<IndexDocument>();
        int listed = 0, indexed = 0, failed = 0, gone = 0, removed = 0;
        var transient = false;
        HarvestStatus status;
        string? error = null;

        void Record(string url, string kind, string reason)
        {
            if (events.Count < HarvestRun.MaxEvents)
            {
                events.Add(new HarvestEvent(url, kind, reason));
            }
        }

        try
        {
            using var scope = scopes.CreateScope();
            var connector = scope.ServiceProvider.GetServices<ISourceConnector>().FirstOrDefault(c => c.Kind == source.Kind)
                ?? throw new HarvestException($"No connector for kind '{source.Kind}'.");
            await foreach (var item in connector.HarvestAsync(source, cancellationToken).ConfigureAwait(false))
            {
                listed++;
                var id = DocumentIds.For(source.Id, UrlNormalizer.Normalize(item.Url));
                switch (item)
                {
                    case HarvestedDocument document:
                        seen.Add(id);
                        try
                        {
                            batch.Add(DocumentPipeline.Build(document, source, taxonomy, time.GetUtcNow()));
                        }
                        catch (ExtractionException ex)
                        {
                            failed++;
                            Record(document.Url.AbsoluteUri, "extraction", ex.Message);
                            LogSkipped(logger, source.Id, document.Url, ex.Message);
                        }

                        break;
                    case HarvestFailure { Kind: HarvestFailureKind.Gone } failure:
                        gone++;
                        Record(failure.Url.AbsoluteUri, "gone", failure.Reason);
                        break;
                    case HarvestFailure failure:
                        // The document may still exist: keep whatever the index has for it.
                        seen.Add(id);
                        failed++;
                        transient |= failure.Kind == HarvestFailureKind.Transient;
                        Record(failure.Url.AbsoluteUri, failure.Kind.ToString().ToLowerInvariant(), failure.Reason);
                        break;
                }

                if (batch.Count >= options.Value.CommitBatchSize)
                {
                    indexed += await FlushAsync(batch, cancellationToken).ConfigureAwait(false);
                }
            }

            indexed += await FlushAsync(batch, cancellationToken).ConfigureAwait(false);
            var truncated = listed >= source.MaxDocuments;
            if (truncated)
            {
                error = $"Stopped at maxDocuments ({source.MaxDocuments}); nothing removed.";
            }

            status = transient || truncated ? HarvestStatus.Partial : HarvestStatus.Succeeded;
            if (status == HarvestStatus.Succeeded)
            {
                var stale = existing.Where(id => !seen.Contains(id)).ToList();
                foreach (var id in stale)
                {
                    Record(index.Get(id)?.Url ?? id, "removed", "No longer in the source's listing, or answered 404/410.");
                }

                await index.DeleteAsync(stale, CancellationToken.None).ConfigureAwait(false);
                await index.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                removed = stale.Count;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            status = HarvestStatus.Cancelled;
            error = "Cancelled: the service is shutting down.";
            indexed += await FlushAsync(batch, CancellationToken.None).ConfigureAwait(false);
        }
        catch (HarvestException ex)
        {
            status = HarvestStatus.Failed;
            error = ex.Message;
            indexed += await FlushAsync(batch, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            status = HarvestStatus.Failed;
            error = $"Unexpected error: {ex.Message}";
            LogCrashed(logger, ex, source.Id);
            indexed += await FlushAsync(batch, CancellationToken.None).ConfigureAwait(false);
        }

        run = run with
        {
            FinishedAt = time.GetUtcNow(),
            Status = status,
            Error = error,
            Counts = new HarvestCounts { Listed = listed, Indexed = indexed, Failed = failed, Gone = gone, Removed = removed },
            Events = events,
        };
        state.Save(run);
        LogFinished(logger, source.Id, status, listed, indexed, failed, removed, error ?? string.Empty);
        return run;
    }

    private async Task<int> FlushAsync(List<IndexDocument> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var count = batch.Count;
        await index.UpsertAsync(batch.ToList(), cancellationToken).ConfigureAwait(false);
        await index.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        batch.Clear();
        return count;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Harvest of {SourceId} started (run {RunId})")]
    private static partial void LogStarted(ILogger logger, string sourceId, string runId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Harvest of {SourceId} finished: {Status}; listed {Listed}, indexed {Indexed}, failed {Failed}, removed {Removed}. {Error}")]
    private static partial void LogFinished(ILogger logger, string sourceId, HarvestStatus status, int listed, int indexed, int failed, int removed, string? error);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Source {SourceId}: skipped {Url}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string sourceId, Uri url, string reason);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Harvest of {SourceId} not started: a run is already in progress")]
    private static partial void LogAlreadyRunning(ILogger logger, string sourceId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error, Message = "Harvest of {SourceId} crashed")]
    private static partial void LogCrashed(ILogger logger, Exception exception, string sourceId);
}
