using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Schema;
using Search.Indexer.Writing;
using Search.SearchApi.Search;

namespace Search.SearchApi.Tests.Search;

/// <summary>
/// A request's shared term lookups change nothing of what a search finds: the queries given them find the same
/// documents with the same scores, to the last bit, as the plain queries, on an index of several segments with deletions.
/// </summary>
public sealed class TermStatesTests : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    private static readonly string[] Words = RandomWordIndex.Words;

    /// <summary>Plain words, a missing word, phrases, exclusions, a field, a prefix and a fuzzy word: all of the query tree's kinds.</summary>
    public static TheoryData<string> Queries() =>
    [
        "hennep",
        "aanpak woonoverlast",
        "politie woning jongeren",
        "drugs pand burgemeester sluiting",
        "overlast onbekendwoord",
        "\"hennep teelt\" gemeente",
        "buurt -politie",
        "title:convenant signalen",
        "integ* veiligheid",
        "ondermijnig~ aanpak",
        "(woning OR pand) AND (drugs OR hennep)",
    ];

    private readonly LuceneIndex _index = new(new RAMDirectory(), NullLogger<LuceneIndex>.Instance);

    public Task InitializeAsync() => RandomWordIndex.FillAsync(_index, Words, seed: 17, perSegment: 120, replacedSegment: 1, replaced: 40, Today);

    public Task DisposeAsync()
    {
        _index.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Should_find_the_same_documents_with_the_same_scores_as_the_plain_query(string text)
    {
        using var lease = _index.AcquireSearcher();
        var searcher = lease.Searcher;
        var terms = new TermStates(searcher);
        foreach (var requireAllWords in new[] { true, false })
        {
            var parsed = QueryFactory.ParseLenient(text, _index.QueryAnalyzer, requireAllWords, out _);
            var proximity = QueryFactory.ProximityBoost(text, _index.QueryAnalyzer);
            var plain = new RankingSignalsQuery(proximity is null ? parsed : QueryFactory.WithBoost(parsed, proximity), Today);
            var stated = terms.WithStates(parsed);
            var shared = new RankingSignalsQuery(proximity is null ? stated : QueryFactory.WithBoost(stated, proximity), Today);

            var expected = searcher.Search(plain, AccessFilter.PublicOnly, 1000);
            var actual = searcher.Search(shared, AccessFilter.PublicOnly, 1000);

            Assert.Equal(parsed, stated); // the same query (term queries are equal whatever states they carry)
            Assert.True(searcher.IndexReader.Leaves.Count > 2);
            Assert.Equal(expected.TotalHits, actual.TotalHits);
            Assert.Equal(
                expected.ScoreDocs.Select(d => (d.Doc, BitConverter.SingleToInt32Bits(d.Score))),
                actual.ScoreDocs.Select(d => (d.Doc, BitConverter.SingleToInt32Bits(d.Score))));

            // The late boost with the shared lookups gives the page it gives with lookups of its own.
            if (proximity is not null)
            {
                var own = new FamilyCollector(false, ["ccv"], 20) { Boost = LateBoost.TryCreate(searcher, proximity, Today) };
                searcher.Search(parsed, AccessFilter.PublicOnly, own);
                own.Finish();
                var late = new FamilyCollector(false, ["ccv"], 20) { Boost = LateBoost.TryCreate(searcher, proximity, Today, terms) };
                searcher.Search(stated, AccessFilter.PublicOnly, late);
                late.Finish();

                Assert.NotNull(late.Boost);
                Assert.Equal(own.TotalHits, late.TotalHits);
                Assert.Equal(
                    own.GetTopDocs(0, 20).ScoreDocs.Select(d => (d.Doc, BitConverter.SingleToInt32Bits(d.Score))),
                    late.GetTopDocs(0, 20).ScoreDocs.Select(d => (d.Doc, BitConverter.SingleToInt32Bits(d.Score))));
            }
        }

        Assert.True(terms.Count > 0);
    }

    [Fact]
    public async Task Should_score_as_the_plain_query_with_postings_enumerators_reused_from_earlier_requests()
    {
        var reused = 0;
        for (var request = 0; request < 6; request++)
        {
            using var lease = _index.AcquireSearcher();
            var searcher = lease.Searcher;
            using var terms = new TermStates(searcher);
            foreach (var text in new[] { "hennep teelt", "aanpak woonoverlast politie", "buurt -politie", "hennep" })
            {
                var parsed = QueryFactory.ParseLenient(text, _index.QueryAnalyzer, requireAllWords: false, out _);
                var expected = searcher.Search(parsed, AccessFilter.PublicOnly, 1000);
                var actual = searcher.Search(SumDisjunctionQuery.Flatten(terms.WithStates(parsed), searcher.Similarity), AccessFilter.PublicOnly, 1000);

                Assert.True(expected.TotalHits > 0, text);
                Assert.Equal(expected.TotalHits, actual.TotalHits);
                Assert.Equal(
                    expected.ScoreDocs.Select(d => (d.Doc, BitConverter.SingleToInt32Bits(d.Score))),
                    actual.ScoreDocs.Select(d => (d.Doc, BitConverter.SingleToInt32Bits(d.Score))));
            }

            reused += terms.ReusedPostings;
            Assert.True(request == 0 || terms.ReusedPostings > 0, $"request {request} reused none");
            if (request == 3)
            {
                // A new segment and deletions in an old one: enumerators of the old segments are reused with the new live documents.
                await _index.UpsertAsync(
                    [RandomWordIndex.Doc(new Random(3), Words, "d0-4", Today), RandomWordIndex.Doc(new Random(4), Words, "nieuw", Today)],
                    CancellationToken.None);
                await _index.CommitAsync(CancellationToken.None);
            }
        }

        Assert.True(reused > 100, $"{reused} reused");
    }

    [Fact]
    public void Should_never_lend_one_postings_enumerator_to_two_requests_at_once()
    {
        using var lease = _index.AcquireSearcher();
        var searcher = lease.Searcher;
        var term = new Term(IndexFields.Body, "hennep");
        using (var earlier = new TermStates(searcher))
        {
            earlier.Get(term);
            earlier.Docs(0, IndexFields.Body, Positioned(earlier, term), null);
        }

        using var first = new TermStates(searcher);
        using var second = new TermStates(searcher);
        first.Get(term);
        second.Get(term);
        var a = first.Docs(0, IndexFields.Body, Positioned(first, term), null);
        var b = second.Docs(0, IndexFields.Body, Positioned(second, term), null);

        Assert.Equal(1, first.ReusedPostings + second.ReusedPostings); // the one given back, to one of them
        Assert.NotSame(a, b);
        Assert.Equal(Docs(a), Docs(b));
    }

    private static TermsEnum Positioned(TermStates terms, Term term)
    {
        var enumerator = terms.Enumerator(0, term.Field)!;
        Assert.True(enumerator.SeekExact(term.Bytes));
        return enumerator;
    }

    private static List<int> Docs(DocsEnum docs)
    {
        var found = new List<int>();
        for (var doc = docs.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.NextDoc())
        {
            found.Add(doc);
        }

        return found;
    }

    [Fact]
    public async Task Should_build_the_states_that_lucene_builds_for_each_term()
    {
        var looked = Words.Concat(["onbekendwoord"]).SelectMany(word => new[] { IndexFields.Title, IndexFields.Body, IndexFields.Description }
            .Select(field => new Term(field, word))).Append(new Term(IndexFields.Id, "d1-3")).Append(new Term("geen-veld", "x")).ToList();

        // Requests one after another borrow the enumerators the earlier ones returned, also after the index changed.
        for (var request = 0; request < 3; request++)
        {
            using var lease = _index.AcquireSearcher();
            var searcher = lease.Searcher;
            using var terms = new TermStates(searcher);

            // Twice over, in another order the second time: the reused enumerators seek back and forth.
            foreach (var term in (request % 2 == 0 ? looked : Enumerable.Reverse(looked)).Concat(request % 2 == 0 ? Enumerable.Reverse(looked) : looked))
            {
                var expected = TermContext.Build(searcher.TopReaderContext, term);
                var actual = terms.Get(term);

                Assert.Same(searcher.TopReaderContext, actual.TopReaderContext);
                Assert.Equal(expected.DocFreq, actual.DocFreq);
                Assert.Equal(expected.TotalTermFreq, actual.TotalTermFreq);
                Assert.Equal(searcher.IndexReader.DocFreq(term), terms.DocFreq(term));
                foreach (var leaf in searcher.IndexReader.Leaves)
                {
                    Assert.Equal(expected.Get(leaf.Ord)?.ToString(), actual.Get(leaf.Ord)?.ToString());
                }
            }

            Assert.Equal(looked.Count, terms.Count);
            Assert.Same(terms.Get(new Term(IndexFields.Body, "hennep")), terms.Get(new Term(IndexFields.Body, "hennep")));
            Assert.Equal(0, terms.DocFreq(new Term(IndexFields.Body, "onbekendwoord")));
            Assert.True(terms.DocFreq(new Term(IndexFields.Body, "hennep")) > 0);

            await _index.UpsertAsync([RandomWordIndex.Doc(new Random(request), Words, $"d2-{request}", Today), RandomWordIndex.Doc(new Random(request + 10), Words, $"nieuw-{request}", Today)], CancellationToken.None);
            await _index.CommitAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void Should_give_its_states_to_term_queries_only_and_keep_the_query_given()
    {
        using var lease = _index.AcquireSearcher();
        var terms = new TermStates(lease.Searcher);
        var phrase = new PhraseQuery { new Term(IndexFields.Body, "hennep"), new Term(IndexFields.Body, "teelt") };
        var prefix = new PrefixQuery(new Term(IndexFields.Title, "aan"));
        var term = new TermQuery(new Term(IndexFields.Title, "aanpak")) { Boost = 4 };
        var query = new BooleanQuery(disableCoord: true)
        {
            { term, Occur.MUST },
            { new BooleanQuery { { phrase, Occur.SHOULD }, { prefix, Occur.SHOULD } }, Occur.SHOULD },
            { new TermQuery(new Term(IndexFields.Body, "drugs")), Occur.MUST_NOT },
        };
        query.Boost = 2;
        query.MinimumNumberShouldMatch = 1;
        var before = query.ToString();

        var stated = (BooleanQuery)terms.WithStates(query);

        Assert.Equal(before, query.ToString());
        Assert.Same(term, query.Clauses[0].Query);
        Assert.Equal(query, stated);
        Assert.Equal(before, stated.ToString());
        Assert.True(stated.CoordDisabled);
        Assert.NotSame(term, stated.Clauses[0].Query);
        Assert.Same(phrase, ((BooleanQuery)stated.Clauses[1].Query).Clauses[0].Query);
        Assert.Same(prefix, ((BooleanQuery)stated.Clauses[1].Query).Clauses[1].Query);
        Assert.Equal(2, terms.Count); // title:aanpak and body:drugs
    }
}
