using System.Globalization;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Search.Connectors;
using Search.Indexer;
using Search.Indexer.Writing;

namespace Search.Cli.Index;

/// <summary>
/// Index operations on a data directory, with the service's own configuration (config/appsettings.json, then
/// <c>--Search:Key=value</c>): verify, repair or reset a damaged index, or rebuild it with the current analysis chain.
/// </summary>
public static class IndexCommand
{
    public const string Usage = """
          index check [--data <dir>] [--checksums]
                                         Run Lucene's CheckIndex on the current index generation (every byte read and decoded;
                                         --checksums: only verify file checksums, as the service does at start). Exit code 1 on damage.
          index repair [--data <dir>]    With the service stopped: remove broken segments (their documents are fetched again by
                                         the next harvests). Use reset when the commit itself is unreadable.
          index reset --yes [--data <dir>]
                                         With the service stopped: move the current index aside (index/set-aside-<time>); the
                                         next start creates an empty index and harvests every source again.
          index rebuild [--data <dir>] [--Search:Key=value …]
                                         With the service stopped: rebuild the index from its stored fields with the current
                                         analysis files (on a running service: POST /api/v1/admin/reindex).
        """;

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args is not [var verb, ..] || verb is not ("check" or "repair" or "reset" or "rebuild"))
        {
            Console.Error.WriteLine("index: expected check, repair, reset or rebuild.\n" + Usage);
            return 2;
        }

        using var host = BuildHost(args[1..]);
        var root = host.Services.GetRequiredService<ResolvedPaths>().IndexDirectory;
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Search.Cli.Index");
        try
        {
            return verb switch
            {
                "check" => Check(root, full: !args.Contains("--checksums"), logger),
                "repair" => Repair(root, logger),
                "reset" => Reset(root, args.Contains("--yes"), logger),
                _ => await RebuildAsync(host, cancellationToken),
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException)
        {
            // Locked by the running service, an unreadable commit, a broken pointer file: say so, no stack trace.
            Console.Error.WriteLine($"index {verb}: {ex.Message}");
            return 1;
        }
    }

    private static int Check(string root, bool full, ILogger logger)
    {
        var path = IndexMaintenance.CurrentPath(root, logger);
        if (!Directory.Exists(path) || !Directory.EnumerateFiles(path, "segments_*").Any())
        {
            Console.Error.WriteLine($"index check: there is no index in {path}; the service creates an empty one at its next start.");
            return 1;
        }

        Console.WriteLine($"Checking {path} ({(full ? "CheckIndex" : "checksums")}) …");
        var result = IndexMaintenance.Check(root, full, full ? Console.Out : null, logger);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(result.Healthy ? "healthy" : "DAMAGED")}: {result.Segments} segments, {result.Documents:N0} documents, " +
            $"{result.Bytes / 1024.0 / 1024.0:0.0} MB in {result.Elapsed.TotalSeconds:0.00} s{(result.Problem is null ? string.Empty : " — " + result.Problem)}"));
        if (!result.Healthy)
        {
            Console.WriteLine("Repair with 'index repair' (loses the broken segments' documents until the next harvest) or 'index reset --yes'.");
        }

        return result.Healthy ? 0 : 1;
    }

    private static int Repair(string root, ILogger logger)
    {
        var result = IndexMaintenance.Repair(root, Console.Out, logger);
        Console.WriteLine(result.Message);
        return 0;
    }

    private static int Reset(string root, bool confirmed, ILogger logger)
    {
        if (!confirmed)
        {
            Console.Error.WriteLine("index reset: add --yes. The index is moved aside and every source is harvested again at the next start.");
            return 2;
        }

        var moved = IndexMaintenance.Reset(root, TimeProvider.System, logger);
        Console.WriteLine(moved is null
            ? "There was no index; the next start creates one."
            : $"Moved the index to {moved}. The next start creates an empty index and harvests every source; delete the folder when no longer needed.");
        return 0;
    }

    private static async Task<int> RebuildAsync(IHost host, CancellationToken cancellationToken)
    {
        using var index = host.Services.GetRequiredService<LuceneIndex>();
        if (!index.CanRebuild)
        {
            Console.Error.WriteLine($"index rebuild: the index is not served ({index.Health.Description}). Use 'index repair' or 'index reset --yes'.");
            return 1;
        }

        var progress = new SynchronousProgress(s => Console.WriteLine(
            $"progress copied={s.DocumentsCopied} total={s.DocumentsTotal} replayed={s.WritesReplayed} state={s.State.ToString().ToLowerInvariant()}"));
        var status = await index.RebuildAsync(progress, cancellationToken);
        Console.WriteLine($"{status.State.ToString().ToLowerInvariant()}: {status.DocumentsCopied:N0} documents into generation '{status.Generation}' " +
                          $"in {(status.FinishedAt - status.StartedAt)?.TotalSeconds:0.0} s{(status.Error is null ? string.Empty : " — " + status.Error)}");
        return status.State == IndexRebuildState.Succeeded ? 0 : 1;
    }

    private static IHost BuildHost(string[] args)
    {
        var settings = new List<string>();
        if (Option(args, "--data") is { } data)
        {
            settings.Add($"--Search:DataDirectory={Path.GetFullPath(data)}");
        }

        settings.AddRange(args.Where(a => a.StartsWith("--Search:", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)));
        var builder = Host.CreateApplicationBuilder(settings.ToArray());
        var shared = PathResolver.Resolve(Path.Combine("config", "appsettings.json"), Directory.GetCurrentDirectory(), searchUpward: true);
        if (File.Exists(shared))
        {
            var source = new JsonConfigurationSource { Path = shared, Optional = true };
            source.ResolveFileProvider();
            builder.Configuration.Sources.Insert(0, source);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddConnectors(builder.Configuration);
        builder.Services.AddIndexer(builder.Configuration);
        return builder.Build();
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private sealed class SynchronousProgress(Action<IndexRebuildStatus> report) : IProgress<IndexRebuildStatus>
    {
        public void Report(IndexRebuildStatus value) => report(value);
    }
}
