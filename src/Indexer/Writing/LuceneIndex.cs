using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Microsoft.Extensions.Logging;
using Search.Indexer.Analysis;
using Search.Indexer.Schema;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Indexer.Writing;

/// <summary>
/// The sole owner of the index's <see cref="IndexWriter"/> and <see cref="SearcherManager"/>.
/// Writes are serialised; searches acquire a near-real-time searcher that is refreshed after every batch.
/// A failed write rolls the writer back to the last commit and reopens it (<c>LuceneIndex.Writes.cs</c>); a rebuild
/// writes a new generation beside the live one and swaps it in (<c>LuceneIndex.Rebuild.cs</c>). Searches hold a
/// reference on the writer/searcher handle they started on, so neither swap disturbs them.
/// </summary>
public sealed partial class LuceneIndex : IDisposable
{
    private const string CommittedAtKey = "committedAt";

    private readonly IndexStorage _storage;
    private readonly ILogger _logger;
    private readonly LuceneIndexOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly BackgroundLane _lane;
    private IndexHandle? _current;
    private Analyzer _indexAnalyzer;
    private Analyzer _queryAnalyzer;
    private IndexHealth _health;
    private long _lastCommitTicks;
    private int _disposed;

    /// <param name="directory">The index directory; owned and disposed by this instance.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="analysis">The analysis files (config/analysis); the built-in defaults when null.</param>
    /// <param name="stockAnalyzer">Use Lucene's stock DutchAnalyzer on both sides (only to compare search quality).</param>
    /// <param name="options">Verification at start-up; the defaults when null.</param>
    /// <param name="time">The clock for commit times and statuses; the system clock when null.</param>
    public LuceneIndex(
        LuceneDirectory directory,
        ILogger<LuceneIndex> logger,
        AnalysisResources? analysis = null,
        bool stockAnalyzer = false,
        LuceneIndexOptions? options = null,
        TimeProvider? time = null)
        : this(new SingleDirectoryStorage(directory), logger, analysis, stockAnalyzer, options, time)
    {
    }

    private LuceneIndex(IndexStorage storage, ILogger<LuceneIndex> logger, AnalysisResources? analysis, bool stockAnalyzer, LuceneIndexOptions? options, TimeProvider? time)
    {
        _storage = storage;
        _logger = logger;
        _options = options ?? new LuceneIndexOptions();
        _time = time ?? TimeProvider.System;
        _lane = new BackgroundLane(_options.BackgroundNice, Environment.ProcessorCount);
        analysis ??= AnalysisResources.Default;
        Analysis = analysis;
        UsesStockAnalyzer = stockAnalyzer;
        _indexAnalyzer = BuildIndexAnalyzer(analysis);
        _queryAnalyzer = stockAnalyzer ? _indexAnalyzer : CreateAnalyzer(DutchAnalyzers.CreateQueryAnalyzer(analysis));
        _health = new IndexHealth(IndexHealthStatus.Healthy, "The index is open.", _time.GetUtcNow());
        try
        {
            _current = Open();
            StartupVerification = VerifyRestInBackground();
        }
        catch
        {
            storage.Dispose();
            _lane.Dispose();
            throw;
        }
    }

    /// <summary>The lane of this index's writes and merges, for other work that can wait for searches.</summary>
    public BackgroundLane Background => _lane;

    /// <summary>True when this instance created a new, empty index.</summary>
    public bool WasCreated { get; private set; }

    /// <summary>The per-field index-time analyzer: Dutch (with decompounding) for text fields, keyword for everything else.</summary>
    public Analyzer Analyzer => Volatile.Read(ref _indexAnalyzer);

    /// <summary>The per-field query-time analyzer: Dutch (no decompounding, with synonyms) for text fields, keyword for the rest.</summary>
    public Analyzer QueryAnalyzer => Volatile.Read(ref _queryAnalyzer);

    /// <summary>The analysis files the query analyzer was built from (concepts, synonyms, …); a rebuild indexes with them.</summary>
    public AnalysisResources Analysis { get; private set; }

    public bool UsesStockAnalyzer { get; }

    /// <summary>Whether search is served and writes succeed; <c>/health/ready</c> reports it.</summary>
    public IndexHealth Health => Volatile.Read(ref _health);

    /// <summary>Raised (on the thread that noticed) whenever <see cref="Health"/> changes.</summary>
    public event EventHandler<IndexHealth>? HealthChanged;

    /// <summary>
    /// Opens (or creates) the index under <paramref name="path"/>, which holds the generation directories and the
    /// pointer to the current one. Fails fast when another process owns the index.
    /// </summary>
    public static LuceneIndex OpenFileSystem(
        string path,
        ILogger<LuceneIndex> logger,
        AnalysisResources? analysis = null,
        bool stockAnalyzer = false,
        LuceneIndexOptions? options = null,
        TimeProvider? time = null) =>
        OpenFileSystem(path, logger, analysis, stockAnalyzer, options, time, wrap: null);

    /// <summary>As the public overload; <paramref name="wrap"/> wraps every directory opened (fault injection in tests).</summary>
    internal static LuceneIndex OpenFileSystem(
        string path,
        ILogger<LuceneIndex> logger,
        AnalysisResources? analysis,
        bool stockAnalyzer,
        LuceneIndexOptions? options,
        TimeProvider? time,
        Func<LuceneDirectory, LuceneDirectory>? wrap) =>
        new(FileSystemIndexStorage.Acquire(path, logger, wrap), logger, analysis, stockAnalyzer, options, time);

