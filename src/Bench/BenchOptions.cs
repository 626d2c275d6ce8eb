namespace Search.Bench;

/// <summary>What a run measures.</summary>
internal enum BenchScope
{
    /// <summary>Indexing, queries, start-up, memory and freshness; writes the full report.</summary>
    All,

    /// <summary>Only indexing throughput, ours against raw, repeated; no service, no queries.</summary>
    Indexing,
}

/// <summary>The command line of the benchmark, validated (all problems reported at once).</summary>
internal sealed record BenchOptions
{
    public IReadOnlyList<int> Sizes { get; init; } = [10_000, 100_000];

    public IReadOnlyList<int> Clients { get; init; } = [1, 2, 8];

    /// <summary>Measured time per (size, side, clients) point.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Load before timing, per size and side (JIT tiering, caches).</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(20);

    public const string DefaultOutput = "docs/benchmarks.md";

    public BenchScope Scope { get; init; } = BenchScope.All;

    /// <summary>The report; with <see cref="BenchScope.Indexing"/> none unless given (the full report is never overwritten by a partial run).</summary>
    public string? Output { get; init; }

    /// <summary>Ours/raw pairs per size in an indexing-only run (the order alternates, so drifting load hits both sides).</summary>
    public int Repeat { get; init; } = 1;

    public int Seed { get; init; } = 20_261_101;

    public int QueryCount { get; init; } = 200;

    /// <summary>The harvest path (with version-family assignment) is measured on at most this many documents per size.</summary>
    public int FamilySample { get; init; } = 20_000;

    public int FreshnessRepeats { get; init; } = 20;

    /// <summary>Keep the temporary indexes (printed path) instead of deleting them.</summary>
    public bool KeepIndexes { get; init; }

    /// <summary>Print the fixed query set, one per line, and stop (for profiling a kept index with the same queries).</summary>
    public bool ListQueries { get; init; }

    public const string Usage = """
        Usage: dotnet run -c Release --project src/Bench -- [options]

          --sizes 10000,100000     corpus sizes (documents); each gets its own indexes
          --clients 1,2,8          concurrent clients per latency point
          --duration 20s           measured time per point (s, m or ms suffix)
          --warmup 20s             load before timing, per size and side (the service tiers up its JIT in ~15 s)
          --out docs/benchmarks.md report (an SVG plot is written next to it); with --only
                                   indexing a short report, and only when --out is given
          --seed 20261101          corpus and query seed
          --queries 200            size of the fixed query set
          --family-sample 20000    documents indexed through the harvest path (version families) per size; 0 skips it
          --freshness 20           commit-to-searchable repetitions
          --keep                   keep the temporary indexes
          --list-queries           print the query set, one per line, and stop
          --only indexing          measure only indexing throughput (ours vs raw); no service or queries
          --repeat 1               ours/raw pairs per size with --only indexing
        """;

    public static (BenchOptions? Options, IReadOnlyList<string> Errors) Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        var errors = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--keep")
            {
                options = options with { KeepIndexes = true };
                continue;
            }

            if (name == "--list-queries")
            {
                options = options with { ListQueries = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                errors.Add($"{name} needs a value.");
                break;
            }

            var value = args[++i];
            switch (name)
            {
                case "--sizes":
                    options = options with { Sizes = IntList(name, value, 1, 10_000_000, errors) };
                    break;
                case "--clients":
                    options = options with { Clients = IntList(name, value, 1, 256, errors) };
                    break;
                case "--duration":
                    options = options with { Duration = OptionValues.Span(name, value, errors) };
                    break;
                case "--warmup":
                    options = options with { WarmUp = OptionValues.Span(name, value, errors) };
                    break;
                case "--out":
                    options = options with { Output = value };
                    break;
                case "--seed":
                    options = options with { Seed = OptionValues.Int(name, value, 0, int.MaxValue, errors) };
                    break;
                case "--queries":
                    options = options with { QueryCount = OptionValues.Int(name, value, 1, 100_000, errors) };
                    break;
                case "--family-sample":
                    options = options with { FamilySample = OptionValues.Int(name, value, 0, 10_000_000, errors) };
                    break;
                case "--freshness":
                    options = options with { FreshnessRepeats = OptionValues.Int(name, value, 1, 10_000, errors) };
                    break;
                case "--only":
                    options = options with { Scope = ParseScope(name, value, errors) };
                    break;
                case "--repeat":
                    options = options with { Repeat = OptionValues.Int(name, value, 1, 100, errors) };
                    break;
                default:
                    errors.Add($"Unknown option '{name}'.");
                    break;
            }
        }

        if (options.Duration <= TimeSpan.Zero)
        {
            errors.Add($"--duration must be positive, was {options.Duration}.");
        }

        if (options.Repeat > 1 && options.Scope != BenchScope.Indexing)
        {
            errors.Add("--repeat applies only with --only indexing.");
        }

        if (options.Scope == BenchScope.Indexing && options.Output is { } output
            && Path.GetFileName(output) == Path.GetFileName(DefaultOutput) && Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(output))) == "docs")
        {
            errors.Add($"--out {output} is the full report; an indexing-only run writes elsewhere (e.g. /tmp/indexing.md).");
        }

        if (options.Output is null && options.Scope == BenchScope.All)
        {
            options = options with { Output = DefaultOutput };
        }

        return errors.Count == 0 ? (options, errors) : (null, errors);
    }

    private static BenchScope ParseScope(string name, string value, List<string> errors)
    {
        if (value == "indexing")
        {
            return BenchScope.Indexing;
        }

        errors.Add($"{name} must be 'indexing', was '{value}'.");
        return BenchScope.All;
    }

    private static IReadOnlyList<int> IntList(string name, string value, int min, int max, List<string> errors)
    {
        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0)
        {
            errors.Add($"{name} needs at least one number.");
        }

        return items.Select(v => OptionValues.Int(name, v, min, max, errors)).Distinct().Order().ToList();
    }
}
