using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Schema;
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

    public async Task InitializeAsync()
    {
        var random = new Random(23);
        for (var batch = 0; batch < 5; batch++)
        {
            await _index.UpsertAsync(Enumerable.Range(0, 150).Select(i => Doc(random, $"d{batch}-{i}")).ToList(), CancellationToken.None);
            await _index.CommitAsync(CancellationToken.None);
        }

        await _index.UpsertAsync(Enumerable.Range(0, 50).Select(i => Doc(random, $"d2-{i * 3}")).ToList(), CancellationToken.None);
        await _index.CommitAsync(CancellationToken.None);
    }

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

    private static IndexDocument Doc(Random random, string id)
    {
        string Text(int length) => string.Join(' ', Enumerable.Range(0, length).Select(_ => Words[random.Next(Words.Length)]));
        return new IndexDocument
        {
            Id = id,
            SourceId = random.Next(3) == 0 ? "ccv" : "oost",
            SourceName = "Bron",
            Url = $"https://x.example/{id}",
            Title = Text(random.Next(3, 8)),
            Description = random.Next(2) == 0 ? Text(random.Next(5, 15)) : null,
            Body = Text(random.Next(20, 200)),
            Type = "nieuws",
            Format = "html",
            Published = new DateOnly(2025, 1, 1).AddDays(-random.Next(4000)),
        };
    }
}
