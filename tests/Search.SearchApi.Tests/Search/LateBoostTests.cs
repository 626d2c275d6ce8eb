using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Schema;
using Search.Indexer.Writing;
using Search.SearchApi.Search;

namespace Search.SearchApi.Tests.Search;

/// <summary>The proximity boost scored late gives the page that the boost in the query gives: same hits, same scores.</summary>
public sealed class LateBoostTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    private static readonly string[] Words = RandomWordIndex.Words;

    [Theory]
    [InlineData("aanpak woonoverlast", 10)]
    [InlineData("hennep teelt sluiting", 10)]
    [InlineData("politie woning", 30)]
    [InlineData("drugs pand burgemeester", 5)]
    [InlineData("signalen jongeren buurt", 50)]
    public async Task Should_give_the_same_page_as_the_boost_in_the_query(string text, int numHits)
    {
        var random = new Random(text.Length);
        using var index = new LuceneIndex(new RAMDirectory(), NullLogger<LuceneIndex>.Instance);
        for (var batch = 0; batch < 4; batch++)
        {
            await index.UpsertAsync(Enumerable.Range(0, 150).Select(i => Doc(random, $"d{batch}-{i}", batch)).ToList(), CancellationToken.None);
            await index.CommitAsync(CancellationToken.None);
        }

        using var lease = index.AcquireSearcher();
        var searcher = lease.Searcher;
        var parsed = QueryFactory.ParseLenient(text, index.QueryAnalyzer, requireAllWords: false, out _);
        var proximity = QueryFactory.ProximityBoost(text, index.QueryAnalyzer)!;
        var late = LateBoost.TryCreate(searcher, proximity, Today);

        var eager = new FamilyCollector(false, ["ccv"], numHits);
        searcher.Search(new RankingSignalsQuery(QueryFactory.WithBoost(parsed, proximity), Today), eager);
        eager.Finish();
        var lazy = new FamilyCollector(false, ["ccv"], numHits) { Boost = late };
        searcher.Search(parsed, lazy);
        lazy.Finish();

        Assert.NotNull(late);
        Assert.True(searcher.IndexReader.Leaves.Count > 1);
        Assert.True(eager.TotalHits > numHits, $"{eager.TotalHits} matches");
        Assert.Equal(eager.TotalHits, lazy.TotalHits);
        var expected = eager.GetTopDocs(0, numHits);
        var actual = lazy.GetTopDocs(0, numHits);
        Assert.Equal(expected.ScoreDocs.Select(d => (d.Doc, d.Score)), actual.ScoreDocs.Select(d => (d.Doc, d.Score)));
        Assert.Equal(expected.MaxScore, actual.MaxScore);
    }

    [Fact]
    public void Should_refuse_a_boost_it_cannot_bound()
    {
        using var index = new LuceneIndex(new RAMDirectory(), NullLogger<LuceneIndex>.Instance);
        using var lease = index.AcquireSearcher();

        Assert.Null(LateBoost.TryCreate(lease.Searcher, new PrefixQuery(new Lucene.Net.Index.Term(IndexFields.Body, "aan")), Today));
        Assert.Null(LateBoost.TryCreate(lease.Searcher, new BooleanQuery
        {
            { new TermQuery(new Lucene.Net.Index.Term(IndexFields.Title, "aanpak")), Occur.SHOULD },
            { new WildcardQuery(new Lucene.Net.Index.Term(IndexFields.Body, "a*k")), Occur.SHOULD },
        }, Today));
    }

    /// <summary>A document of random words from a small vocabulary, so that phrases match near and far; some in families.</summary>
    private static IndexDocument Doc(Random random, string id, int batch)
    {
        string Text(int length) => string.Join(' ', Enumerable.Range(0, length).Select(_ => Words[random.Next(Words.Length)]));
        return new IndexDocument
        {
            Id = id,
            SourceId = random.Next(3) == 0 ? "ccv" : "oost",
            SourceName = "Bron",
            Url = $"https://x.example/{id}",
            Title = Text(random.Next(3, 8)),
            Body = Text(random.Next(20, 200)),
            Type = random.Next(4) == 0 ? "convenant" : "nieuws",
            Format = "html",
            Published = Today.AddDays(-random.Next(4000)),
            FamilyId = random.Next(5) == 0 ? "F" + random.Next(30) : null,
        };
    }
}
