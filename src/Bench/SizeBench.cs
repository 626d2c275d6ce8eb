using System.Net;
using Lucene.Net.Store;
using Search.Bench.Corpus;
using Search.Bench.Indexing;
using Search.Bench.Querying;
using Search.Indexer.Analysis;
using Search.Indexer.Schema;
using Search.Indexer.Writing;

namespace Search.Bench;

/// <summary>Everything measured at one corpus size.</summary>
internal sealed record SizeResult(
    int Size,
    IndexingResult OursIndexing,
    IndexingResult RawIndexing,
    IndexingResult? HarvestPathIndexing,
    long OursBytes,
    long RawBytes,
    IReadOnlyList<LatencySummary> Raw,
    IReadOnlyList<LatencySummary> Service,
    TimeSpan StartToFirstAnswer,
    long ServicePeakRssBytes,
    FreshnessResult FreshnessSingle,
    FreshnessResult FreshnessBatch,
    IReadOnlyList<int> HitCounts);

/// <summary>Builds both indexes of one size, then measures raw Lucene.Net and the service over them, one after the other.</summary>
internal sealed class SizeBench(BenchOptions options, CorpusGenerator corpus, IReadOnlyList<string> queries, AnalysisResources analysis, string repositoryRoot, string workRoot)
{
    /// <summary>Corpora up to this size are generated once and kept in memory for both indexers; larger ones are generated twice.</summary>
    private const int InMemoryLimit = 200_000;

