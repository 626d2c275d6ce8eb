using System.Globalization;
using System.Text;

namespace Search.Cli.Faults;

/// <summary>One kill and what the index looked like afterwards.</summary>
/// <param name="Number">1-based.</param>
/// <param name="Mode">How the moment was chosen.</param>
/// <param name="Delay">After the start (<see cref="KillMode.Anytime"/>) or after the announced commit.</param>
/// <param name="CommitNumber">For <see cref="KillMode.DuringCommit"/>: which commit of this child was aimed at.</param>
/// <param name="Phase">Where the child was, from the last line it wrote.</param>
/// <param name="OpenedWith">The document count the child found when it opened the index; null when killed before.</param>
/// <param name="Failure">Why this cycle failed (child exited by itself, wrong count on open, timeout); null when it did not.</param>
/// <param name="Acknowledged">Documents acknowledged as committed so far, over all cycles.</param>
/// <param name="InFlight">The document count of the commit in progress at the kill, if any.</param>
/// <param name="Baseline">The document count of the index when this cycle began (the last commit point seen); null for the first.</param>
/// <param name="Inspection">CheckIndex and the ids of the last commit, read after the kill.</param>
/// <param name="Elapsed">Wall time of the cycle including the checks.</param>
public sealed record KillCycle(
    int Number,
    KillMode Mode,
    TimeSpan Delay,
    int CommitNumber,
    KillPhase Phase,
    int? OpenedWith,
    string? Failure,
    int Acknowledged,
    int? InFlight,
    int? Baseline,
    IndexInspection Inspection,
    TimeSpan Elapsed)
{
    public int DocumentsInIndex => Inspection.Ids.Count;

    /// <summary>Acknowledged documents missing from the index: must be 0.</summary>
    public int Lost => Acknowledged - Inspection.Ids.Count(id => DocumentNumber(id) < Acknowledged);

    /// <summary>
    /// The index holds exactly documents 0..n-1 where n is a commit point: the last acknowledged commit, the one in
    /// flight, or the index as this cycle found it (a commit that became durable just before an earlier kill could
    /// acknowledge it). No partial batch.
    /// </summary>
    public bool AtCommitPoint =>
        Inspection.Clean
        && Inspection.Ids.All(id => DocumentNumber(id) < DocumentsInIndex)
        && (DocumentsInIndex == Acknowledged || DocumentsInIndex == InFlight || DocumentsInIndex == Baseline);

    /// <summary>Killed inside <c>CommitAsync</c> after the commit had become durable (its batch is in the index).</summary>
    public bool CommitWasDurable => Phase == KillPhase.Commit && InFlight is { } f && DocumentsInIndex == f;

    public bool Passed => Failure is null && Inspection.Clean && Lost == 0 && AtCommitPoint;

    private static int DocumentNumber(string id) =>
        id.StartsWith("kill-", StringComparison.Ordinal) && int.TryParse(id.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
}

/// <summary>The start after the last kill.</summary>
public sealed record FinalStart(bool Ok, int? OpenedWith, string? Problem);

/// <summary>The outcome of a kill loop, with its console table (pure).</summary>
public sealed record KillLoopReport(KillLoopOptions Options, IReadOnlyList<KillCycle> Cycles, FinalStart Final, TimeSpan Elapsed)
{
    public int Kills => Cycles.Count;

    public int KillsInCommit => Cycles.Count(c => c.Phase == KillPhase.Commit);

    public int KillsInCommitAfterDurable => Cycles.Count(c => c.CommitWasDurable);

    public int KillsInIndexing => Cycles.Count(c => c.Phase == KillPhase.Indexing);

    public int KillsInStartup => Cycles.Count(c => c.Phase == KillPhase.Startup);

    public int Acknowledged => Cycles.Count == 0 ? 0 : Cycles.Max(c => c.Acknowledged);

    public int Lost => Cycles.Sum(c => c.Lost);

    public int CleanChecks => Cycles.Count(c => c.Inspection.Clean);

    public int NotAtCommitPoint => Cycles.Count(c => !c.AtCommitPoint);

    /// <summary>Starts after a kill that opened the index (the others were killed before they got there).</summary>
    public int Reopened => Cycles.Skip(1).Count(c => c.OpenedWith is not null) + (Final.OpenedWith is null ? 0 : 1);

    public IReadOnlyList<string> Failures =>
        Cycles.Where(c => !c.Passed).Select(c => $"kill {c.Number}: {c.Failure ?? Describe(c)}")
            .Concat(Final.Ok ? [] : [$"final start: {Final.Problem}"]).ToList();

    public bool Passed => Failures.Count == 0;

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine(I($"{"kill",4}  {"aimed at",-14} {"delay",9}  {"phase",-8} {"opened",7} {"acked",7} {"in index",8} {"lost",4}  {"CheckIndex",-16} {"s",5}"));
        foreach (var c in Cycles)
        {
            var aim = c.Mode == KillMode.DuringCommit ? I($"commit #{c.CommitNumber}") : "any moment";
            var phase = c.Phase switch
            {
                KillPhase.Commit => c.CommitWasDurable ? "commit*" : "commit",
                KillPhase.Indexing => "indexing",
                _ => "startup",
            };
            var check = c.Inspection.Clean ? I($"clean, {c.Inspection.Segments} seg") : "NOT CLEAN: " + c.Inspection.Problem;
            text.AppendLine(I($"{c.Number,4}  {aim,-14} {c.Delay.TotalMilliseconds,7:0.0} ms  {phase,-8} {c.OpenedWith?.ToString(CultureInfo.InvariantCulture) ?? "-",7} {c.Acknowledged,7} {c.DocumentsInIndex,8} {c.Lost,4}  {check,-16} {c.Elapsed.TotalSeconds,5:0.0}")
                + (c.Passed ? string.Empty : "  FAILED: " + (c.Failure ?? Describe(c))));
        }

        text.AppendLine();
        text.AppendLine("commit* = killed inside CommitAsync after the commit itself was durable (searcher refresh or acknowledgement pending).");
        text.AppendLine();
        text.AppendLine(I($"kills                          {Kills}"));
        text.AppendLine(I($"  inside CommitAsync           {KillsInCommit} ({KillsInCommitAfterDurable} after the commit was durable)"));
        text.AppendLine(I($"  while indexing/merging       {KillsInIndexing}"));
        text.AppendLine(I($"  during start-up              {KillsInStartup}"));
        text.AppendLine(I($"documents acknowledged         {Acknowledged}"));
        text.AppendLine(I($"documents lost                 {Lost}   (must be 0)"));
        text.AppendLine(I($"index not at a commit point    {NotAtCommitPoint}   (must be 0)"));
        text.AppendLine(I($"CheckIndex clean               {CleanChecks} of {Kills}"));
        text.AppendLine(I($"restarts that opened the index {Reopened} (each with the last commit's content; the rest were killed before opening)"));
        text.AppendLine(I($"final start                    {(Final.Ok ? $"ok: opened {Final.OpenedWith} documents and committed one more batch" : "FAILED: " + Final.Problem)}"));
        text.AppendLine(I($"batch size {Options.BatchSize}, seed {Options.Seed}, {Elapsed.TotalSeconds:0} s; result: {(Passed ? "PASSED" : "FAILED")}"));
        return text.ToString();
    }

    private static string Describe(KillCycle c) =>
        !c.Inspection.Clean ? "CheckIndex: " + c.Inspection.Problem
        : c.Lost > 0 ? I($"{c.Lost} acknowledged documents lost")
        : I($"index holds {c.DocumentsInIndex} documents, not a commit point (acknowledged {c.Acknowledged}, in flight {c.InFlight?.ToString(CultureInfo.InvariantCulture) ?? "-"})");

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
