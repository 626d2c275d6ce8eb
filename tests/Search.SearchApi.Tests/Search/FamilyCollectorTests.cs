using Lucene.Net.Analysis.Core;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Search.Indexer.Schema;
using Search.Indexer.Writing;
using Search.SearchApi.Search;

namespace Search.SearchApi.Tests.Search;

/// <summary>Collapsing hits by version family over several segments, against the rules spelled out in a plain reference.</summary>
public sealed class FamilyCollectorTests
{
    private static readonly string[] Preferred = ["ccv"];

    [Fact]
    public void Should_represent_a_family_spread_over_segments_by_its_preferred_then_newest_member()
    {
        using var directory = Index(
            [Doc("a", "F1", "oost", 2019), Doc("d", "F2", "oost", 2020)],
            [Doc("b", "F1", "ccv", 2018), Doc("g", null, "west", 2021)],
            [Doc("c", "F1", "west", 2023), Doc("e", "F2", "west", 2024), Doc("h", "h", "west", 2022)]);
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);

        var byRelevance = Collect(searcher, new MatchAllDocsQuery(), byDate: false, 10);
        var byDate = Collect(searcher, new MatchAllDocsQuery(), byDate: true, 10);

        Assert.Equal(3, reader.Leaves.Count);
        Assert.Equal(4, byRelevance.TotalHits); // F1, F2, the document without a family, h
        Assert.Equal(["b", "e", "g", "h"], Ids(searcher, byRelevance)); // equal scores: in order of each family's first document
        Assert.Equal(["e", "h", "g", "b"], Ids(searcher, byDate)); // by the representative's date
    }

    [Fact]
    public void Should_rank_a_family_by_its_best_member_and_show_its_representative()
    {
        using var directory = Index(
            [Doc("a", "F1", "oost", 2019), Doc("d", "F2", "oost", 2020)],
            [Doc("b", "F1", "ccv", 2018)],
            [Doc("c", "F1", "west", 2023), Doc("e", "F2", "west", 2024)]);
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var query = Boosted(("c", 5f), ("d", 2f));

        var top = Collect(searcher, query, byDate: false, 10);

        Assert.Equal(["b", "e"], Ids(searcher, top)); // F1 ranks with c's score, shown by b (preferred source)
        var best = searcher.Search(query, 1).ScoreDocs[0];
        Assert.Equal("c", searcher.Doc(best.Doc).Get(IndexFields.Id));
        Assert.Equal(best.Score, top.ScoreDocs[0].Score);
    }

    [Fact]
    public void Should_let_standalone_documents_never_join_or_represent_a_family()
    {
        using var directory = Index(
            [Doc("a", "F1", "oost", 2019)],
            [Doc("b", "F1", "ccv", 2018), Doc("c", "F1", "leden", 2025)]);
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var collector = new FamilyCollector(false, Preferred, 10) { Standalone = new QueryWrapperFilter(new TermQuery(new Term(IndexFields.Id, "c"))) };

        searcher.Search(new MatchAllDocsQuery(), collector);
        collector.Finish();

        Assert.Equal(2, collector.TotalHits);
        Assert.Equal(["b", "c"], Ids(searcher, collector.GetTopDocs(0, 10)));
    }

    [Theory]
    [InlineData(false, 0, 10)]
    [InlineData(false, 10, 10)]
    [InlineData(true, 0, 25)]
    [InlineData(true, 40, 10)]
    public void Should_agree_with_the_plain_rules_on_a_random_index(bool byDate, int start, int howMany)
    {
        var random = new Random(20261130);
        var sources = new[] { "ccv", "oost", "west", "noord" };
        var segments = Enumerable.Range(0, 5).Select(s => Enumerable.Range(0, 60).Select(i =>
        {
            var family = random.Next(4) switch { 0 => null, 1 => $"solo{s}-{i}", _ => "F" + random.Next(40) };
            return Doc($"d{s}-{i}", family, sources[random.Next(sources.Length)], 2015 + random.Next(4));
        }).ToArray()).ToArray();
        using var directory = Index(segments);
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var ids = segments.SelectMany(s => s).Select(d => d.Get(IndexFields.Id)).ToList();

        // Search after search on one reader (the collectors share its slot arrays): every document, then random halves.
        for (var round = 0; round < 4; round++)
        {
            var boosts = ids.Where(_ => round == 0 || random.Next(2) == 0).Select(id => (id, (float)random.Next(1, 4))).ToArray();
            Query query = round == 0 ? Boosted(boosts) : Only(boosts);
            var expected = Reference(searcher, query, byDate);
            var collector = new FamilyCollector(byDate, Preferred, start + howMany);
            searcher.Search(query, collector);
            collector.Finish();
            var actual = collector.GetTopDocs(start, howMany);

            Assert.Equal(expected.Count, collector.TotalHits);
            Assert.Equal(
                expected.Skip(start).Take(howMany).Select(f => (f.Doc, f.Score)),
                actual.ScoreDocs.Select(d => (d.Doc, d.Score)));
        }
    }

    [Theory]
    [InlineData(false, 10)]
    [InlineData(true, 30)]
    public void Should_apply_the_ranking_signals_as_the_signals_query_does(bool byDate, int count)
    {
        var random = new Random(20261201);
        var types = new[] { "convenant", "nieuws", "voorbeeldbrief", "pagina" };
        var segments = Enumerable.Range(0, 4).Select(s => Enumerable.Range(0, 80).Select(i =>
        {
            return Doc($"d{s}-{i}", random.Next(3) == 0 ? "F" + random.Next(20) : null, "oost", 2005 + random.Next(22), types[random.Next(types.Length)]);
        }).ToArray()).ToArray();
        using var directory = Index(segments);
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var query = Boosted(segments.SelectMany(s => s).Select(d => (d.Get(IndexFields.Id), (float)random.Next(1, 4))).ToArray());
        var today = new DateOnly(2026, 12, 1);
        searcher.Similarity = LuceneIndex.CreateSimilarity(); // as the service: no coordination factor

        var expected = new FamilyCollector(byDate, Preferred, count);
        searcher.Search(new RankingSignalsQuery(query, today), expected);
        expected.Finish();
        var actual = new FamilyCollector(byDate, Preferred, count) { Signals = today };
        searcher.Search(query, actual); // out of order: the disjunction is scored in bulk
        actual.Finish();

        Assert.True(actual.AcceptsDocsOutOfOrder);
        Assert.Equal(expected.TotalHits, actual.TotalHits);
        Assert.Equal(expected.GetTopDocs(0, count).ScoreDocs.Select(d => (d.Doc, d.Score)), actual.GetTopDocs(0, count).ScoreDocs.Select(d => (d.Doc, d.Score)));
        Assert.NotEqual(Collect(searcher, query, byDate, count).ScoreDocs.Select(d => d.Score), actual.GetTopDocs(0, count).ScoreDocs.Select(d => d.Score));
    }

    /// <summary>The rules, plainly: group by family id, pick representatives and order families with LINQ.</summary>
    private static List<(int Doc, float Score)> Reference(IndexSearcher searcher, Query query, bool byDate)
    {
        var members = searcher.Search(query, 10_000).ScoreDocs.Select(hit =>
        {
            var doc = searcher.Doc(hit.Doc);
            return (hit.Doc, hit.Score, Family: doc.Get(IndexFields.FamilyId) ?? "#" + hit.Doc,
                Preferred: Preferred.Contains(doc.Get(IndexFields.Source)), Date: DateOnly.Parse(doc.Get(IndexFields.Published)).DayNumber);
        });
        var families = members.GroupBy(m => m.Family).Select(g => (
            Representative: g.OrderByDescending(m => m.Preferred).ThenByDescending(m => m.Date).ThenByDescending(m => m.Score).ThenBy(m => m.Doc).First(),
            Score: g.Max(m => m.Score),
            FirstDoc: g.Min(m => m.Doc)));
        var ranked = byDate
            ? families.OrderByDescending(f => f.Representative.Date).ThenByDescending(f => f.Representative.Score).ThenBy(f => f.Representative.Doc)
            : families.OrderByDescending(f => f.Score).ThenBy(f => f.FirstDoc);
        return ranked.Select(f => (f.Representative.Doc, f.Score)).ToList();
    }

    private static TopDocs Collect(IndexSearcher searcher, Query query, bool byDate, int count)
    {
        var collector = new FamilyCollector(byDate, Preferred, count);
        searcher.Search(query, collector);
        collector.Finish();
        return collector.GetTopDocs(0, count);
    }

    private static List<string> Ids(IndexSearcher searcher, TopDocs top) => top.ScoreDocs.Select(d => searcher.Doc(d.Doc).Get(IndexFields.Id)).ToList();

    /// <summary>Matches every document; the given ones score higher.</summary>
    private static BooleanQuery Boosted(params (string Id, float Boost)[] boosts)
    {
        var query = new BooleanQuery { { new MatchAllDocsQuery(), Occur.SHOULD } };
        foreach (var (id, boost) in boosts)
        {
            query.Add(new TermQuery(new Term(IndexFields.Id, id)) { Boost = boost }, Occur.SHOULD);
        }

        return query;
    }

    /// <summary>Matches the given documents only, with their boosts as scores' weights.</summary>
    private static BooleanQuery Only(params (string Id, float Boost)[] boosts)
    {
        var query = new BooleanQuery();
        foreach (var (id, boost) in boosts)
        {
            query.Add(new TermQuery(new Term(IndexFields.Id, id)) { Boost = boost }, Occur.SHOULD);
        }

        return query;
    }

    /// <summary>One segment per group (no merging).</summary>
    private static RAMDirectory Index(params Lucene.Net.Documents.Document[][] segments)
    {
        var directory = new RAMDirectory();
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer()) { MergePolicy = NoMergePolicy.NO_COMPOUND_FILES };
        using var writer = new IndexWriter(directory, config);
        foreach (var segment in segments)
        {
            foreach (var doc in segment)
            {
                writer.AddDocument(doc);
            }

            writer.Commit();
        }

        return directory;
    }

    /// <summary>A mapped document; without a family id it is one indexed before families existed.</summary>
    private static Lucene.Net.Documents.Document Doc(string id, string? family, string source, int year, string type = "pagina")
    {
        var doc = DocumentMapper.ToLucene(new IndexDocument
        {
            Id = id,
            SourceId = source,
            SourceName = source,
            Url = $"https://x.example/{id}",
            Title = id,
            Body = id,
            Type = type,
            Format = "html",
            Published = new DateOnly(year, 3, 1),
            FamilyId = family,
        });
        if (family is null)
        {
            doc.RemoveFields(IndexFields.FamilyId);
        }

        return doc;
    }
}
