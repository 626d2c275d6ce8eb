using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Schema;
using Search.Indexer.Writing;
using Search.SearchApi.Search;

namespace Search.SearchApi.Tests.Search;

public sealed class RankingSignalsQueryTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    [Fact]
    public void Should_give_newer_documents_and_instruments_a_mild_bonus_only()
    {
        var today = Today.DayNumber;

        Assert.Equal(1f, RankingSignalsQuery.Factor(0, today, instrument: false));
        Assert.True(RankingSignalsQuery.Factor(today, today, false) > RankingSignalsQuery.Factor(today - 3650, today, false));
        Assert.True(RankingSignalsQuery.Factor(today, today, true) <= 1 + RankingSignalsQuery.RecencyWeight + RankingSignalsQuery.TypeWeight + 1e-6);
        Assert.True(RankingSignalsQuery.Factor(today - 365, today, true) > RankingSignalsQuery.Factor(today - 365, today, false));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(365)]
    [InlineData((40 * 366) - 1)]
    [InlineData(40 * 366)]
    [InlineData(100_000)]
    [InlineData(-30)]
    public void Should_give_the_formula_s_factor_for_any_age(int ageInDays)
    {
        var today = Today.DayNumber;
        foreach (var instrument in new[] { false, true })
        {
            var recency = RankingSignalsQuery.RecencyWeight * Math.Exp(-Math.Max(0, ageInDays) / 365.25 / RankingSignalsQuery.RecencyYears);
            var expected = (float)(1 + recency + (instrument ? RankingSignalsQuery.TypeWeight : 0));

            Assert.Equal(expected, RankingSignalsQuery.Factor(today - ageInDays, today, instrument));
        }
    }

    [Fact]
    public async Task Should_break_ties_by_date_and_type_but_not_overturn_a_better_text_match()
    {
        using var index = new LuceneIndex(new RAMDirectory(), NullLogger<LuceneIndex>.Instance);
        await index.UpsertAsync([
            Doc("oud", "Convenant aanpak ondermijning", "Tekst over ondermijning.", "convenant", Today.AddYears(-9)),
            Doc("nieuw", "Convenant aanpak ondermijning", "Tekst over ondermijning.", "convenant", Today.AddDays(-30)),
            Doc("nieuws", "Convenant aanpak ondermijning", "Tekst over ondermijning.", "nieuws", Today.AddYears(-9)),
            Doc("beter", "Ondermijning ondermijning", "Ondermijning, ondermijning en nog eens ondermijning.", "nieuws", Today.AddYears(-12)),
        ], CancellationToken.None);

        using var lease = index.AcquireSearcher();
        var query = new RankingSignalsQuery(new TermQuery(new Term(IndexFields.Title, "convenant")), Today);
        var order = lease.Searcher.Search(query, 10).ScoreDocs.Select(d => lease.Searcher.Doc(d.Doc).Get(IndexFields.Id)).ToList();
        var textOrder = lease.Searcher.Search(new RankingSignalsQuery(new TermQuery(new Term(IndexFields.Body, "ondermijn")), Today), 10)
            .ScoreDocs.Select(d => lease.Searcher.Doc(d.Doc).Get(IndexFields.Id)).ToList();

        Assert.Equal(["nieuw", "oud", "nieuws"], order);
        Assert.Equal("beter", textOrder[0]);
    }

    private static IndexDocument Doc(string id, string title, string body, string type, DateOnly published) => new()
    {
        Id = id,
        SourceId = "bron",
        SourceName = "Bron",
        Url = $"https://x.example/{id}",
        Title = title,
        Body = body,
        Type = type,
        Format = "html",
        Published = published,
    };
}
