using Lucene.Net.Analysis.Core;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Search.Indexer.Schema;
using Search.Indexer.Writing;
using Search.SearchApi.Search;

namespace Search.SearchApi.Tests.Search;

/// <summary>Drill-sideways facet counts over several segments, against counts made from the stored fields.</summary>
public sealed class FacetingCollectorTests
{
    [Theory]
    [InlineData(new string[0], new string[0])]
    [InlineData(new[] { "oost" }, new string[0])]
    [InlineData(new[] { "oost", "west" }, new[] { "drugs" })]
    [InlineData(new[] { "nergens" }, new[] { "drugs", "jeugd" })]
    public void Should_count_each_facet_under_the_other_facets_filters_only(string[] sources, string[] themes)
    {
        var random = new Random(7);
        string[] sourceValues = ["oost", "west", "noord"], themeValues = ["drugs", "jeugd", "wonen", "horeca"];
        using var directory = new RAMDirectory();
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer()) { MergePolicy = NoMergePolicy.NO_COMPOUND_FILES };
        using (var writer = new IndexWriter(directory, config))
        {
            for (var i = 0; i < 300; i++)
            {
                writer.AddDocument(DocumentMapper.ToLucene(new IndexDocument
                {
                    Id = "d" + i,
                    SourceId = sourceValues[random.Next(sourceValues.Length)],
                    SourceName = "Bron",
                    Url = $"https://x.example/{i}",
                    Title = "t",
                    Body = "b",
                    Type = "pagina",
                    Format = "html",
                    Themes = themeValues.Where(_ => random.Next(3) == 0).ToList(),
                }));
                if (i % 70 == 69)
                {
                    writer.Commit();
                }
            }
        }

        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        var all = new TotalHitCountCollector();
        var facets = new FacetingCollector(all, [new FacetSpec(IndexFields.Source, sources), new FacetSpec(IndexFields.Theme, themes)]);

        searcher.Search(new MatchAllDocsQuery(), facets);
        facets.Finish();

        var docs = Enumerable.Range(0, reader.MaxDoc).Select(d => searcher.Doc(d))
            .Select(d => (Source: d.Get(IndexFields.Source), Themes: d.GetValues(IndexFields.Theme))).ToList();
        bool SourceOk((string Source, string[] Themes) d) => sources.Length == 0 || sources.Contains(d.Source);
        bool ThemesOk((string Source, string[] Themes) d) => themes.Length == 0 || d.Themes.Intersect(themes).Any();
        var expectedSources = docs.Where(ThemesOk).CountBy(d => d.Source).ToDictionary();
        var expectedThemes = docs.Where(SourceOk).SelectMany(d => d.Themes).CountBy(t => t).ToDictionary();

        Assert.True(reader.Leaves.Count > 1);
        Assert.Equal(docs.Count(d => SourceOk(d) && ThemesOk(d)), facets.TotalHits);
        Assert.Equal(facets.TotalHits, all.TotalHits);
        Assert.Equal(expectedSources.OrderBy(c => c.Key), facets.Counts[0].OrderBy(c => c.Key));
        Assert.Equal(expectedThemes.OrderBy(c => c.Key), facets.Counts[1].OrderBy(c => c.Key));
    }
}
