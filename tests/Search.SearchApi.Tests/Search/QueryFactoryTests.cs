using Lucene.Net.Index;
using Lucene.Net.Search;
using Search.Indexer.Analysis;
using Search.SearchApi.Search;

namespace Search.SearchApi.Tests.Search;

public sealed class QueryFactoryTests
{
    private static readonly Lucene.Net.Analysis.Analyzer Analyzer = DutchAnalyzers.CreateQueryAnalyzer(AnalysisResources.Default);

    [Theory]
    [InlineData(0, true)]
    [InlineData(QueryFactory.CommonWordDocuments - 1, true)]
    [InlineData(QueryFactory.CommonWordDocuments, false)]
    [InlineData(50_000, false)]
    public void Should_search_a_compound_as_its_parts_too_only_while_few_documents_hold_it(int documents, bool parts)
    {
        var asked = new List<Term>();
        var query = QueryFactory.Parse("fietsdiefstal politie", Analyzer, requireAllWords: true, AnalysisResources.Default.Compounds, term =>
        {
            asked.Add(term);
            return term.Text == "fietsdiefstal" ? documents : 0;
        });

        var terms = new HashSet<Term>();
        query.ExtractTerms(terms);
        Assert.Equal(parts, terms.Any(t => t.Text == "fiets"));
        Assert.Equal(parts, terms.Any(t => t.Text == "diefstal"));
        Assert.Contains(terms, t => t is { Field: "body", Text: "fietsdiefstal" });
        Assert.Contains(terms, t => t is { Field: "title", Text: "politie" });

        // The word's body terms are counted, once for the word (not per field); "politie" is no compound.
        Assert.Equal([new Term("body", "fietsdiefstal")], asked);
    }

    [Fact]
    public void Should_search_every_compound_as_its_parts_too_without_document_counts()
    {
        var query = QueryFactory.Parse("fietsdiefstal", Analyzer, requireAllWords: true, AnalysisResources.Default.Compounds);

        var terms = new HashSet<Term>();
        query.ExtractTerms(terms);
        Assert.Contains(terms, t => t.Text == "fiets");
        Assert.IsType<BooleanQuery>(query);
    }
}
