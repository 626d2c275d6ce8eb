using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Search.Indexer.Analysis;

namespace Search.Indexer.Tests.Analysis;

/// <summary>Documents analyzed by the index analyzer, found by queries parsed with the query analyzer.</summary>
public sealed class DutchSearchTests : IDisposable
{
    private static readonly string[] Documents =
    [
        "Convenant woninginbraakpreventie in de regio",
        "Het OM vervolgt de verdachte",
        "Brief van het Openbaar Ministerie over de zaak",
        "Sluiting van een hennepkwekerij",
        "Om te voorkomen dat jongeren overlast geven",
        "Aanpak van jeugdoverlast in het centrum",
    ];

    private readonly RAMDirectory _directory = new();
    private readonly IndexSearcher _searcher;

    public DutchSearchTests()
    {
        using (var writer = new IndexWriter(_directory, new IndexWriterConfig(DutchTextAnalyzer.Version, AnalysisFixture.IndexAnalyzer)))
        {
            foreach (var text in Documents)
            {
                writer.AddDocument([new TextField("body", text, Field.Store.YES)]);
            }
        }

        _searcher = new IndexSearcher(DirectoryReader.Open(_directory));
    }

    [Theory]
    [InlineData("inbraak", 0)]
    [InlineData("woninginbraak", 0)]
    [InlineData("OM", 1, 2)]
    [InlineData("\"openbaar ministerie\"", 1, 2)]
    [InlineData("wiet", 3)]
    [InlineData("overlast", 4, 5)]
    [InlineData("jeugdoverlast", 5)]
    [InlineData("om")]
    public void Should_find_the_documents_that_match_in_dutch(string query, params int[] expected)
    {
        var parser = new QueryParser(DutchTextAnalyzer.Version, "body", AnalysisFixture.QueryAnalyzer) { DefaultOperator = Operator.AND };
        var hits = _searcher.Search(parser.Parse(query), 10).ScoreDocs.Select(h => Array.IndexOf(Documents, _searcher.Doc(h.Doc).Get("body")));

        Assert.Equal(expected.Order(), hits.Order());
    }

    public void Dispose()
    {
        _searcher.IndexReader.Dispose();
        _directory.Dispose();
    }
}
