using Lucene.Net.Analysis.Standard;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Search.Bench.Indexing;

namespace Search.Bench.Querying;

/// <summary>
/// Raw Lucene.Net in-process over the raw index: the classic QueryParser on title and body with StandardAnalyzer, all
/// words required (as our service first tries), top 10, and each hit's stored fields loaded (a result list needs them).
/// </summary>
internal sealed class RawSearcher : IDisposable
{
    private readonly NIOFSDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly StandardAnalyzer _analyzer = new(LuceneVersion.LUCENE_48);

    public RawSearcher(string path)
    {
        _directory = new NIOFSDirectory(new DirectoryInfo(path));
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader);
    }

    /// <summary>One client: QueryParser is not thread-safe, so each gets its own.</summary>
    public Func<string, bool> CreateClient()
    {
        var parser = new MultiFieldQueryParser(LuceneVersion.LUCENE_48, [IndexingBench.RawTitle, IndexingBench.RawBody], _analyzer)
        {
            DefaultOperator = Operator.AND,
        };
        return text =>
        {
            var top = _searcher.Search(parser.Parse(QueryParserBase.Escape(text)), 10);
            foreach (var hit in top.ScoreDocs)
            {
                _searcher.Doc(hit.Doc);
            }

            return true;
        };
    }

    /// <summary>How many documents each query matches (all words required): how broad the query set is on this corpus.</summary>
    public IReadOnlyList<int> HitCounts(IReadOnlyList<string> queries)
    {
        var parser = new MultiFieldQueryParser(LuceneVersion.LUCENE_48, [IndexingBench.RawTitle, IndexingBench.RawBody], _analyzer)
        {
            DefaultOperator = Operator.AND,
        };
        return queries.Select(q => _searcher.Search(parser.Parse(QueryParserBase.Escape(q)), 1).TotalHits).ToList();
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _analyzer.Dispose();
    }
}
