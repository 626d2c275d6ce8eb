using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Search.Indexer.Analysis;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Indexer.Writing;

/// <summary>
/// Opening the index (verified first, a torn first commit recreated, a damaged one not served), writer configuration,
/// closing writers, commit times and health.
/// </summary>
public sealed partial class LuceneIndex
{
    /// <summary>Opens the current generation: verified first, then a writer (creating an empty first commit when new).</summary>
    private IndexHandle? Open()
    {
        GenerationDirectory generation;
        try
        {
            var name = _storage.Current;
            generation = new GenerationDirectory(name, _storage.Open(name), _storage.Delete);
        }
        catch (IndexUnavailableException ex)
        {
            MarkUnavailable(ex.Message);
            return null;
        }

        var directory = generation.Directory;
        if (_options.StartupCheck == IndexStartupCheck.Checksums)
        {
            // Also for a new index: what this service commits is recorded as intact from its first commit on.
            generation.Verified = VerifiedFiles.For(directory, _time);
        }

        IndexWriter? writer = null;
        try
        {
            var exists = DirectoryReader.IndexExists(directory);
            if (exists && Verify(generation) is { Healthy: false } failed)
            {
                if (!IndexIntegrity.HoldsNoSegmentData(directory))
                {
                    MarkUnavailable($"The index at '{_storage.Description}' (generation '{generation.Name}') failed its integrity check and is not served: " +
                                    $"{failed.Problem} Restore or rebuild it (see README, 'Index operations').");
                    LogCorrupt(_logger, null, _storage.Description, failed.Problem!);
                    directory.Dispose();
                    return null;
                }

                // A crash during the very first commit (LUCENE-4738): nothing to lose, start anew.
                LogTornFirstCommit(_logger, _storage.Description);
                foreach (var file in directory.ListAll().Where(f => f.StartsWith("segments", StringComparison.Ordinal)))
                {
                    directory.DeleteFile(file);
                }

                exists = false;
            }

            writer = OpenWriter(directory, _indexAnalyzer, exists ? OpenMode.APPEND : OpenMode.CREATE, generation.Name);
            WasCreated = !exists;
            if (WasCreated)
            {
                // An empty first commit, so that a crash during the first real commit still leaves a usable index.
                StampCommit(writer);
                writer.Commit();
            }

            SetLastCommit(CommitTime(writer));
            var handle = new IndexHandle(generation, writer, NewSearcherManager(writer), _indexAnalyzer, BuildLayoutAnalyzer(Analysis));
            LogOpened(_logger, _storage.Description, generation.Name, WasCreated);
            return handle;
        }
        catch (Exception ex) when (ex is IOException and not LockObtainFailedException)
        {
            // Unreadable although not verified (StartupCheck None), or unreadable by the writer.
            RollBackQuietly(writer);
            directory.Dispose();
            MarkUnavailable($"The index at '{_storage.Description}' cannot be opened: {ex.Message}");
            LogCorrupt(_logger, ex, _storage.Description, ex.Message);
            return null;
        }
        catch
        {
            RollBackQuietly(writer);
            directory.Dispose();
            throw;
        }
    }

    private void RollBackQuietly(IndexWriter? writer)
    {
        try
        {
            writer?.Rollback();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogCloseFailed(_logger, ex, "(opening)");
        }
    }

    /// <summary>Files of the opened commit recorded as intact: verified in the background once the index is served.</summary>
    private IReadOnlySet<string>? _verifyLater;

    /// <summary>
    /// Completes when the files left to the background at start-up have been verified (at once when none were): after it,
    /// every file of the commit opened has been read in full, or the index is out of service.
    /// </summary>
    public Task StartupVerification { get; private set; } = Task.CompletedTask;

    /// <summary>What the verification before serving found and read (null when none ran).</summary>
    public IndexCheckResult? StartupCheckResult { get; private set; }

