using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Search.Connectors;
using Search.Indexer;
using Search.Indexer.Harvesting;
using Search.Indexer.Sources;
using Spectre.Console;

namespace Search.Cli.Harvest;

/// <summary>
/// Harvests one source into a data directory, in this process, with a progress bar (or, when the output is
/// redirected, one "progress" line per document). Uses the service's own configuration and components.
/// </summary>
public static class HarvestCommand
{
    public const string Usage = """
          harvest --source <id> [--data <dir>] [--sources <dir>] [--allow-private-networks] [--Search:Key=value …]
                                         Harvest one source now, with a progress bar. Defaults come from config/appsettings.json.
        """;

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var sourceId = Option(args, "--source");
        if (sourceId is null)
        {
            Console.Error.WriteLine("harvest: --source <id> is required.\n" + Usage);
            return 2;
        }

        var settings = new List<string>();
        if (Option(args, "--data") is { } data)
        {
            settings.Add($"--Search:DataDirectory={Path.GetFullPath(data)}");
        }

        if (Option(args, "--sources") is { } sources)
        {
            settings.Add($"--Search:SourcesDirectory={Path.GetFullPath(sources)}");
        }

        if (args.Contains("--allow-private-networks"))
        {
            settings.Add("--Search:Harvest:AllowPrivateNetworks=true");
        }

        // Any other setting can be given as --Search:Key=value.
        settings.AddRange(args.Where(a => a.StartsWith("--Search:", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)));

        var builder = Host.CreateApplicationBuilder(settings.ToArray());
        var shared = PathResolver.Resolve(Path.Combine("config", "appsettings.json"), Directory.GetCurrentDirectory(), searchUpward: true);
        if (File.Exists(shared))
        {
            builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = shared, Optional = true });
            ((Microsoft.Extensions.Configuration.Json.JsonConfigurationSource)builder.Configuration.Sources[0]).ResolveFileProvider();
        }

        builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning);
        builder.Services.AddConnectors(builder.Configuration);
        builder.Services.AddIndexer(builder.Configuration);
        using var host = builder.Build();

        var catalog = host.Services.GetRequiredService<SourceCatalog>();
        if (catalog.Find(sourceId) is not { } source)
        {
            Console.Error.WriteLine($"harvest: no source '{sourceId}'. Known: {string.Join(", ", catalog.Sources.Select(s => s.Id))}");
            return 2;
        }

        var runner = host.Services.GetRequiredService<HarvestRunner>();
        var expected = Math.Max(1, host.Services.GetRequiredService<HarvestStore>().Documents(source.Id).Count);
        HarvestRun? run;
        if (Console.IsOutputRedirected)
        {
            var progress = new SynchronousProgress(c => Console.WriteLine(
                $"progress discovered={c.Discovered} new={c.New} changed={c.Changed} unchanged={c.Unchanged} failed={c.Failed}"));
            run = await runner.RunAsync(source, progress, cancellationToken);
        }
        else
        {
            run = null;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"Oogsten: {Markup.Escape(source.Name)}", maxValue: expected);
                    var progress = new SynchronousProgress(c =>
                    {
                        task.MaxValue = Math.Max(task.MaxValue, c.Discovered);
                        task.Value = c.Discovered;
                        task.Description = $"{Markup.Escape(source.Name)}: {c.New} nieuw, {c.Changed} gewijzigd, {c.Unchanged} ongewijzigd, {c.Failed} mislukt";
                    });
                    run = await runner.RunAsync(source, progress, cancellationToken);
                    task.Value = task.MaxValue;
                });
        }

        if (run is null)
        {
            Console.Error.WriteLine($"harvest: a run of '{sourceId}' is already in progress.");
            return 1;
        }

        var c = run.Counts;
        Console.WriteLine($"{run.Status.ToString().ToLowerInvariant()}: discovered {c.Discovered}, fetched {c.Fetched}, new {c.New}, changed {c.Changed}, " +
                          $"unchanged {c.Unchanged}, removed {c.Removed}, failed {c.Failed}, skipped by robots {c.SkippedByRobots}, " +
                          $"{(run.FinishedAt - run.StartedAt)?.TotalSeconds:0.00} s{(run.Error is null ? string.Empty : " — " + run.Error)}");
        return run.Status is HarvestStatus.Succeeded or HarvestStatus.Partial ? 0 : 1;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SynchronousProgress(Action<HarvestCounts> report) : IProgress<HarvestCounts>
    {
        public void Report(HarvestCounts value) => report(value);
    }
}
