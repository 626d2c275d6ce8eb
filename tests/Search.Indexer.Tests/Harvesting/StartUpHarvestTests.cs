using Search.Indexer.Harvesting;

namespace Search.Indexer.Tests.Harvesting;

/// <summary>Row 37 of docs/reliability.md: which sources a start-up harvests at once (statuses newest first).</summary>
public sealed class StartUpHarvestTests
{
    private const HarvestStatus Ok = HarvestStatus.Succeeded;
    private const HarvestStatus Cut = HarvestStatus.Cancelled;

    [Fact]
    public void Should_wait_for_the_schedule_when_the_last_run_finished()
    {
        Assert.Null(SourceScheduler.StartUpHarvest(indexIsNew: false, everSucceeded: true, [Ok, Cut, Ok]).Reason);
        Assert.Null(SourceScheduler.StartUpHarvest(indexIsNew: false, everSucceeded: true, [HarvestStatus.Failed, Ok]).Reason);
    }

    [Fact]
    public void Should_harvest_again_when_the_last_run_was_interrupted()
    {
        var (reason, interrupted) = SourceScheduler.StartUpHarvest(indexIsNew: false, everSucceeded: true, [Cut, Cut, Ok]);

        Assert.Equal("its last run was interrupted", reason);
        Assert.Equal(2, interrupted);
    }

    [Fact]
    public void Should_harvest_a_source_never_harvested_or_on_a_new_index()
    {
        Assert.Equal("never harvested", SourceScheduler.StartUpHarvest(indexIsNew: false, everSucceeded: false, []).Reason);
        Assert.Equal("the index is new", SourceScheduler.StartUpHarvest(indexIsNew: true, everSucceeded: true, [Ok]).Reason);
    }

    [Fact]
    public void Should_stop_retrying_at_start_up_after_too_many_interrupted_runs_in_a_row_so_a_fatal_source_cannot_crash_loop()
    {
        var tooMany = Enumerable.Repeat(Cut, SourceScheduler.MaxRetriesAfterInterruption + 1).ToList();

        Assert.Null(SourceScheduler.StartUpHarvest(indexIsNew: false, everSucceeded: true, tooMany).Reason);
        Assert.Null(SourceScheduler.StartUpHarvest(indexIsNew: false, everSucceeded: false, tooMany).Reason);
        Assert.NotNull(SourceScheduler.StartUpHarvest(indexIsNew: false, everSucceeded: true, tooMany.Skip(1)).Reason);
    }
}
