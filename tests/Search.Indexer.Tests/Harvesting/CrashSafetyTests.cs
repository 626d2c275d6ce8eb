using Search.Cli.Faults;
using Search.Indexer.Harvesting;
using Xunit.Abstractions;

namespace Search.Indexer.Tests.Harvesting;

/// <summary>
/// Rows 30–32 of docs/reliability.md, out of process: the real harvest CLI, and the kill loop's indexing child, are
/// killed with SIGKILL at random moments. The index must stay consistent (CheckIndex clean), nothing acknowledged may
/// be lost, and the next start must open the index and complete the work.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Pages = 300;
    private const int Kills = 4;

    [Fact]
    public async Task Should_leave_a_consistent_index_after_kill_9_and_complete_on_the_next_run()
    {
        await using var site = await CrashSafetySite.StartAsync(Pages);

        var random = new Random(20261129);
        for (var kill = 0; kill < Kills; kill++)
        {
            // The next page hangs until the harvest dies, so the kill always lands mid-run, after `killAfter` documents.
            var killAfter = random.Next(5, Pages - 5);
            site.Hang(killAfter);
            var (exited, _) = await site.RunHarvestAsync(killAfterDocuments: killAfter);
            site.Restore(killAfter);
            Assert.False(exited, $"the harvest finished before document {killAfter}");
            site.AssertConsistent();
        }

        var (completed, log) = await site.RunHarvestAsync(killAfterDocuments: null);

        Assert.True(completed, log);
        Assert.Contains("succeeded", log);
        site.AssertConsistent();
        Assert.Equal(Pages, site.IndexedIds().Count);
        using var store = new HarvestStore(Path.Combine(site.DataDirectory, "state"));
        Assert.Equal(HarvestStatus.Succeeded, store.Last(CrashSafetySite.SourceId)!.Status);
        Assert.Equal(Kills, store.History(CrashSafetySite.SourceId).Count(r => r.Status == HarvestStatus.Cancelled && r.Error!.Contains("Interrupted", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Row 30 in small (the full 50 kills: <c>dotnet run -c Release --project src/Cli -- faults kill-loop</c>): an indexing
    /// child that loops upsert + commit is killed at random moments, half of them aimed at a commit.
    /// </summary>
    [Fact]
    public async Task Should_lose_no_acknowledged_document_when_killed_while_indexing_and_inside_commits()
    {
        using var temp = new Search.TestKit.TempDirectory();

        var report = await KillLoop.RunAsync(new KillLoopOptions { Kills = 6, Seed = 20261130, IndexDirectory = temp.Path }, null, CancellationToken.None);
        output.WriteLine(report.Render());

        Assert.True(report.Passed, string.Join("\n", report.Failures));
        Assert.Equal(6, report.Kills);
        Assert.Equal(0, report.Lost);
        Assert.Equal(report.Kills, report.CleanChecks);
        Assert.True(report.Acknowledged > 0, "no batch was ever acknowledged, so nothing was tested");
        Assert.True(report.Final.Ok, report.Final.Problem);
    }

    /// <summary>Row 32: a writer killed with SIGKILL leaves its <c>write.lock</c> file behind; the next writer must not be blocked by it.</summary>
    [Fact]
    public async Task Should_restart_after_kill_9_although_the_dead_harvest_left_its_write_lock()
    {
        await using var site = await CrashSafetySite.StartAsync(pages: 30);
        site.Hang(12);

        var (exited, _) = await site.RunHarvestAsync(killAfterDocuments: 12);
        Assert.False(exited);
        Assert.True(File.Exists(Path.Combine(site.IndexDirectory, "write.lock")), "the killed writer left no write.lock, so this proves nothing");
        site.Restore(12);
        var (completed, log) = await site.RunHarvestAsync(killAfterDocuments: null);

        Assert.True(completed, log);
        Assert.Contains("succeeded", log);
        Assert.Equal(30, site.AssertConsistent().Ids.Count);
    }

    /// <summary>
    /// Row 31 (LUCENE-4738): the process is killed at each step of the very first commit of a new index. The next start
    /// must get a usable index (empty, or the complete first commit), and the harvest must then complete.
    /// </summary>
    [Theory]
    [InlineData("before-segments")]
    [InlineData("segments-empty")]
    [InlineData("segments-unfinished")]
    [InlineData("segments-unsynced")]
    [InlineData("segments-gen")]
    public async Task Should_open_and_complete_a_harvest_after_kill_9_during_the_first_commit_of_a_new_index(string step)
    {
        Assert.Contains(step, FirstCommitPause.Points);
        await using var site = await CrashSafetySite.StartAsync(pages: 20);
        await using (var child = CliProcess.Start(["faults", "first-commit", "--index", site.IndexDirectory, "--pause-at", step]))
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var paused = await child.WaitForLineAsync(l => l.StartsWith(FirstCommitPause.PausedPrefix, StringComparison.Ordinal), null, deadline.Token);
            await child.KillHardAsync();
            await child.WaitForExitAsync(CancellationToken.None);
            Assert.True(paused == FirstCommitPause.PausedPrefix + step, $"the child did not stop at {step}: {child.StandardError}");
        }

        output.WriteLine($"{step}: left {string.Join(", ", Directory.EnumerateFiles(site.IndexDirectory).Select(f => $"{Path.GetFileName(f)} ({new FileInfo(f).Length} B)"))}");
        var (completed, log) = await site.RunHarvestAsync(killAfterDocuments: null);

        Assert.True(completed, log);
        Assert.Contains("succeeded", log);
        Assert.Equal(20, site.AssertConsistent().Ids.Count);
    }
}
