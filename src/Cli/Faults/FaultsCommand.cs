using System.Globalization;

namespace Search.Cli.Faults;

/// <summary>
/// Fault injection: <c>faults kill-loop</c> (row 30 of docs/reliability.md) and the child processes it and the
/// crash-safety tests start (<c>faults writer</c>, <c>faults first-commit</c>).
/// </summary>
public static class FaultsCommand
{
    public const string Usage = """
          faults kill-loop [--kills 50] [--seed N] [--batch 100] [--index <dir>] [--keep]
                                         kill -9 an indexing child (upsert + commit in a loop, the service's LuceneIndex)
                                         at random moments, half of them inside a commit; after each kill check CheckIndex,
                                         that every acknowledged document is there and that the next start opens the index.
                                         Prints a table and exits 1 if anything was lost. --index defaults to a temp folder.
        """;

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        switch (args)
        {
            case ["kill-loop", .. var rest]:
                return await KillLoopAsync(rest, cancellationToken);
            case ["writer", .. var rest]:
                if (Option(rest, "--index") is not { } index)
                {
                    Console.Error.WriteLine("faults writer: --index <dir> is required.");
                    return 2;
                }

                var problems = new List<string>();
                var batchSize = Int(rest, "--batch", 1, 100_000, problems) ?? 100;
                var batches = Int(rest, "--batches", 1, int.MaxValue, problems);
                if (problems.Count > 0)
                {
                    problems.ForEach(e => Console.Error.WriteLine("faults writer: " + e));
                    return 2;
                }

                return await WriterLoop.RunAsync(Path.GetFullPath(index), batchSize, batches, cancellationToken);
            case ["first-commit", .. var rest]:
                if (Option(rest, "--index") is not { } path || Option(rest, "--pause-at") is not { } point)
                {
                    Console.Error.WriteLine("faults first-commit: --index <dir> and --pause-at <point> are required.");
                    return 2;
                }

                return FirstCommitPause.Run(Path.GetFullPath(path), point);
            default:
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }

    private static async Task<int> KillLoopAsync(string[] args, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var kills = Int(args, "--kills", 1, 10_000, errors) ?? 50;
        var batch = Int(args, "--batch", 1, 100_000, errors) ?? 100;
        var seed = Int(args, "--seed", 0, int.MaxValue, errors);
        if (errors.Count > 0)
        {
            errors.ForEach(e => Console.Error.WriteLine("faults kill-loop: " + e));
            return 2;
        }

        var index = Option(args, "--index") is { } given
            ? Path.GetFullPath(given)
            : Path.Combine(Path.GetTempPath(), $"kennisbank-kill-loop-{Guid.NewGuid():N}");
        var options = new KillLoopOptions { Kills = kills, BatchSize = batch, IndexDirectory = index };
        options = seed is { } s ? options with { Seed = s } : options;
        Console.WriteLine($"Kill loop: {kills} kills, batch {batch}, seed {options.Seed}, index {index}");
        try
        {
            var report = await KillLoop.RunAsync(options, new SynchronousProgress(c => Console.WriteLine(
                $"kill {c.Number,2}/{kills}: {c.Phase.ToString().ToLowerInvariant(),-8} acked {c.Acknowledged,6}, in index {c.DocumentsInIndex,6}, lost {c.Lost}, " +
                $"{(c.Inspection.Clean ? "clean" : "NOT CLEAN")}{(c.Passed ? string.Empty : "  FAILED")}")), cancellationToken);
            Console.WriteLine();
            Console.Write(report.Render());
            return report.Passed ? 0 : 1;
        }
        finally
        {
            if (!args.Contains("--keep") && Option(args, "--index") is null && Directory.Exists(index))
            {
                Directory.Delete(index, recursive: true);
            }
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>The option's value; null when absent; an error when present but not a whole number in range.</summary>
    private static int? Int(string[] args, string name, int min, int max, List<string> errors)
    {
        if (Option(args, name) is not { } value)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }

        errors.Add($"{name} must be a whole number from {min} to {max}, was '{value}'.");
        return null;
    }

    private sealed class SynchronousProgress(Action<KillCycle> report) : IProgress<KillCycle>
    {
        public void Report(KillCycle value) => report(value);
    }
}
