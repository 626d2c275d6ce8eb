using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Schema;
using Search.Indexer.Writing;
using Search.TestKit;

namespace Search.Indexer.Tests.Writing;

/// <summary>
/// Reliability rows 33/34: a full disk (or any I/O error) during add, refresh, commit or a background merge. The
/// failing call throws, the index rolls back to its last commit and keeps serving searches, the failure shows in
/// <see cref="LuceneIndex.Health"/>, and writing resumes once the disk has room again.
/// </summary>
public sealed class IndexFaultTests
{
    private static readonly IndexDocument A = DocumentMapperTests.Sample("a", "Convenant hennep");
    private static readonly IndexDocument B = DocumentMapperTests.Sample("b", "Aanpak woninginbraken");
    private static readonly IndexDocument C = DocumentMapperTests.Sample("c", "Drugslab opgerold");

    [Fact]
    public async Task Should_fail_and_roll_back_a_commit_on_a_full_disk_and_keep_serving_the_last_commit()
    {
        var directory = new FaultyDirectory(new RAMDirectory());
        using var index = new LuceneIndex(directory, NullLogger<LuceneIndex>.Instance);
        await index.UpsertAsync([A], CancellationToken.None);
        await index.CommitAsync(CancellationToken.None);
        var health = new List<IndexHealth>();
        index.HealthChanged += (_, h) => health.Add(h);
        using var running = index.AcquireSearcher();

        directory.DiskFull = true;
        var error = await Assert.ThrowsAsync<IndexWriteException>(() => index.UpsertAsync([B], CancellationToken.None));

        Assert.Contains(FaultyDirectory.Message, error.Message);
        Assert.True(directory.Refused > 0);
        Assert.Equal(IndexHealthStatus.Degraded, index.Health.Status);
        Assert.Contains(FaultyDirectory.Message, index.Health.Description);
        Assert.Equal(IndexHealthStatus.Degraded, Assert.Single(health).Status);
        Assert.NotNull(index.Get("a"));
        Assert.Null(index.Get("b"));
        Assert.Equal(1, running.Searcher.Search(new TermQuery(new Term(IndexFields.Id, "a")), 1).TotalHits);
        Assert.Equal(1, index.Count(new MatchAllDocsQuery()));
    }

    [Fact]
    public async Task Should_resume_writing_once_the_disk_has_room_again()
    {
        var directory = new FaultyDirectory(new RAMDirectory());
        using var index = new LuceneIndex(directory, NullLogger<LuceneIndex>.Instance);
        await index.UpsertAsync([A], CancellationToken.None);
        await index.CommitAsync(CancellationToken.None);
        directory.DiskFull = true;
        await Assert.ThrowsAsync<IndexWriteException>(() => index.UpsertAsync([B], CancellationToken.None));
        await Assert.ThrowsAsync<IndexWriteException>(() => index.UpsertAsync([B], CancellationToken.None));
        Assert.Equal(IndexHealthStatus.Degraded, index.Health.Status);

        directory.DiskFull = false;
        await index.UpsertAsync([B], CancellationToken.None);
        await index.CommitAsync(CancellationToken.None);

        Assert.Equal(IndexHealthStatus.Healthy, index.Health.Status);
        Assert.NotNull(index.Get("a"));
        Assert.NotNull(index.Get("b"));
    }