    /// <summary>Swaps the query analyzer for one built from newly loaded files (synonyms and concepts take effect at once).</summary>
    public void ReloadQueryAnalysis(AnalysisResources analysis)
    {
        if (UsesStockAnalyzer)
        {
            return;
        }

        Volatile.Write(ref _queryAnalyzer, CreateAnalyzer(DutchAnalyzers.CreateQueryAnalyzer(analysis)));
        Analysis = analysis;
    }

    /// <summary>The index-time per-field analyzer on the built-in analysis defaults.</summary>
    public static Analyzer CreateAnalyzer() => CreateAnalyzer(DutchAnalyzers.CreateIndexAnalyzer(AnalysisResources.Default));

    /// <summary>A per-field analyzer: <paramref name="dutch"/> for text fields, keyword for everything else.</summary>
    public static Analyzer CreateAnalyzer(Analyzer dutch)
    {
        var fields = IndexFields.Kinds.Where(k => k.Value == FieldKind.Text).ToDictionary(k => k.Key, _ => (Analyzer)dutch);
        fields[IndexFields.Spell] = new WordsAnalyzer();
        return new PerFieldAnalyzerWrapper(new KeywordAnalyzer(), fields);
    }

    /// <summary>
    /// BM25 per field: titles are short and of similar length, so their length matters little (b = 0.3); bodies range
    /// from a short news item to a long law, so long bodies are normalised fully (b = 0.75).
    /// </summary>
    public static Similarity CreateSimilarity() => new FieldSimilarity();

    private sealed class FieldSimilarity : PerFieldSimilarityWrapper
    {
        private readonly Similarity _title = new BM25Similarity(k1: 1.2f, b: 0.3f);
        private readonly Similarity _description = new BM25Similarity(k1: 1.2f, b: 0.5f);
        private readonly Similarity _default = new BM25Similarity(k1: 1.2f, b: 0.75f);

        public override Similarity Get(string name) => name switch
        {
            IndexFields.Title => _title,
            IndexFields.Description => _description,
            _ => _default,
        };
    }

    /// <summary>Acquire a searcher; dispose the lease to release it. Throws <see cref="IndexUnavailableException"/> when the index is not served.</summary>
    public SearcherLease AcquireSearcher()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        while (true)
        {
            var handle = Volatile.Read(ref _current) ?? throw new IndexUnavailableException(Health.Description);
            if (!handle.TryAddReference())
            {
                // Replaced and closing: its successor is already current.
                continue;
            }

            try
            {
                return new SearcherLease(handle, handle.Searchers.Acquire());
            }
            catch
            {
                handle.Release();
                throw;
            }
        }
    }

    /// <summary>The ids of every document of one source.</summary>
    public IReadOnlySet<string> GetIds(string sourceId)
    {
        using var lease = AcquireSearcher();
        var searcher = lease.Searcher;
        var query = new TermQuery(new Term(IndexFields.Source, sourceId));
        var hits = searcher.Search(query, Math.Max(1, searcher.IndexReader.MaxDoc));
        var fields = new HashSet<string> { IndexFields.Id };
        return hits.ScoreDocs.Select(h => searcher.Doc(h.Doc, fields).Get(IndexFields.Id)).ToHashSet(StringComparer.Ordinal);
    }

    public IndexDocument? Get(string id)
    {
        using var lease = AcquireSearcher();
        var hits = lease.Searcher.Search(new TermQuery(new Term(IndexFields.Id, id)), 1);
        return hits.TotalHits == 0 ? null : DocumentMapper.FromLucene(lease.Searcher.Doc(hits.ScoreDocs[0].Doc));
    }

    public int Count(Query query)
    {
        using var lease = AcquireSearcher();
        var collector = new TotalHitCountCollector();
        lease.Searcher.Search(query, collector);
        return collector.TotalHits;
    }

    /// <summary>Figures of the current generation; <see cref="IndexStats.Unavailable"/> when the index is not served.</summary>
    public IndexStats GetStats()
    {
        if (Volatile.Read(ref _disposed) != 0 || Volatile.Read(ref _current) is null)
        {
            return IndexStats.Unavailable;
        }

        try
        {
            using var lease = AcquireSearcher();
            var reader = lease.Searcher.IndexReader;
            var generation = lease.Handle.Generation;
            return new IndexStats(generation.Name, reader.NumDocs, reader.NumDeletedDocs, reader.Leaves.Count, generation.SizeInBytes(), LastCommit);
        }
        catch (Exception ex) when (ex is IndexUnavailableException or ObjectDisposedException)
        {
            return IndexStats.Unavailable;
        }
    }

    /// <summary>Runs a few searches so that the first user does not pay for JIT and cold caches.</summary>
    public void WarmUp()
    {
        if (Volatile.Read(ref _current) is null)
        {
            return;
        }

        using var lease = AcquireSearcher();
        WarmUp(lease.Searcher);
    }

    private static void WarmUp(IndexSearcher searcher)
    {
        foreach (var word in new[] { "inbraak", "convenant", "hennep" })
        {
            searcher.Search(new TermQuery(new Term(IndexFields.Body, word)), 10);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // A running rebuild stops and removes its half-built generation before the writer closes.
        _stopping.Cancel();
        WaitForRebuild();
        WaitForVerification();
        _writeLock.Wait();
        try
        {
            if (_replayPending && !_writerBroken)
            {
                // Writes kept from before a fault are committed on shutdown like any other uncommitted write.
                TryReplayJournal();
            }

            if (Interlocked.Exchange(ref _current, null) is { } handle)
            {
                CloseWriter(handle, commit: !_writerBroken);
                if (!_writerBroken)
                {
                    RecordVerified(handle.Generation);
                }

                handle.Release();
            }

            _storage.Dispose();
        }
        finally
        {
            _writeLock.Release();
            _stopping.Dispose();
            _lane.Dispose();
        }
    }

    private sealed class SimilaritySearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = CreateSimilarity() };
    }
}
