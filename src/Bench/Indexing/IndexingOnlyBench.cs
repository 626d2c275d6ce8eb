using System.Globalization;
using System.Text;
using Lucene.Net.Store;
using Search.Bench.Corpus;
using Search.Indexer.Analysis;
using Search.Indexer.Schema;
using Search.Indexer.Writing;

namespace Search.Bench.Indexing;

/// <summary>One ours/raw pair on the same documents, measured back to back.</summary>
internal sealed record IndexingPair(int Size, int Round, IndexingResult Ours, IndexingResult Raw, long OursBytes, long RawBytes)
{
    public double Ratio => Ours.DocumentsPerSecond / Raw.DocumentsPerSecond;

    /// <summary>The same ratio by CPU time instead of wall time: what other load on the machine skews least.</summary>
    public double CpuRatio => Ours.DocumentsPerCpuSecond / Raw.DocumentsPerCpuSecond;
}

/// <summary>
/// <c>--only indexing</c>: indexing throughput alone, ours against raw Lucene.Net, repeated per size with the order
/// alternating (ours first, then raw first), so that a change in the machine's load between the two sides of one pair
/// does not always favour the same side. No service, no queries; indexes are deleted after each pair.
/// </summary>
internal sealed class IndexingOnlyBench(BenchOptions options, CorpusGenerator corpus, AnalysisResources analysis, string workRoot)
{
    /// <summary>Corpora up to this size are generated once and kept in memory for every pair; larger ones are generated per run.</summary>
    private const int InMemoryLimit = 200_000;

    public async Task<IReadOnlyList<IndexingPair>> RunAsync(int size, CancellationToken cancellationToken)
    {
        Console.WriteLine(I($"[{size:N0}] generating …"));
        IReadOnlyList<IReadOnlyList<IndexDocument>>? cached = size <= InMemoryLimit ? corpus.Batches(0, size, IndexingBench.BatchSize).ToList() : null;
        IEnumerable<IReadOnlyList<IndexDocument>> Batches() => cached ?? corpus.Batches(0, size, IndexingBench.BatchSize);

        var pairs = new List<IndexingPair>();
        for (var round = 1; round <= options.Repeat; round++)
        {
            var root = Path.Combine(workRoot, I($"{size}-{round}"));
            var oursPath = Path.Combine(root, "ours");
            var rawPath = Path.Combine(root, "raw");
            System.IO.Directory.CreateDirectory(oursPath);
            System.IO.Directory.CreateDirectory(rawPath);

            async Task<IndexingResult> Ours()
            {
                var meter = CpuMeter.Start();
                var result = await IndexingBench.OursAsync("ours", new PositionalFileDirectory(new DirectoryInfo(oursPath)), analysis, Batches(), families: false, cancellationToken);
                return result with { ForeignCores = meter.ForeignCores() };
            }

            IndexingResult Raw()
            {
                var meter = CpuMeter.Start();
                var result = IndexingBench.Raw("raw", new NIOFSDirectory(new DirectoryInfo(rawPath)), Batches(), cancellationToken);
                return result with { ForeignCores = meter.ForeignCores() };
            }

            IndexingResult ours, raw;
            if (round % 2 == 1)
            {
                ours = await Ours();
                raw = Raw();
            }
            else
            {
                raw = Raw();
                ours = await Ours();
            }

            var pair = new IndexingPair(size, round, ours, raw, IndexingBench.BytesOnDisk(oursPath), IndexingBench.BytesOnDisk(rawPath));
            pairs.Add(pair);
            Console.WriteLine(I($"[{size:N0}] round {round}: ours {ours.DocumentsPerSecond,6:N0} docs/s, {ours.DocumentsPerCpuSecond,6:N0} docs/cpu-s, {ours.AllocatedBytesPerDocument / 1024:N0} KiB alloc/doc, other load {ours.ForeignCores:0.0}; raw {raw.DocumentsPerSecond,6:N0} docs/s, {raw.DocumentsPerCpuSecond,6:N0} docs/cpu-s, {raw.AllocatedBytesPerDocument / 1024:N0} KiB alloc/doc, other load {raw.ForeignCores:0.0}; ratio {pair.Ratio:0.000} (cpu {pair.CpuRatio:0.000})"));
            if (!options.KeepIndexes)
            {
                System.IO.Directory.Delete(root, recursive: true);
            }
        }

        return pairs;
    }

