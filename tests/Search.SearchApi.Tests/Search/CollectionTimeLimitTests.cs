using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Time.Testing;
using Search.SearchApi.Search;

namespace Search.SearchApi.Tests.Search;

/// <summary>A time limit of zero: every search stops after its first match.</summary>
public sealed class NoTimeFactory : SearchApiFactory
{
    protected override IEnumerable<(string Key, string Value)> Settings => [("Search:Limits:CollectionTimeLimit", "00:00:00")];
}

/// <summary>Slow legal queries (reliability goals, row 42): collecting stops at the time limit, with what was found so far.</summary>
public sealed class CollectionTimeLimitTests(NoTimeFactory factory) : IClassFixture<NoTimeFactory>
{
    private readonly HttpClient _limited = factory.CreateClient();

    [Fact]
    public async Task Should_answer_with_the_matches_found_in_time_marked_partial()
    {
        var result = await _limited.GetObjectAsync("/api/v1/search?sort=date");

        Assert.True(result["partial"]!.GetValue<bool>());
        Assert.Equal(SearchService.PartialNotice, result.Str("notice"));
        Assert.Equal(1, result.Total());
        var hit = Assert.Single(result.Hits());
        Assert.False(string.IsNullOrEmpty(hit.Str("title")));
        Assert.Equal(1, result["facets"]!["source"]!.AsArray().Sum(v => v!["count"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Should_also_limit_the_any_word_retry()
    {
        // No document has both words; the any-word retry finds the letter, and it too stops after its first match.
        var result = await _limited.GetObjectAsync("/api/v1/search?q=" + Uri.EscapeDataString("woonoverlast zzzqqq"));

        Assert.True(result["partial"]!.GetValue<bool>());
        Assert.Equal(1, result.Total());
        Assert.Contains("deel ervan", result.Str("notice"));
        Assert.EndsWith(SearchService.PartialNotice, result.Str("notice"));
    }

    [Fact]
    public void Should_keep_what_was_collected_when_the_deadline_passes()
    {
        using var directory = ThousandDocuments();
        using var reader = DirectoryReader.Open(directory);
        var clock = new FakeTimeProvider();
        var deadline = DeadlineCollector.Deadline(clock, clock.GetTimestamp(), TimeSpan.FromSeconds(1));
        var counted = new ClockCollector(clock, TimeSpan.FromMilliseconds(10)); // every match takes 10 ms of fake time

        Assert.Throws<CollectionTimeExceededException>(() =>
            new IndexSearcher(reader).Search(new TermQuery(new Term("kind", "doc")), new DeadlineCollector(counted, clock, deadline)));

        // The clock is read after the first match and then every 256: past the deadline (100 matches) at match 257.
        Assert.Equal(DeadlineCollector.CheckInterval + 1, counted.Count);
    }

    [Fact]
    public void Should_not_stop_a_search_that_finishes_in_time()
    {
        using var directory = ThousandDocuments();
        using var reader = DirectoryReader.Open(directory);
        var clock = new FakeTimeProvider();
        var counted = new ClockCollector(clock, TimeSpan.FromMilliseconds(1));

        new IndexSearcher(reader).Search(new TermQuery(new Term("kind", "doc")),
            new DeadlineCollector(counted, clock, DeadlineCollector.Deadline(clock, clock.GetTimestamp(), TimeSpan.FromSeconds(2))));

        Assert.Equal(1_000, counted.Count);
    }

    /// <summary>Counts matches and advances the fake clock by a fixed step per match.</summary>
    /// <summary>1,000 documents with kind:doc, in memory.</summary>
    private static RAMDirectory ThousandDocuments()
    {
        var directory = new RAMDirectory();
        using var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, new Lucene.Net.Analysis.Core.KeywordAnalyzer()));
        for (var i = 0; i < 1_000; i++)
        {
            writer.AddDocument([new StringField("kind", "doc", Field.Store.NO)]);
        }

        return directory;
    }

    private sealed class ClockCollector(FakeTimeProvider clock, TimeSpan step) : ICollector
    {
        public int Count { get; private set; }

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context)
        {
        }

        public void Collect(int doc)
        {
            Count++;
            clock.Advance(step);
        }
    }
}
