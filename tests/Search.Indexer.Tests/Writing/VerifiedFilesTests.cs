using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Writing;
using Search.TestKit;

namespace Search.Indexer.Tests.Writing;

/// <summary>
/// Start-up verification with the record of intact files: recorded, unchanged files are verified after the index is
/// served, anything new or changed before; damage found in the background takes the index out of service.
/// </summary>
public sealed class VerifiedFilesTests
{
    [Fact]
    public async Task Should_serve_at_once_and_verify_recorded_unchanged_files_in_the_background()
    {
        using var temp = new TempDirectory();
        var total = await CreateRecordedAsync(temp.Path);

        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);

        Assert.Equal(IndexHealthStatus.Healthy, index.Health.Status);
        Assert.True(index.StartupCheckResult!.Bytes < total / 2, $"{index.StartupCheckResult.Bytes} of {total} bytes read before serving");
        await index.StartupVerification;
        Assert.Equal(IndexHealthStatus.Healthy, index.Health.Status);
        Assert.NotNull(index.Get("a"));
    }

    [Fact]
    public async Task Should_verify_a_recorded_file_before_serving_when_it_changed()
    {
        using var temp = new TempDirectory();
        await CreateRecordedAsync(temp.Path);
        IndexIntegrityTests.FlipByte(IndexIntegrityTests.Segments(temp.Path, ".cfs").First(), 0.5);

        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);

        Assert.Equal(IndexHealthStatus.Unavailable, index.Health.Status);
        Assert.Throws<IndexUnavailableException>(() => index.AcquireSearcher());
    }

    [Fact]
    public async Task Should_take_the_index_out_of_service_when_the_background_pass_finds_damage()
    {
        using var temp = new TempDirectory();
        await CreateRecordedAsync(temp.Path);

        // Damage that leaves length, time and stored checksum as recorded (a failing disk): found only by reading.
        var file = IndexIntegrityTests.Segments(temp.Path, ".cfs").First();
        var modified = File.GetLastWriteTimeUtc(file);
        IndexIntegrityTests.FlipByte(file, 0.5);
        File.SetLastWriteTimeUtc(file, modified);

        // Served at once (the damaged file is recorded as intact); the background pass, which may already have run on
        // this small index, finds the damage.
        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);
        Assert.True(index.StartupCheckResult!.Healthy); // what was checked before serving was intact
        await index.StartupVerification;

        Assert.Equal(IndexHealthStatus.Unavailable, index.Health.Status);
        Assert.Contains("integrity check", index.Health.Description);
        Assert.Throws<IndexUnavailableException>(() => index.AcquireSearcher());
        await Assert.ThrowsAsync<IndexUnavailableException>(() => index.UpsertAsync([DocumentMapperTests.Sample("z")], CancellationToken.None));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a record\n_0.cfs\t1\t2\t3")]
    [InlineData("# kennisbank verified index files v1\tnot-a-number")]
    public async Task Should_verify_everything_before_serving_when_the_record_is_unreadable(string record)
    {
        using var temp = new TempDirectory();
        var total = await CreateRecordedAsync(temp.Path);
        await File.WriteAllTextAsync(Path.Combine(temp.Path, VerifiedFiles.FileName), record);

        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);

        Assert.Equal(IndexHealthStatus.Healthy, index.Health.Status);
        Assert.Equal(total, index.StartupCheckResult!.Bytes);
        Assert.True(index.StartupVerification.IsCompleted);
    }

    [Fact]
    public async Task Should_not_record_files_written_within_the_margin_of_the_record()
    {
        using var temp = new TempDirectory();
        var total = await CreateRecordedAsync(temp.Path);
        using (var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance))
        {
            await index.StartupVerification;
            await index.UpsertAsync([DocumentMapperTests.Sample("c")], CancellationToken.None);
            await index.CommitAsync(CancellationToken.None);
        }

        using var reopened = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);

        // The new segment and segments file were written just now: read before serving; the old segments were not.
        var read = reopened.StartupCheckResult!.Bytes;
        Assert.True(read > 0 && read < total, $"{read} of {total} bytes");
        Assert.Equal(IndexHealthStatus.Healthy, reopened.Health.Status);
        Assert.NotNull(reopened.Get("c"));
    }

    [Fact]
    public async Task Should_keep_serving_when_commits_and_merges_delete_files_during_the_background_pass()
    {
        using var temp = new TempDirectory();
        await CreateRecordedAsync(temp.Path);
        var original = IndexIntegrityTests.Segments(temp.Path, ".cfs").ToList();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The background pass has read the commit and waits to open its first file while the index moves on.
        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance, null, false, null, null,
            wrap: directory => new GatedDirectory(directory, release.Task, Environment.CurrentManagedThreadId));
        Assert.False(index.StartupVerification.IsCompleted);
        var written = 0;
        for (; written < 200 && original.Any(File.Exists); written++)
        {
            await index.UpsertAsync([DocumentMapperTests.Sample($"n{written}"), DocumentMapperTests.Sample("a")], CancellationToken.None);
            await index.CommitAsync(CancellationToken.None);
        }

        Assert.DoesNotContain(original, File.Exists); // merged away and deleted by a later commit
        release.SetResult();
        await index.StartupVerification;
        Assert.Equal(IndexHealthStatus.Healthy, index.Health.Status);
        Assert.NotNull(index.Get($"n{written - 1}"));
    }

    [Fact]
    public async Task Should_skip_a_file_gone_with_its_commit_but_report_one_missing_from_the_last_commit()
    {
        using var temp = new TempDirectory();
        await CreateRecordedAsync(temp.Path);
        using var directory = new Lucene.Net.Store.NIOFSDirectory(new DirectoryInfo(temp.Path));
        var files = IndexIntegrity.CommitFiles(directory).ToHashSet(StringComparer.Ordinal);
        var missing = files.First(f => f.EndsWith(".cfs", StringComparison.Ordinal));
        File.Delete(Path.Combine(temp.Path, missing));

        var background = IndexIntegrity.VerifyChecksums(directory, files, CancellationToken.None, only: true);

        // Still named by the last commit: the index is damaged, whether found before serving or in the background.
        Assert.False(background.Healthy);
        Assert.Contains(missing, background.Problem);
        Assert.True(IndexIntegrity.VerifyChecksums(directory, files.Append("_zz.cfs").ToHashSet(), CancellationToken.None, only: true) is { Healthy: false });
    }

    /// <summary>
    /// Opening a compound file for a one-pass read on a thread-pool thread other than the one opening the index (the
    /// background verification; writes and merges run on the index's own threads) waits until released.
    /// </summary>
    private sealed class GatedDirectory(Lucene.Net.Store.Directory inner, Task release, int opening) : Lucene.Net.Store.FilterDirectory(inner)
    {
        public override Lucene.Net.Store.IndexInput OpenInput(string name, Lucene.Net.Store.IOContext context)
        {
            if (context == Lucene.Net.Store.IOContext.READ_ONCE && name.EndsWith(".cfs", StringComparison.Ordinal)
                && Thread.CurrentThread.IsThreadPoolThread && Environment.CurrentManagedThreadId != opening && !release.Wait(TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException("The test never released the gate.");
            }

            return base.OpenInput(name, context);
        }
    }

    /// <summary>An index of two segments whose files are dated a minute back and recorded as verified; returns its size in bytes.</summary>
    private static async Task<long> CreateRecordedAsync(string path)
    {
        await IndexIntegrityTests.CreateAsync(path, ("a", "b"), ("c", "d"));
        var aged = DateTime.UtcNow.AddMinutes(-1);
        foreach (var file in Directory.GetFiles(path))
        {
            File.SetLastWriteTimeUtc(file, aged);
        }

        using (var index = LuceneIndex.OpenFileSystem(path, NullLogger<LuceneIndex>.Instance))
        {
            Assert.Equal(IndexHealthStatus.Healthy, index.Health.Status);
        }

        Assert.True(File.Exists(Path.Combine(path, VerifiedFiles.FileName)));
        using var directory = new Lucene.Net.Store.NIOFSDirectory(new DirectoryInfo(path));
        return IndexIntegrity.CommitFiles(directory).Sum(f => new FileInfo(Path.Combine(path, f)).Length);
    }
}