    public async Task<SizeResult> RunAsync(int size, CancellationToken cancellationToken)
    {
        var root = Path.Combine(workRoot, size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var data = Path.Combine(root, "ours");
        var oursIndex = Path.Combine(data, "index");
        var rawIndex = Path.Combine(root, "raw");
        var sources = Path.Combine(root, "no-sources");
        System.IO.Directory.CreateDirectory(oursIndex);
        System.IO.Directory.CreateDirectory(rawIndex);
        System.IO.Directory.CreateDirectory(sources);

        Console.WriteLine($"[{size:N0}] generating and indexing …");
        IReadOnlyList<IReadOnlyList<IndexDocument>>? cached = size <= InMemoryLimit ? corpus.Batches(0, size, IndexingBench.BatchSize).ToList() : null;
        IEnumerable<IReadOnlyList<IndexDocument>> Batches(int count) => cached is null
            ? corpus.Batches(0, count, IndexingBench.BatchSize)
            : cached.Take((count + IndexingBench.BatchSize - 1) / IndexingBench.BatchSize);

        var meter = CpuMeter.Start();
        var ours = await IndexingBench.OursAsync("ours", new PositionalFileDirectory(new DirectoryInfo(oursIndex)), analysis, Batches(size), families: false, cancellationToken);
        ours = ours with { ForeignCores = meter.ForeignCores() };
        Console.WriteLine($"[{size:N0}] ours: {ours.DocumentsPerSecond:N0} docs/s ({ours.Elapsed.TotalSeconds:N1} s, other load {ours.ForeignCores:0.0} cores)");
        meter = CpuMeter.Start();
        var raw = IndexingBench.Raw("raw", new NIOFSDirectory(new DirectoryInfo(rawIndex)), Batches(size), cancellationToken);
        raw = raw with { ForeignCores = meter.ForeignCores() };
        Console.WriteLine($"[{size:N0}] raw:  {raw.DocumentsPerSecond:N0} docs/s ({raw.Elapsed.TotalSeconds:N1} s, other load {raw.ForeignCores:0.0} cores)");
        IndexingResult? harvestPath = null;
        if (options.FamilySample > 0)
        {
            var sample = Math.Min(size, options.FamilySample);
            var familiesIndex = Path.Combine(root, "families");
            harvestPath = await IndexingBench.OursAsync("ours + families", new PositionalFileDirectory(new DirectoryInfo(familiesIndex)), analysis, Batches(sample), families: true, cancellationToken);
            Console.WriteLine($"[{size:N0}] ours + version families ({sample:N0} docs): {harvestPath.DocumentsPerSecond:N0} docs/s");
            System.IO.Directory.Delete(familiesIndex, recursive: true);
        }

        cached = null;
        var oursBytes = IndexingBench.BytesOnDisk(oursIndex);
        var rawBytes = IndexingBench.BytesOnDisk(rawIndex);

        var (rawLatency, hitCounts) = MeasureRaw(size, rawIndex);
        var (service, startToAnswer, peakRss) = await MeasureServiceAsync(size, root, data, sources, cancellationToken);

        Console.WriteLine($"[{size:N0}] freshness …");
        var single = await FreshnessBench.RunAsync(oursIndex, analysis, corpus, size + 1_000_000, options.FreshnessRepeats, 1, cancellationToken);
        var batch = await FreshnessBench.RunAsync(oursIndex, analysis, corpus, size + 2_000_000, options.FreshnessRepeats, IndexingBench.BatchSize, cancellationToken);
        Console.WriteLine($"[{size:N0}] freshness p50 {single.P50:N1} ms (1 doc), {batch.P50:N1} ms ({IndexingBench.BatchSize} docs)");
        return new SizeResult(size, ours, raw, harvestPath, oursBytes, rawBytes, rawLatency, service, startToAnswer, peakRss, single, batch, hitCounts);
    }

    private (List<LatencySummary> Results, IReadOnlyList<int> HitCounts) MeasureRaw(int size, string rawIndex)
    {
        using var raw = new RawSearcher(rawIndex);
        var hits = raw.HitCounts(queries);
        LoadDriver.RunThreads(2, options.WarmUp, queries, raw.CreateClient);
        var results = new List<LatencySummary>();
        foreach (var clients in options.Clients)
        {
            var meter = CpuMeter.Start();
            var summary = LoadDriver.RunThreads(clients, options.Duration, queries, raw.CreateClient);
            summary = summary with { ForeignCores = meter.ForeignCores() };
            Print(size, "raw", summary);
            results.Add(summary);
        }

        return (results, hits);
    }

    private async Task<(List<LatencySummary> Results, TimeSpan StartToAnswer, long PeakRss)> MeasureServiceAsync(
        int size, string root, string data, string sources, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 512,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        await using var service = ServiceProcess.Start(new ServiceSettings(repositoryRoot, data, sources, Path.Combine(root, "service.log")));
        var startToAnswer = await service.WaitForFirstAnswerAsync(http, queries[0], TimeSpan.FromMinutes(5), cancellationToken);
        Console.WriteLine($"[{size:N0}] service pid {service.ProcessId}: first search answered {startToAnswer.TotalMilliseconds:N0} ms after start");

        async Task<bool> Send(string query, CancellationToken token)
        {
            using var response = await http.GetAsync(service.SearchUri(query), HttpCompletionOption.ResponseContentRead, token);
            return response.StatusCode == HttpStatusCode.OK;
        }

        await LoadDriver.RunAsync(2, options.WarmUp, queries, Send, cancellationToken);
        var results = new List<LatencySummary>();
        foreach (var clients in options.Clients)
        {
            var meter = CpuMeter.Start(service.ProcessId);
            var summary = await LoadDriver.RunAsync(clients, options.Duration, queries, Send, cancellationToken);
            summary = summary with { ForeignCores = meter.ForeignCores() };
            Print(size, "service", summary);
            results.Add(summary);
        }

        return (results, startToAnswer, service.PeakResidentBytes());
    }

    private static void Print(int size, string side, LatencySummary s) =>
        Console.WriteLine($"[{size:N0}] {side,-7} {s.Clients} clients: {s.Throughput,8:N0} q/s  p50 {s.P50,6:N2}  p95 {s.P95,6:N2}  p99 {s.P99,6:N2} ms  errors {s.Errors}  other load {s.ForeignCores:0.0} cores");
}
