namespace Search.Bench.Scenarios;

/// <summary>The command line of a load scenario (<c>--scenario harvest-load|hostile</c>), validated (all problems at once).</summary>
internal sealed record ScenarioOptions
{
    public const string HarvestLoad = "harvest-load";
    public const string Hostile = "hostile";

    public required string Scenario { get; init; }

    /// <summary>Measured time per phase (idle, then under the disturbance).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Load before the first timed phase (JIT tiering, caches).</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Documents in the index the service starts with.</summary>
    public int Size { get; init; } = 10_000;

    /// <summary>Closed-loop clients sending normal queries.</summary>
    public int Clients { get; init; }

    /// <summary>harvest-load: pages of the loopback site, harvested over and over (their text changes every round).</summary>
    public int Pages { get; init; } = 1_000;

    /// <summary>harvest-load: the service's <c>Search:CommitBatchSize</c> (its default is 200).</summary>
    public int CommitBatchSize { get; init; } = 200;

    /// <summary>hostile: clients sending hostile queries during the second phase, and their total rate.</summary>
    public int HostileClients { get; init; } = 2;

    public int HostileRate { get; init; } = 20;

    public string Output { get; init; } = Path.Combine("docs", "benchmarks-load.md");

    public int Seed { get; init; } = 20_261_101;

    public int QueryCount { get; init; } = 200;

    public const string Usage = """

        Load scenarios (each writes its own section of --out, default docs/benchmarks-load.md):
          --scenario harvest-load  50 clients: p50/p95/p99 idle, then while the service harvests a loopback site round after
                                   round (commits and merges); p95 ratio (target <= 1.5), 5xx, 429
          --scenario hostile       normal clients' p95 alone, then while 1-2 clients send hostile queries (reliability.md
                                   rows 38-42); each hostile query's status and latency (target: refused or cut off within 50 ms)
            --duration 5m          per phase          --warmup 10s         --size 10000   documents in the starting index
            --clients 50|8         normal clients     --pages 1000         (harvest-load) pages per harvest round
            --commit-batch 200     (harvest-load) the service's Search:CommitBatchSize during the harvest
            --hostile-clients 2    --hostile-rate 20  (hostile) requests per second, all hostile clients together
            --out docs/benchmarks-load.md             --seed 20261101      --queries 200
        """;

    public static (ScenarioOptions? Options, IReadOnlyList<string> Errors) Parse(IReadOnlyList<string> args)
    {
        var errors = new List<string>();
        var scenario = args.SkipWhile(a => a != "--scenario").Skip(1).FirstOrDefault();
        if (scenario is not (HarvestLoad or Hostile))
        {
            errors.Add($"--scenario must be '{HarvestLoad}' or '{Hostile}', was '{scenario}'.");
            return (null, errors);
        }

        var options = new ScenarioOptions { Scenario = scenario, Clients = scenario == HarvestLoad ? 50 : 8 };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Count)
            {
                errors.Add($"{name} needs a value.");
                break;
            }

            var value = args[++i];
            options = name switch
            {
                "--scenario" => options,
                "--duration" => options with { Duration = OptionValues.Span(name, value, errors) },
                "--warmup" => options with { WarmUp = OptionValues.Span(name, value, errors) },
                "--size" => options with { Size = OptionValues.Int(name, value, 100, 10_000_000, errors) },
                "--clients" => options with { Clients = OptionValues.Int(name, value, 1, 512, errors) },
                "--pages" => options with { Pages = OptionValues.Int(name, value, 10, 1_000_000, errors) },
                "--commit-batch" => options with { CommitBatchSize = OptionValues.Int(name, value, 1, 100_000, errors) },
                "--hostile-clients" => options with { HostileClients = OptionValues.Int(name, value, 1, 16, errors) },
                "--hostile-rate" => options with { HostileRate = OptionValues.Int(name, value, 1, 10_000, errors) },
                "--out" => options with { Output = value },
                "--seed" => options with { Seed = OptionValues.Int(name, value, 0, int.MaxValue, errors) },
                "--queries" => options with { QueryCount = OptionValues.Int(name, value, 1, 100_000, errors) },
                _ => Unknown(name, options, errors),
            };
        }

        if (options.Duration <= TimeSpan.Zero)
        {
            errors.Add($"--duration must be positive, was {options.Duration}.");
        }

        return errors.Count == 0 ? (options, errors) : (null, errors);
    }

    private static ScenarioOptions Unknown(string name, ScenarioOptions options, List<string> errors)
    {
        errors.Add($"Unknown option '{name}' for a scenario.");
        return options;
    }
}
