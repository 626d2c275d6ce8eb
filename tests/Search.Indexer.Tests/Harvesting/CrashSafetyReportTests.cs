using Search.Cli.Faults;

namespace Search.Indexer.Tests.Harvesting;

/// <summary>How the kill loop judges the index it finds after a kill (pure): what counts as lost, and as a commit point.</summary>
public sealed class CrashSafetyReportTests
{
    private static KillCycle After(int acknowledged, int? inFlight, int? baseline, int inIndex, IEnumerable<int>? ids = null) => new(
        1, KillMode.Anytime, TimeSpan.Zero, 0, inFlight is null ? KillPhase.Indexing : KillPhase.Commit, null, null, acknowledged, inFlight, baseline,
        new IndexInspection(true, 1, null, (ids ?? Enumerable.Range(0, inIndex)).Select(WriterLoop.IdOf).ToHashSet()), TimeSpan.Zero);

    [Fact]
    public void Should_accept_the_acknowledged_commit_the_one_in_flight_and_the_one_found_at_the_start()
    {
        Assert.True(After(acknowledged: 200, inFlight: null, baseline: 100, inIndex: 200).Passed);
        Assert.True(After(acknowledged: 200, inFlight: 300, baseline: 100, inIndex: 300).CommitWasDurable);
        Assert.True(After(acknowledged: 200, inFlight: null, baseline: 300, inIndex: 300).Passed);
    }

    [Fact]
    public void Should_count_missing_acknowledged_documents_as_lost()
    {
        var cycle = After(acknowledged: 200, inFlight: null, baseline: 100, inIndex: 100);

        Assert.Equal(100, cycle.Lost);
        Assert.False(cycle.Passed);
    }

    [Fact]
    public void Should_refuse_a_partial_batch_or_a_gap_as_no_commit_point()
    {
        Assert.False(After(acknowledged: 200, inFlight: 300, baseline: 100, inIndex: 250).AtCommitPoint);
        Assert.False(After(acknowledged: 200, inFlight: null, baseline: 100, inIndex: 200, ids: Enumerable.Range(0, 199).Append(500)).AtCommitPoint);
    }
}
