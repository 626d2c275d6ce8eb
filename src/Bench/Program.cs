using System.Diagnostics;
using Search.Bench;
using Search.Bench.Corpus;
using Search.Bench.Indexing;
using Search.Bench.Report;
using Search.Bench.Scenarios;
using Search.Indexer.Analysis;

if (args is ["--help" or "-h" or "help"])
{
    Console.WriteLine(BenchOptions.Usage + ScenarioOptions.Usage);
    return 0;
}

if (args.Contains("--scenario"))
{
    using var stopScenario = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stopScenario.Cancel();
    };
    return await ScenarioRunner.RunAsync(args, stopScenario.Token);
}

var (options, errors) = BenchOptions.Parse(args);
if (options is null)
{
    errors.ToList().ForEach(Console.Error.WriteLine);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var runTime = Stopwatch.StartNew();
var inputs = BenchInputs.Load(options.Seed);
var (root, _, samples, analysis, corpus) = inputs;
var command = "dotnet run -c Release --project src/Bench" + (args.Length > 0 ? " -- " + string.Join(' ', args) : string.Empty);
if (options.Scope == BenchScope.Indexing)
{
    return await IndexingOnlyAsync(options, corpus, analysis, root, command, cancellation.Token);
}

var queries = inputs.Queries(options.QueryCount, options.Seed);
if (options.ListQueries)
{
    foreach (var query in queries)
    {
        Console.WriteLine(query);
    }

    return 0;
}

var stats = Describe(corpus, samples.Count, queries);
Console.WriteLine($"Corpus: {samples.Count} sample texts, {stats.Vocabulary:N0} tokens; body median {stats.MedianBodyWords:N0} words, p99 {stats.P99BodyWords:N0}; {queries.Count} queries.");

var work = Path.Combine(Path.GetTempPath(), $"kennisbank-bench-{Guid.NewGuid():N}");
Directory.CreateDirectory(work);
Console.WriteLine($"Indexes under {work}");
try
{
    await IndexingBench.WarmUpAsync(analysis, corpus.Batches(0, IndexingBench.WarmUpDocuments, IndexingBench.BatchSize).ToList(), work, cancellation.Token);
    var bench = new SizeBench(options, corpus, queries, analysis, root, work);
    var results = new List<SizeResult>();
    foreach (var size in options.Sizes)
    {
        results.Add(await bench.RunAsync(size, cancellation.Token));
        if (!options.KeepIndexes)
        {
            Directory.Delete(Path.Combine(work, size.ToString(System.Globalization.CultureInfo.InvariantCulture)), recursive: true);
        }
    }

    Console.WriteLine();
    Console.Write(BenchReport.ConsoleTable(results));

    var output = Path.GetFullPath(options.Output ?? BenchOptions.DefaultOutput, root);
    Directory.CreateDirectory(Path.GetDirectoryName(output)!);
    var plot = Path.GetFileNameWithoutExtension(output) + "-latency.svg";
    await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(output)!, plot),
        LatencyPlot.Render("Search latency at 2 clients: service (HTTP, full response) vs raw Lucene.Net", BenchReport.PlotSeries(results)));
    await File.WriteAllTextAsync(output, BenchReport.Markdown(results, options, MachineInfo.Read(), stats, command, plot, DateTimeOffset.UtcNow, runTime.Elapsed));
    Console.WriteLine($"Wrote {output} and {plot} ({runTime.Elapsed.TotalMinutes:0.0} min).");
    return 0;
}
finally
{
    if (!options.KeepIndexes && Directory.Exists(work))
    {
        Directory.Delete(work, recursive: true);
    }
}

static async Task<int> IndexingOnlyAsync(BenchOptions options, CorpusGenerator corpus, AnalysisResources analysis, string root, string command, CancellationToken cancellationToken)
{
    var clock = Stopwatch.StartNew();
    var work = Path.Combine(Path.GetTempPath(), $"kennisbank-bench-{Guid.NewGuid():N}");
    Directory.CreateDirectory(work);
    Console.WriteLine($"Indexing only; indexes under {work}");
    try
    {
        await IndexingBench.WarmUpAsync(analysis, corpus.Batches(0, IndexingBench.WarmUpDocuments, IndexingBench.BatchSize).ToList(), work, cancellationToken);
        var bench = new IndexingOnlyBench(options, corpus, analysis, work);
        var pairs = new List<IndexingPair>();
        foreach (var size in options.Sizes)
        {
            pairs.AddRange(await bench.RunAsync(size, cancellationToken));
        }

        Console.WriteLine();
        Console.Write(IndexingOnlyBench.ConsoleSummary(pairs));
        if (options.Output is { } path)
        {
            var output = Path.GetFullPath(path, root);
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            await File.WriteAllTextAsync(output, IndexingOnlyBench.Markdown(pairs, command, DateTimeOffset.UtcNow), cancellationToken);
            Console.WriteLine($"Wrote {output}.");
        }

        Console.WriteLine($"{clock.Elapsed.TotalMinutes:0.0} min.");
        return 0;
    }
    finally
    {
        if (!options.KeepIndexes && Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }
    }
}

static CorpusStats Describe(CorpusGenerator corpus, int sampleCount, IReadOnlyList<string> queries)
{
    const int measured = 2_000;
    var documents = Enumerable.Range(0, measured).Select(corpus.Generate).ToList();
    var words = documents.Select(d => d.Body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length).Order().ToArray();
    var example = documents[0];
    return new CorpusStats(sampleCount, corpus.Model.VocabularySize, measured, words[measured / 2], words[(int)(measured * 0.99)], words[^1],
        documents.Average(d => d.Title.Split(' ').Length), queries.Take(10).ToList(), queries.Count, example.Title,
        string.Join(' ', example.Body.Split(' ').Take(80)));
}