    /// <summary>
    /// Verifies the last commit as <see cref="LuceneIndexOptions.StartupCheck"/> says (null when it says not to). With
    /// checksums, files recorded as intact and unchanged since (<see cref="VerifiedFiles"/>) are left to the background.
    /// </summary>
    private IndexCheckResult? Verify(GenerationDirectory generation)
    {
        if (_options.StartupCheck == IndexStartupCheck.None)
        {
            return null;
        }

        var later = generation.Verified is { } record ? Unchanged(record, generation.Directory) : null;

        var result = _options.StartupCheck == IndexStartupCheck.Full
            ? IndexIntegrity.CheckIndex(generation.Directory, output: null)
            : IndexIntegrity.VerifyChecksums(generation.Directory, later, CancellationToken.None);
        StartupCheckResult = result;
        if (result.Healthy)
        {
            LogVerified(_logger, _options.StartupCheck, result.Segments, result.Documents, result.Bytes, result.Elapsed.TotalMilliseconds, later?.Count ?? 0);
            _verifyLater = later is { Count: > 0 } ? later : null;
            if (_verifyLater is null)
            {
                RecordVerified(generation);
            }
        }

        return result;
    }

    private static IReadOnlySet<string>? Unchanged(VerifiedFiles record, LuceneDirectory directory)
    {
        try
        {
            return record.Unchanged(IndexIntegrity.CommitFiles(directory));
        }
        catch (Exception ex) when (ex is IOException)
        {
            return null; // the full verification reports what is wrong
        }
    }

    /// <summary>Starts verifying the files left to the background (none: a completed task).</summary>
    private Task VerifyRestInBackground()
    {
        if (_verifyLater is not { } files || Volatile.Read(ref _current) is not { } handle)
        {
            return Task.CompletedTask;
        }

        var generation = handle.Generation;
        var stopping = _stopping.Token;
        return Task.Run(() =>
        {
            IndexCheckResult result;
            try
            {
                result = IndexIntegrity.VerifyChecksums(generation.Directory, files, stopping, only: true);
            }
            catch (Exception ex) when (ex is OperationCanceledException || (ex is AggregateException a && a.InnerExceptions.All(e => e is OperationCanceledException)))
            {
                return; // shutting down
            }

            if (stopping.IsCancellationRequested)
            {
                return;
            }

            if (!result.Healthy)
            {
                TakeOutOfService(generation, result.Problem!);
                return;
            }

            LogVerifiedLater(_logger, files.Count, result.Bytes, result.Elapsed.TotalMilliseconds);
            _verifyLater = null;
            RecordVerified(generation);
        });
    }

    /// <summary>
    /// Records the files of the generation's last commit as intact, but not while files opened at start-up still wait for
    /// their background verification (they would be taken as verified).
    /// </summary>
    private void RecordVerified(GenerationDirectory generation)
    {
        if (generation.Verified is not { } record || _verifyLater is not null)
        {
            return;
        }

        try
        {
            record.Record(IndexIntegrity.CommitFiles(generation.Directory));
        }
        catch (Exception ex) when (ex is IOException)
        {
            // Only an optimisation: the next start verifies the files instead.
        }
    }

