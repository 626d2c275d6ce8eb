using System.Diagnostics;
using System.Globalization;

namespace Search.Cli.Faults;

/// <summary>Settings of one kill loop (row 30 of docs/reliability.md).</summary>
public sealed record KillLoopOptions
{
    /// <value>The default is 50 kills.</value>
    public int Kills { get; init; } = 50;

    /// <summary>Seeds the kill moments; the same seed gives the same plan (the moments themselves race with the child).</summary>
    public int Seed { get; init; } = 20_261_130;

    /// <summary>Documents per upsert + commit in the child.</summary>
    /// <value>The default is 100.</value>
    public int BatchSize { get; init; } = 100;

    /// <summary>The index folder; it may hold an index of an earlier loop (it continues from there).</summary>
    public required string IndexDirectory { get; init; }

    /// <summary>A child that neither reaches its kill moment nor exits within this time fails the loop.</summary>
    public TimeSpan CycleTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>How the moment of a kill was chosen.</summary>
public enum KillMode
{
    /// <summary>A random delay after the process started: lands in start-up, opening, analysis, commits or merges.</summary>
    Anytime,

    /// <summary>A random delay of 0–<see cref="KillLoop.MaxCommitDelayMicroseconds"/> µs after the child announced a commit.</summary>
    DuringCommit,
}

/// <summary>Where the child was when it died, from the last line it managed to write.</summary>
public enum KillPhase
{
    /// <summary>Before the index was open.</summary>
    Startup,

    /// <summary>Analysing and writing documents (no commit in progress); background merges may be running.</summary>
    Indexing,

    /// <summary>Inside <c>LuceneIndex.CommitAsync</c> (commit and searcher refresh).</summary>
    Commit,
}

/// <summary>
/// Kills an indexing child process (<see cref="WriterLoop"/>) with SIGKILL at random moments, during indexing and
/// inside commits, and after every kill checks the index directory: CheckIndex clean, every acknowledged document
/// present, the index exactly at a commit point (no partial batch), and the next start opening it with that content.
/// </summary>
public static class KillLoop
{
    /// <summary>A commit of one batch takes a few milliseconds here: aimed kills wait 0–2 ms after its announcement.</summary>
    public const int MaxCommitDelayMicroseconds = 2_000;

    /// <summary>Random kills land this long after the start at most (the child needs ~0.5 s to start and open the index).</summary>
    public const int MaxAnytimeDelayMilliseconds = 2_500;

    public static async Task<KillLoopReport> RunAsync(KillLoopOptions options, IProgress<KillCycle>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Kills);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        System.IO.Directory.CreateDirectory(options.IndexDirectory);
        var random = new Random(options.Seed);
        var cycles = new List<KillCycle>();
        var acknowledged = 0;
        int? expectedOnOpen = null;
        var clock = Stopwatch.StartNew();
        for (var kill = 1; kill <= options.Kills; kill++)
        {
            var plan = Plan(random, kill);
            var cycle = await RunCycleAsync(options, kill, plan, acknowledged, expectedOnOpen, cancellationToken).ConfigureAwait(false);
            acknowledged = Math.Max(acknowledged, cycle.Acknowledged);
            expectedOnOpen = cycle.Inspection.Clean ? cycle.DocumentsInIndex : null;
            cycles.Add(cycle);
            progress?.Report(cycle);
        }

        var final = await FinalStartAsync(options, expectedOnOpen, cancellationToken).ConfigureAwait(false);
        return new KillLoopReport(options, cycles, final, clock.Elapsed);
    }

    /// <summary>Half the kills aim at a commit (the j-th of the run, then 0–2 ms), half at any moment after the start.</summary>
    private static (KillMode Mode, int Commit, TimeSpan Delay) Plan(Random random, int kill) =>
        kill % 2 == 0
            ? (KillMode.DuringCommit, random.Next(1, 4), TimeSpan.FromMicroseconds(random.Next(0, MaxCommitDelayMicroseconds + 1)))
            : (KillMode.Anytime, 0, TimeSpan.FromMilliseconds(random.Next(0, MaxAnytimeDelayMilliseconds + 1)));