    public static string ConsoleSummary(IReadOnlyList<IndexingPair> pairs)
    {
        var text = new StringBuilder();
        text.AppendLine(I($"{"size",9} | {"rounds",6} | {"ours/s",7} {"raw/s",7} | {"ratio median",12} {"min",6} {"max",6} | {"cpu ratio",9} | {"alloc/doc ours",14} {"raw",8}"));
        foreach (var size in pairs.GroupBy(p => p.Size))
        {
            var s = Summary.Of(size.ToList());
            text.AppendLine(I($"{size.Key,9:N0} | {s.Rounds,6} | {s.Ours,7:N0} {s.Raw,7:N0} | {s.Ratio,12:0.000} {s.MinRatio,6:0.000} {s.MaxRatio,6:0.000} | {s.CpuRatio,9:0.000} | {s.OursAllocated / 1024,10:N0} KiB {s.RawAllocated / 1024,4:N0} KiB"));
        }

        return text.ToString();
    }

    public static string Markdown(IReadOnlyList<IndexingPair> pairs, string command, DateTimeOffset finished)
    {
        var md = new StringBuilder();
        md.AppendLine("# Indexing throughput: ours against raw Lucene.Net (indexing-only run)");
        md.AppendLine();
        md.AppendLine(I($"Generated by `src/Bench` on {finished:yyyy-MM-dd HH:mm} UTC with `{command}`. Same documents, commit every {IndexingBench.BatchSize} on both sides; each round indexes ours and raw back to back, alternating which goes first. Medians over the rounds. *cpu ratio*: the same ratio by process CPU time (merge threads and GC included) instead of wall time, which other load on a shared machine skews less; allocation is per document by the whole process (background merges included; our index writes on its own thread)."));
        md.AppendLine();
        md.AppendLine("| documents | rounds | ours docs/s | raw docs/s | ratio median (min–max) | cpu ratio median | ours alloc/doc | raw alloc/doc | ours bytes/doc | raw bytes/doc | other load ours / raw (max, cores) |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var size in pairs.GroupBy(p => p.Size))
        {
            var list = size.ToList();
            var s = Summary.Of(list);
            md.AppendLine(I($"| {size.Key:N0} | {s.Rounds} | {s.Ours:N0} | {s.Raw:N0} | **{s.Ratio:0.00}** ({s.MinRatio:0.00}–{s.MaxRatio:0.00}) | {s.CpuRatio:0.00} | {s.OursAllocated / 1024:N0} KiB | {s.RawAllocated / 1024:N0} KiB | {Median(list.Select(p => p.OursBytes / (double)p.Size)):N0} | {Median(list.Select(p => p.RawBytes / (double)p.Size)):N0} | {list.Max(p => p.Ours.ForeignCores):0.0} / {list.Max(p => p.Raw.ForeignCores):0.0} |"));
        }

        md.AppendLine();
        md.AppendLine("| documents | round | ours docs/s | raw docs/s | ratio | ours docs/cpu-s | raw docs/cpu-s | cpu ratio | other load ours / raw (cores) |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var p in pairs)
        {
            md.AppendLine(I($"| {p.Size:N0} | {p.Round} | {p.Ours.DocumentsPerSecond:N0} | {p.Raw.DocumentsPerSecond:N0} | {p.Ratio:0.000} | {p.Ours.DocumentsPerCpuSecond:N0} | {p.Raw.DocumentsPerCpuSecond:N0} | {p.CpuRatio:0.000} | {p.Ours.ForeignCores:0.0} / {p.Raw.ForeignCores:0.0} |"));
        }

        return md.ToString();
    }

    private sealed record Summary(int Rounds, double Ours, double Raw, double Ratio, double MinRatio, double MaxRatio, double CpuRatio, double OursAllocated, double RawAllocated)
    {
        public static Summary Of(IReadOnlyList<IndexingPair> pairs) => new(
            pairs.Count,
            Median(pairs.Select(p => p.Ours.DocumentsPerSecond)),
            Median(pairs.Select(p => p.Raw.DocumentsPerSecond)),
            Median(pairs.Select(p => p.Ratio)),
            pairs.Min(p => p.Ratio),
            pairs.Max(p => p.Ratio),
            Median(pairs.Select(p => p.CpuRatio)),
            Median(pairs.Select(p => p.Ours.AllocatedBytesPerDocument)),
            Median(pairs.Select(p => p.Raw.AllocatedBytesPerDocument)));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