    /// <summary>A file found damaged after the index was opened: the index stops being served, as if found at start-up.</summary>
    private void TakeOutOfService(GenerationDirectory generation, string problem)
    {
        _writeLock.Wait();
        try
        {
            if (Volatile.Read(ref _current) is { } handle && handle.Generation == generation)
            {
                Volatile.Write(ref _current, null);
                CloseWriter(handle, commit: false);
                handle.Release();
            }

            MarkUnavailable($"The index at '{_storage.Description}' (generation '{generation.Name}') failed its integrity check and is not served: " +
                            $"{problem} Restore or rebuild it (see README, 'Index operations').");
            LogCorrupt(_logger, null, _storage.Description, problem);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void WaitForVerification()
    {
        try
        {
            StartupVerification.Wait();
        }
        catch (AggregateException)
        {
            // The run records its own outcome.
        }
    }

    private IndexWriter OpenWriter(LuceneDirectory directory, Analyzer analyzer, OpenMode mode, string generation)
    {
        var config = new IndexWriterConfig(DutchTextAnalyzer.Version, analyzer)
        {
            OpenMode = mode,
            Similarity = CreateSimilarity(),
            MergeScheduler = new ReportingMergeScheduler(ex => OnMergeFailed(generation, ex), _options.BackgroundNice),
        };
        try
        {
            return new IndexWriter(directory, config);
        }
        catch (LockObtainFailedException ex)
        {
            throw new InvalidOperationException(
                $"The index at '{directory}' is locked by another writer (another instance of the service?). Stop it, or point Search:DataDirectory elsewhere.", ex);
        }
    }

    private static SearcherManager NewSearcherManager(IndexWriter writer) => new(writer, applyAllDeletes: true, new SimilaritySearcherFactory());

    private Analyzer BuildIndexAnalyzer(AnalysisResources analysis) => UsesStockAnalyzer
        ? CreateAnalyzer(new Lucene.Net.Analysis.Nl.DutchAnalyzer(DutchTextAnalyzer.Version))
        : CreateAnalyzer(DutchAnalyzers.CreateIndexAnalyzer(analysis));

    private DutchLayoutAnalyzer? BuildLayoutAnalyzer(AnalysisResources analysis) => UsesStockAnalyzer ? null : new DutchLayoutAnalyzer(analysis);

    /// <summary>Records the commit time in the commit itself (when there is something to commit).</summary>
    private void StampCommit(IndexWriter writer)
    {
        if (writer.HasUncommittedChanges())
        {
            writer.SetCommitData(new Dictionary<string, string> { [CommittedAtKey] = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) });
        }
    }

    /// <summary>When the last commit with changes was made (read by metrics on other threads).</summary>
    private DateTimeOffset? LastCommit => Volatile.Read(ref _lastCommitTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    private void SetLastCommit(DateTimeOffset? at) => Volatile.Write(ref _lastCommitTicks, at?.UtcTicks ?? 0);

    private static DateTimeOffset? CommitTime(IndexWriter writer) =>
        writer.CommitData.TryGetValue(CommittedAtKey, out var value)
        && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
            ? at
            : null;

    /// <summary>Closes a handle's writer: committing what it holds (shutdown), or discarding it (replaced generation).</summary>
    private void CloseWriter(IndexHandle handle, bool commit)
    {
        try
        {
            if (commit)
            {
                StampCommit(handle.Writer);
                handle.Writer.Dispose();
            }
            else
            {
                handle.Writer.Rollback();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogCloseFailed(_logger, ex, handle.Generation.Name);
            try
            {
                handle.Writer.Rollback();
            }
            catch (Exception inner) when (inner is not OutOfMemoryException)
            {
                LogCloseFailed(_logger, inner, handle.Generation.Name);
            }
        }
    }

    private void MarkUnavailable(string reason) => SetHealth(IndexHealthStatus.Unavailable, reason);

    private void SetHealth(IndexHealthStatus status, string description)
    {
        var current = Volatile.Read(ref _health);
        if (current.Status == status && current.Description == description)
        {
            return;
        }

        var health = new IndexHealth(status, description, _time.GetUtcNow());
        Volatile.Write(ref _health, health);
        HealthChanged?.Invoke(this, health);
    }

    private void OnMergeFailed(string generation, Exception exception)
    {
        LogMergeFailed(_logger, exception, generation);
        SetHealth(IndexHealthStatus.Degraded,
            $"A background merge of index generation '{generation}' failed ({exception.Message}); search is served, the next commit shows whether writes succeed.");
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Index opened at {Directory}, generation '{Generation}' (created: {Created})")]
    private static partial void LogOpened(ILogger logger, string directory, string generation, bool created);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information,
        Message = "Index verified at start-up ({Check}): {Segments} segments, {Documents} documents, {Bytes} bytes in {Milliseconds:0} ms; {Later} files recorded as intact and unchanged are verified in the background")]
    private static partial void LogVerified(ILogger logger, IndexStartupCheck check, int segments, int documents, long bytes, double milliseconds, int later);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Information, Message = "Index verified in the background: {Files} files, {Bytes} bytes in {Milliseconds:0} ms")]
    private static partial void LogVerifiedLater(ILogger logger, int files, long bytes, double milliseconds);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Critical, Message = "The index at {Directory} is damaged and is NOT served (search answers 503): {Problem}")]
    private static partial void LogCorrupt(ILogger logger, Exception? exception, string directory, string problem);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "The index at {Directory} holds a torn first commit and no documents: creating it anew")]
    private static partial void LogTornFirstCommit(ILogger logger, string directory);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "A background merge of index generation '{Generation}' failed")]
    private static partial void LogMergeFailed(ILogger logger, Exception exception, string generation);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Closing the writer of index generation '{Generation}' failed")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception, string generation);
}