    private static async Task<KillCycle> RunCycleAsync(
        KillLoopOptions options, int number, (KillMode Mode, int Commit, TimeSpan Delay) plan, int acknowledgedBefore, int? expectedOnOpen,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var tracker = new ProtocolTracker(acknowledgedBefore);
        await using var child = CliProcess.Start(WriterArguments(options, batches: null));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CycleTimeout);
        var commitAnnounced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pump = Task.Run(async () =>
        {
            while (await child.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
            {
                if (tracker.Read(line) == plan.Commit && plan.Mode == KillMode.DuringCommit)
                {
                    commitAnnounced.TrySetResult();
                }
            }

            commitAnnounced.TrySetResult();
        }, CancellationToken.None);

        string? failure = null;
        try
        {
            if (plan.Mode == KillMode.DuringCommit)
            {
                await commitAnnounced.Task.WaitAsync(timeout.Token).ConfigureAwait(false);

                // Sub-millisecond precision: spin instead of a timer.
                var announced = Stopwatch.GetTimestamp();
                while (Stopwatch.GetElapsedTime(announced) < plan.Delay)
                {
                    Thread.SpinWait(50);
                }
            }
            else
            {
                await Task.Delay(plan.Delay, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = $"no kill moment within {options.CycleTimeout.TotalSeconds:0} s";
        }

        var exitedOnItsOwn = child.HasExited;
        await child.KillHardAsync().ConfigureAwait(false);
        await pump.ConfigureAwait(false);
        await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        if (exitedOnItsOwn)
        {
            failure ??= $"the child exited by itself with code {child.ExitCode}: {FirstLine(child.StandardError)}";
        }

        var inspection = IndexInspection.Of(options.IndexDirectory);
        var state = tracker.Snapshot();
        string? openProblem = null;
        if (state.OpenedWith is { } opened && expectedOnOpen is { } expected && opened != expected)
        {
            openProblem = $"opened with {opened} documents, the last commit held {expected}";
        }

        return new KillCycle(
            number, plan.Mode, plan.Delay, plan.Commit, state.Phase, state.OpenedWith, openProblem ?? failure, state.Acknowledged, state.InFlight,
            expectedOnOpen, inspection, started.Elapsed);
    }

    /// <summary>One more start after the last kill: it must open the index and commit one more batch.</summary>
    private static async Task<FinalStart> FinalStartAsync(KillLoopOptions options, int? expectedOnOpen, CancellationToken cancellationToken)
    {
        var tracker = new ProtocolTracker(0);
        await using var child = CliProcess.Start(WriterArguments(options, batches: 1));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.CycleTimeout);
        try
        {
            while (await child.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
            {
                tracker.Read(line);
            }

            await child.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new FinalStart(false, null, $"no exit within {options.CycleTimeout.TotalSeconds:0} s");
        }

        var state = tracker.Snapshot();
        var ok = child.ExitCode == 0 && state.OpenedWith is not null && state.Phase == KillPhase.Indexing
                 && (expectedOnOpen is null || state.OpenedWith == expectedOnOpen);
        return new FinalStart(ok, state.OpenedWith, ok ? null : $"exit code {child.ExitCode}, opened with {state.OpenedWith?.ToString(CultureInfo.InvariantCulture) ?? "-"} (expected {expectedOnOpen?.ToString(CultureInfo.InvariantCulture) ?? "-"}): {FirstLine(child.StandardError)}");
    }

    private static string[] WriterArguments(KillLoopOptions options, int? batches) =>
    [
        "faults", "writer", "--index", options.IndexDirectory, "--batch", options.BatchSize.ToString(CultureInfo.InvariantCulture),
        .. batches is { } b ? new[] { "--batches", b.ToString(CultureInfo.InvariantCulture) } : [],
    ];

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "(no output)";
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    /// <summary>Follows the child's protocol lines (pure; thread-safe).</summary>
    internal sealed class ProtocolTracker(int acknowledged)
    {
        private readonly Lock _lock = new();
        private int _acknowledged = acknowledged;
        private int? _inFlight;
        private int? _openedWith;
        private int _commitsAnnounced;
        private KillPhase _phase = KillPhase.Startup;

        /// <summary>Reads one line; returns how many commits were announced so far.</summary>
        public int Read(string line)
        {
            lock (_lock)
            {
                if (Value(line, "opened docs=") is { } docs)
                {
                    _openedWith = docs;
                    _phase = KillPhase.Indexing;
                }
                else if (Value(line, "committing through=") is { } through)
                {
                    _inFlight = through;
                    _commitsAnnounced++;
                    _phase = KillPhase.Commit;
                }
                else if (Value(line, "committed through=") is { } done)
                {
                    _acknowledged = Math.Max(_acknowledged, done);
                    _inFlight = null;
                    _phase = KillPhase.Indexing;
                }

                return _commitsAnnounced;
            }
        }

        public (KillPhase Phase, int? OpenedWith, int Acknowledged, int? InFlight) Snapshot()
        {
            lock (_lock)
            {
                return (_phase, _openedWith, _acknowledged, _inFlight);
            }
        }

        private static int? Value(string line, string prefix) =>
            line.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(line.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : null;
    }
}
