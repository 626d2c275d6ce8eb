using System.Diagnostics;
using Search.Bench.Corpus;
using Search.Bench.Indexing;
using Search.Bench.Querying;
using Search.Bench.Report;

namespace Search.Bench.Scenarios;

/// <summary>
/// Runs one load scenario: builds a starting index of generated documents, starts the real service on it as a child
/// process, warms it up, measures, and writes the scenario's section of the report file.
/// </summary>
internal static class ScenarioRunner
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var (options, errors) = ScenarioOptions.Parse(args);
        if (options is null)
        {
            errors.ToList().ForEach(Console.Error.WriteLine);
            Console.Error.WriteLine(ScenarioOptions.Usage);
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var inputs = BenchInputs.Load(options.Seed);
        var (root, _, _, analysis, corpus) = inputs;
        var queries = inputs.Queries(options.QueryCount, options.Seed);

        var work = Path.Combine(Path.GetTempPath(), $"kennisbank-scenario-{Guid.NewGuid():N}");
        var data = Path.Combine(work, "data");
        var sources = Path.Combine(work, "no-sources");
        Directory.CreateDirectory(Path.Combine(data, "index"));
        Directory.CreateDirectory(sources);
        try
        {
            Console.WriteLine($"Scenario {options.Scenario}: indexing {options.Size:N0} documents under {work} …");
            var indexing = await IndexingBench.OursAsync("start", new Lucene.Net.Store.NIOFSDirectory(new DirectoryInfo(Path.Combine(data, "index"))), analysis,
                corpus.Batches(0, options.Size, IndexingBench.BatchSize), families: false, cancellationToken);
            Console.WriteLine($"  {indexing.DocumentsPerSecond:N0} docs/s; starting the service …");

            var extra = options.Scenario == ScenarioOptions.HarvestLoad ? HarvestLoadScenario.ServiceArguments(options) : [];
            await using var service = ServiceProcess.Start(new ServiceSettings(root, data, sources, Path.Combine(work, "service.log"), extra));
            using var http = PhaseLoad.CreateClient(service.BaseUrl);
            await service.WaitForFirstAnswerAsync(http, queries[0], TimeSpan.FromMinutes(5), cancellationToken);
            Console.WriteLine($"  service pid {service.ProcessId} answers; warming up for {options.WarmUp.TotalSeconds:0} s …");
            await PhaseLoad.RunAsync("warm-up", http, service.ProcessId, Math.Min(options.Clients, 8), options.WarmUp, queries, cancellationToken);

            var command = "dotnet run -c Release --project src/Bench -- " + string.Join(' ', args);
            string section;
            if (options.Scenario == ScenarioOptions.HarvestLoad)
            {
                var outcome = await HarvestLoadScenario.RunAsync(options, http, service.ProcessId, queries, corpus, cancellationToken);
                Console.WriteLine($"  p95 ratio during harvest / idle: {outcome.P95Ratio:0.00} (target <= {HarvestLoadScenario.TargetRatio}); 5xx: {outcome.Idle.Counts.ServerErrors + outcome.DuringHarvest.Counts.ServerErrors}; 429: {outcome.Idle.Counts.Busy + outcome.DuringHarvest.Counts.Busy}; harvest: {outcome.PagesFetched:N0} pages fetched while timed (~{outcome.Commits} commits), rounds started {outcome.RoundsStarted}, finished {outcome.RoundsFinished}, {outcome.DocumentsIndexed:N0} documents (re)indexed by finished rounds");
                section = LoadReport.HarvestLoad(outcome, options, MachineInfo.Read(), command, DateTimeOffset.UtcNow);
            }
            else
            {
                Console.WriteLine("  hostile requests, each alone:");
                var outcome = await HostileScenario.RunAsync(options, http, service.ProcessId, queries, cancellationToken);
                Console.WriteLine($"  normal p95 ratio with hostile traffic / alone: {outcome.P95Ratio:0.00} (target <= {HostileScenario.TargetRatio}); hostile requests within {HostileScenario.TargetMilliseconds:0} ms: {outcome.Probes.Count(p => p.MetTarget)} of {outcome.Probes.Count} alone");
                section = LoadReport.Hostile(outcome, options, MachineInfo.Read(), command, DateTimeOffset.UtcNow);
            }

            var output = Path.GetFullPath(options.Output, root);
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            var existing = File.Exists(output) ? await File.ReadAllTextAsync(output, cancellationToken) : null;
            await File.WriteAllTextAsync(output, LoadReport.ReplaceSection(existing, options.Scenario, section), cancellationToken);
            Console.WriteLine($"Wrote the '{options.Scenario}' section of {output} ({clock.Elapsed.TotalMinutes:0.0} min).");
            return 0;
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }
}
