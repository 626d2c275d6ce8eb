using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Writing;
using Search.SearchApi.Search;

namespace Search.SearchApi.Tests.Search;

/// <summary>
/// The flattened disjunctions find the same documents with the same scores, to the last bit, as the boolean queries they
/// replace: our queries with compound-part alternatives, on an index of several segments with deletions.
/// </summary>
public sealed class SumDisjunctionQueryTests : IAsyncLifetime
{
    private static readonly string[] Words =
    [
        "aanpak", "woonoverlast", "woon", "overlast", "gemeente", "hennepteelt", "hennep", "teelt", "sluiting", "drugspand",
        "drugs", "pand", "beleidsregel", "beleid", "regel", "politie", "woning", "jongerenoverlast", "jongeren", "buurt",
    ];

    public static TheoryData<string> Queries() =>
    [
        "hennepteelt",
        "aanpak woonoverlast",
        "beleidsregel sluiting drugspand",
        "jongerenoverlast buurt politie",
        "\"hennep teelt\" gemeente",
        "buurt -politie woonoverlast",
        "title:beleidsregel drugspand",
        "drugs* woning",
        "(woning OR pand) AND (drugspand OR hennepteelt)",
    ];

    private readonly LuceneIndex _index = new(new RAMDirectory(), NullLogger<LuceneIndex>.Instance);

    public Task InitializeAsync() =>
        RandomWordIndex.FillAsync(_index, Words, seed: 23, perSegment: 150, replacedSegment: 2, replaced: 50, new DateOnly(2025, 1, 1));

    public Task DisposeAsync()
    {
        _index.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Should_find_the_same_documents_with_the_same_scores_as_the_boolean_query(string text)
    {
        using var lease = _index.AcquireSearcher();
        var searcher = lease.Searcher;
        foreach (var requireAllWords in new[] { true, false })
        {
            var parsed = QueryFactory.ParseLenient(text, _index.QueryAnalyzer, requireAllWords, out _, _index.Analysis.Compounds);
            var flat = SumDisjunctionQuery.Flatten(parsed, searcher.Similarity);

            var expected = searcher.Search(parsed, AccessFilter.PublicOnly, 2000);
            var actual = searcher.Search(flat, AccessFilter.PublicOnly, 2000);

            Assert.True(searcher.IndexReader.Leaves.Count > 2);
            Assert.True(expected.TotalHits > 0, text);
            Assert.Equal(expected.TotalHits, actual.TotalHits);
            Assert.Equal(
                expected.ScoreDocs.Select(d => (d.Doc, BitConverter.SingleToInt32Bits(d.Score))),
                actual.ScoreDocs.Select(d => (d.Doc, BitConverter.SingleToInt32Bits(d.Score))));
        }
    }

    [Fact]
    public void Should_flatten_nested_disjunctions_only()
    {
        using var lease = _index.AcquireSearcher();
        var parsed = QueryFactory.ParseLenient("beleidsregel drugspand", _index.QueryAnalyzer, true, out _, _index.Analysis.Compounds);
        var single = QueryFactory.ParseLenient("hennepteelt", _index.QueryAnalyzer, true, out _, _index.Analysis.Compounds);

        var flat = Assert.IsType<BooleanQuery>(SumDisjunctionQuery.Flatten(parsed, lease.Searcher.Similarity));
        var top = Assert.IsType<BooleanQuery>(SumDisjunctionQuery.Flatten(single, lease.Searcher.Similarity));

        Assert.All(flat.Clauses, c => Assert.IsType<SumDisjunctionQuery>(c.Query));
        Assert.Contains(top.Clauses, c => c.Query is SumDisjunctionQuery); // the field's word-or-parts alternative
        Assert.Same(parsed, SumDisjunctionQuery.Flatten(parsed, new Lucene.Net.Search.Similarities.DefaultSimilarity()));
    }
}