    [Fact]
    public async Task Should_keep_the_uncommitted_writes_of_other_callers_when_a_commit_fails()
    {
        using var temp = new TempDirectory();
        FaultyDirectory? directory = null;
        using (var index = OpenFaulty(temp.Path, d => directory = d))
        {
            // Harvest 1 has written a batch and not committed it yet; harvest 2 writes and its commit hits a full disk.
            await index.UpsertAsync([A], CancellationToken.None);
            directory!.DiskFull = true;
            await Assert.ThrowsAsync<IndexWriteException>(() => index.UpsertAsync([B], CancellationToken.None));
            directory.DiskFull = false;

            // Harvest 1 commits: what it wrote before the failure must be in that commit, or its checkpoint would lie.
            await index.CommitAsync(CancellationToken.None);
        }

        using var reopened = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);
        Assert.NotNull(reopened.Get("a"));
        Assert.Null(reopened.Get("b"));
    }

    [Fact]
    public async Task Should_not_let_a_failed_commit_reach_the_disk()
    {
        using var temp = new TempDirectory();
        FaultyDirectory? directory = null;
        using (var index = OpenFaulty(temp.Path, d => directory = d))
        {
            await index.UpsertAsync([A], CancellationToken.None);
            await index.CommitAsync(CancellationToken.None);
            await index.UpsertAsync([B], CancellationToken.None);

            // Room for the new segment, not for the commit's fsync.
            directory!.DiskFull = true;
            await Assert.ThrowsAsync<IndexWriteException>(() => index.CommitAsync(CancellationToken.None));
            Assert.Equal(IndexHealthStatus.Degraded, index.Health.Status);
            Assert.NotNull(index.Get("a"));
        }

        using var reopened = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);
        Assert.Equal(IndexHealthStatus.Healthy, reopened.Health.Status);
        Assert.NotNull(reopened.Get("a"));
    }

    [Fact]
    public async Task Should_report_a_failed_background_merge_instead_of_crashing_the_process()
    {
        var directory = new FaultyDirectory(new RAMDirectory()) { FailMerges = true };
        using var index = new LuceneIndex(directory, NullLogger<LuceneIndex>.Instance);
        var mergeFailed = new TaskCompletionSource<IndexHealth>(TaskCreationOptions.RunContinuationsAsynchronously);
        index.HealthChanged += (_, h) =>
        {
            if (h.Description.Contains("merge", StringComparison.Ordinal))
            {
                mergeFailed.TrySetResult(h);
            }
        };

        // One segment per commit: past ten segments the merge policy merges them, on a merge thread.
        for (var i = 0; i < 15 && !mergeFailed.Task.IsCompleted; i++)
        {
            await index.UpsertAsync([DocumentMapperTests.Sample($"d{i}")], CancellationToken.None);
            await index.CommitAsync(CancellationToken.None);
        }

        var reported = await mergeFailed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(IndexHealthStatus.Degraded, reported.Status);
        Assert.Contains(FaultyDirectory.Message, reported.Description);
        directory.FailMerges = false;
        await index.UpsertAsync([C], CancellationToken.None);
        await index.CommitAsync(CancellationToken.None);
        Assert.Equal(IndexHealthStatus.Healthy, index.Health.Status);
        Assert.NotNull(index.Get("c"));
    }

    [Fact]
    public async Task Should_pass_a_document_error_through_without_rolling_back()
    {
        using var index = new LuceneIndex(new RAMDirectory(), NullLogger<LuceneIndex>.Instance);
        await index.UpsertAsync([A], CancellationToken.None);

        // One term longer than Lucene's 32,766-byte limit: the writer refuses the document, and only it.
        var immense = DocumentMapperTests.Sample("x") with { Url = new string('u', 40_000) };
        var error = await Assert.ThrowsAnyAsync<Exception>(() => index.UpsertAsync([immense], CancellationToken.None));

        Assert.IsNotType<IndexWriteException>(error);
        Assert.Equal(IndexHealthStatus.Healthy, index.Health.Status);
        await index.CommitAsync(CancellationToken.None);
        Assert.NotNull(index.Get("a"));
    }

    [Fact]
    public async Task Should_report_index_figures()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));
        using var index = new LuceneIndex(new RAMDirectory(), NullLogger<LuceneIndex>.Instance, time: time);
        await index.UpsertAsync([A, B, C], CancellationToken.None);
        time.Now = time.Now.AddMinutes(5);
        await index.CommitAsync(CancellationToken.None);
        await index.DeleteAsync(["b"], CancellationToken.None);

        var stats = index.GetStats();

        Assert.Equal(2, stats.Documents);
        Assert.Equal(1, stats.DeletedDocuments);
        Assert.Equal(1, stats.Segments);
        Assert.True(stats.SizeInBytes > 0);
        Assert.Equal(time.Now, stats.LastCommit);
    }

    private static LuceneIndex OpenFaulty(string path, Action<FaultyDirectory> created) =>
        LuceneIndex.OpenFileSystem(path, NullLogger<LuceneIndex>.Instance, null, false, null, null, directory =>
        {
            var faulty = new FaultyDirectory(directory);
            created(faulty);
            return faulty;
        });

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
