using System.Diagnostics;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Analysis;
using Search.Indexer.Families;
using Search.Indexer.Schema;
using Search.Indexer.Writing;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Bench.Indexing;

internal sealed record IndexingResult(string Name, int Documents, TimeSpan Elapsed)
{
    public double DocumentsPerSecond => Documents / Elapsed.TotalSeconds;

    /// <summary>Cores used by other processes meanwhile (see <see cref="CpuMeter"/>).</summary>
    public double ForeignCores { get; init; } = double.NaN;

    /// <summary>
    /// Bytes allocated per document by the whole process while indexing (mapping, analysis, inversion, flushes and
    /// background merges, on whichever thread: our index writes on its own background thread).
    /// </summary>
    public double AllocatedBytesPerDocument { get; init; } = double.NaN;

    /// <summary>CPU time of the whole process (merge threads and GC included) while indexing.</summary>
    public TimeSpan CpuTime { get; init; }

    /// <summary>Documents per CPU second: less sensitive than <see cref="DocumentsPerSecond"/> to other load on a shared machine.</summary>
    public double DocumentsPerCpuSecond => Documents / CpuTime.TotalSeconds;
}

/// <summary>
/// Indexes the same generated documents, batch by batch, (a) through our pipeline and (b) with raw Lucene.Net. Only
/// the writes are timed (document mapping, analysis, <c>UpdateDocument</c>, the commit after every batch and closing
/// the writer, which waits for merges); producing the documents is not.
/// </summary>
internal static class IndexingBench
{
    /// <summary>The harvest's default <c>Search:CommitBatchSize</c>: both sides commit after this many documents.</summary>
    public const int BatchSize = 200;

    public const string RawId = "id";
    public const string RawTitle = "title";
    public const string RawBody = "body";

    /// <summary>
    /// Our pipeline: <see cref="LuceneIndex.UpsertAsync(IReadOnlyCollection{IndexDocument}, CancellationToken)"/> (which
    /// maps with <see cref="DocumentMapper.ToLucene"/> and refreshes the near-real-time searcher) and
    /// <see cref="LuceneIndex.CommitAsync"/>, with the Dutch analysis chain (decompounding included). With
    /// <paramref name="families"/> each batch also goes through <see cref="FamilyAssigner.Assign"/>, as a harvest does.
    /// </summary>
    public static async Task<IndexingResult> OursAsync(
        string name, LuceneDirectory directory, AnalysisResources analysis, IEnumerable<IReadOnlyList<IndexDocument>> batches, bool families, CancellationToken cancellationToken)
    {
        Settle();
        var timer = new Stopwatch();
        var count = 0;
        var allocation = AllocationMeter.Start();
        var cpu = Environment.CpuUsage.TotalTime;
        var index = new LuceneIndex(directory, NullLogger<LuceneIndex>.Instance, analysis);
        try
        {
            foreach (var batch in batches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                timer.Start();
                if (families)
                {
                    await index.UpsertAsync(batch, FamilyAssigner.Assign, cancellationToken);
                }
                else
                {
                    await index.UpsertAsync(batch, cancellationToken);
                }

                await index.CommitAsync(cancellationToken);
                timer.Stop();
                count += batch.Count;
            }
        }
        finally
        {
            timer.Start();
            index.Dispose();
            timer.Stop();
        }

        return new IndexingResult(name, count, timer.Elapsed) { AllocatedBytesPerDocument = allocation.PerDocument(count), CpuTime = Environment.CpuUsage.TotalTime - cpu };
    }

    /// <summary>Raw Lucene.Net: StandardAnalyzer, an id key and the title and body as stored <see cref="TextField"/>s, upserted by id.</summary>
    public static IndexingResult Raw(string name, LuceneDirectory directory, IEnumerable<IReadOnlyList<IndexDocument>> batches, CancellationToken cancellationToken)
    {
        Settle();
        var timer = new Stopwatch();
        var count = 0;
        var allocation = AllocationMeter.Start();
        var cpu = Environment.CpuUsage.TotalTime;
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new StandardAnalyzer(LuceneVersion.LUCENE_48)) { OpenMode = OpenMode.CREATE };
        var writer = new IndexWriter(directory, config);
        try
        {
            foreach (var batch in batches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                timer.Start();
                foreach (var d in batch)
                {
                    writer.UpdateDocument(new Term(RawId, d.Id), new Document
                    {
                        new StringField(RawId, d.Id, Field.Store.YES),
                        new TextField(RawTitle, d.Title, Field.Store.YES),
                        new TextField(RawBody, d.Body, Field.Store.YES),
                    });
                }

                writer.Commit();
                timer.Stop();
                count += batch.Count;
            }
        }
        finally
        {
            timer.Start();
            writer.Dispose();
            timer.Stop();
            directory.Dispose();
        }

        return new IndexingResult(name, count, timer.Elapsed) { AllocatedBytesPerDocument = allocation.PerDocument(count), CpuTime = Environment.CpuUsage.TotalTime - cpu };
    }

    /// <summary>
    /// Documents each warm-up pass indexes. With 1,000 the JIT had not finished tiering up: the first measured run of
    /// ours used a quarter more CPU per document than the later rounds of the same process (1,121 against 1,452–1,506
    /// docs per CPU second at 10,000 documents), and in the full run ours is always the first measured.
    /// </summary>
    public const int WarmUpDocuments = 5_000;

    /// <summary>
    /// Runs both paths on a RAM directory (ours through the harvest path too) and on the file system as measured, so
    /// that JIT tiering counts against neither the first size nor the side that happens to run first: the file-system
    /// code (writing, checksums, reopening readers) is only reached through an <see cref="NIOFSDirectory"/>.
    /// </summary>
    public static async Task WarmUpAsync(
        AnalysisResources analysis, IReadOnlyList<IReadOnlyList<IndexDocument>> batches, string workRoot, CancellationToken cancellationToken)
    {
        await OursAsync("warm-up", new RAMDirectory(), analysis, batches, families: true, cancellationToken);
        Raw("warm-up", new RAMDirectory(), batches, cancellationToken);
        var folder = Path.Combine(workRoot, "warm-up");
        try
        {
            await OursAsync("warm-up", new PositionalFileDirectory(new DirectoryInfo(Path.Combine(folder, "ours"))), analysis, batches, families: false, cancellationToken);
            Raw("warm-up", new NIOFSDirectory(new DirectoryInfo(Path.Combine(folder, "raw"))), batches, cancellationToken);
        }
        finally
        {
            if (System.IO.Directory.Exists(folder))
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>
    /// A full, compacting collection before each measured run, so that neither side pays for promoting garbage or
    /// freshly generated documents left by what ran before it (the corpus is generated just before the first run).
    /// </summary>
    private static void Settle()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    /// <summary>Bytes allocated by the process since <see cref="Start"/> (all threads).</summary>
    private readonly record struct AllocationMeter(long Bytes)
    {
        public static AllocationMeter Start() => new(GC.GetTotalAllocatedBytes(precise: true));

        public double PerDocument(int documents) =>
            documents == 0 ? double.NaN : (GC.GetTotalAllocatedBytes(precise: true) - Bytes) / (double)documents;
    }

    public static long BytesOnDisk(string path) =>
        System.IO.Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
}
