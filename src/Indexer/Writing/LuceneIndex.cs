using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging;
using Search.Indexer.Analysis;
using Search.Indexer.Schema;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Indexer.Writing;

/// <summary>
/// The sole owner of the index's <see cref="IndexWriter"/> and <see cref="SearcherManager"/>.
/// Writes are serialised; searches acquire a near-real-time searcher that is refreshed after every batch.
/// </summary>
public sealed partial class LuceneIndex : IDisposable
{
    private readonly LuceneDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ILogger _logger;
    private Analyzer _queryAnalyzer;
    private bool _disposed;

    /// <param name="directory">The index directory; owned and disposed by this instance.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="analysis">The analysis files (config/analysis); the built-in defaults when null.</param>
    /// <param name="stockAnalyzer">Use Lucene's stock DutchAnalyzer on both sides (only to compare search quality).</param>
    public LuceneIndex(LuceneDirectory directory, ILogger<LuceneIndex> logger, AnalysisResources? analysis = null, bool stockAnalyzer = false)
    {
        _directory = directory;
        _logger = logger;
        analysis ??= AnalysisResources.Default;
        Analysis = analysis;
        UsesStockAnalyzer = stockAnalyzer;
        Analyzer = stockAnalyzer
            ? CreateAnalyzer(new Lucene.Net.Analysis.Nl.DutchAnalyzer(DutchTextAnalyzer.Version))
            : CreateAnalyzer(DutchAnalyzers.CreateIndexAnalyzer(analysis));
        _queryAnalyzer = stockAnalyzer ? Analyzer : CreateAnalyzer(DutchAnalyzers.CreateQueryAnalyzer(analysis));
        var config = new IndexWriterConfig(DutchTextAnalyzer.Version, Analyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = CreateSimilarity(),
        };
        WasCreated = !DirectoryReader.IndexExists(directory);
        try
        {
            _writer = new IndexWriter(directory, config);
        }
        catch (LockObtainFailedException ex)
        {
            throw new InvalidOperationException(
                $"The index at '{directory}' is locked by another writer (another instance of the service?). Stop it, or point Search:DataDirectory elsewhere.", ex);
        }

        if (WasCreated)
        {
            // An empty first commit, so that a crash during the first real commit still leaves a usable index.
            _writer.Commit();
        }

        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new SimilaritySearcherFactory());
        LogOpened(_logger, directory.ToString()!, WasCreated);
    }

    /// <summary>True when this instance created a new, empty index.</summary>
    public bool WasCreated { get; }

    /// <summary>The per-field index-time analyzer: Dutch (with decompounding) for text fields, keyword for everything else.</summary>
    public Analyzer Analyzer { get; }

    /// <summary>The per-field query-time analyzer: Dutch (no decompounding, with synonyms) for text fields, keyword for the rest.</summary>
    public Analyzer QueryAnalyzer => Volatile.Read(ref _queryAnalyzer);

    /// <summary>The analysis files the query analyzer was built from (concepts, synonyms, …).</summary>
    public AnalysisResources Analysis { get; private set; }

    public bool UsesStockAnalyzer { get; }

    public static LuceneIndex OpenFileSystem(string path, ILogger<LuceneIndex> logger, AnalysisResources? analysis = null, bool stockAnalyzer = false)
    {
        System.IO.Directory.CreateDirectory(path);
        return new LuceneIndex(new NIOFSDirectory(new DirectoryInfo(path)), logger, analysis, stockAnalyzer);
    }

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

    /// <summary>Acquire a searcher; dispose the lease to release it.</summary>
    public SearcherLease AcquireSearcher()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new SearcherLease(_searchers);
    }

    public Task UpsertAsync(IReadOnlyCollection<IndexDocument> documents, CancellationToken cancellationToken) =>
        UpsertAsync(documents, static (_, batch) => batch, cancellationToken);

    /// <summary>
    /// Upserts the documents as <paramref name="prepare"/> returns them. It runs under the write lock on a searcher that
    /// sees every earlier write, so it can relate the batch to the index (version families) without missing a concurrent batch.
    /// </summary>
    public async Task UpsertAsync(
        IReadOnlyCollection<IndexDocument> documents,
        Func<IndexSearcher, IReadOnlyCollection<IndexDocument>, IReadOnlyCollection<IndexDocument>> prepare,
        CancellationToken cancellationToken)
    {
        await WriteAsync(() =>
        {
            var searcher = _searchers.Acquire();
            IReadOnlyCollection<IndexDocument> prepared;
            try
            {
                prepared = prepare(searcher, documents);
            }
            finally
            {
                _searchers.Release(searcher);
            }

            foreach (var document in prepared)
            {
                _writer.UpdateDocument(new Term(IndexFields.Id, document.Id), DocumentMapper.ToLucene(document));
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await WriteAsync(() => _writer.DeleteDocuments(ids.Select(id => new Term(IndexFields.Id, id)).ToArray()), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Gives every document of a source exactly these access labels, rewriting it from its stored fields (content
    /// unchanged), and commits. Used when a source's visibility changes: unchanged documents are not re-fetched, so
    /// their labels must not wait for new content. Returns how many documents were rewritten.
    /// </summary>
    public async Task<int> RelabelSourceAsync(string sourceId, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        var expected = labels.Order(StringComparer.Ordinal).ToArray();
        List<IndexDocument> stale;
        using (var lease = AcquireSearcher())
        {
            var searcher = lease.Searcher;
            var hits = searcher.Search(new TermQuery(new Term(IndexFields.Source, sourceId)), Math.Max(1, searcher.IndexReader.MaxDoc));
            stale = hits.ScoreDocs.Select(h => DocumentMapper.FromLucene(searcher.Doc(h.Doc)))
                .Where(d => !d.Access.Order(StringComparer.Ordinal).SequenceEqual(expected))
                .Select(d => d with { Access = expected })
                .ToList();
        }

        if (stale.Count > 0)
        {
            await WriteAsync(() =>
            {
                foreach (var document in stale)
                {
                    _writer.UpdateDocument(new Term(IndexFields.Id, document.Id), DocumentMapper.ToLucene(document));
                }

                _writer.Commit();
            }, cancellationToken).ConfigureAwait(false);
        }

        return stale.Count;
    }

    /// <summary>Removes every document of a source and commits.</summary>
    public async Task DeleteSourceAsync(string sourceId, CancellationToken cancellationToken)
    {
        await WriteAsync(() =>
        {
            _writer.DeleteDocuments(new Term(IndexFields.Source, sourceId));
            _writer.Commit();
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Commits everything written so far and makes it searchable.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await WriteAsync(() => _writer.Commit(), cancellationToken).ConfigureAwait(false);
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

    /// <summary>Runs a few searches so that the first user does not pay for JIT and cold caches.</summary>
    public void WarmUp()
    {
        using var lease = AcquireSearcher();
        foreach (var word in new[] { "inbraak", "convenant", "hennep" })
        {
            lease.Searcher.Search(new TermQuery(new Term(IndexFields.Body, word)), 10);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _writeLock.Wait();
        try
        {
            _searchers.Dispose();
            _writer.Dispose();
            _directory.Dispose();
        }
        finally
        {
            _writeLock.Release();
            _writeLock.Dispose();
        }
    }

    private async Task WriteAsync(Action write, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            write();
            _searchers.MaybeRefreshBlocking();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Index opened at {Directory} (created: {Created})")]
    private static partial void LogOpened(ILogger logger, string directory, bool created);

    private sealed class SimilaritySearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = CreateSimilarity() };
    }
}

/// <summary>A searcher acquired from the <see cref="SearcherManager"/>; released on dispose.</summary>
public sealed class SearcherLease : IDisposable
{
    private readonly SearcherManager _manager;

    internal SearcherLease(SearcherManager manager)
    {
        _manager = manager;
        Searcher = manager.Acquire();
    }

    public IndexSearcher Searcher { get; }

    public void Dispose() => _manager.Release(Searcher);
}
