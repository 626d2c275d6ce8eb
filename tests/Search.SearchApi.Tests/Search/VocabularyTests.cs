using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Schema;
using Search.Indexer.Writing;
using Search.SearchApi.Search;

namespace Search.SearchApi.Tests.Search;

/// <summary>The words the vocabulary knows are exactly the words of the live documents the caller may read.</summary>
public sealed class VocabularyTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    private static readonly string[] Words = RandomWordIndex.Words;

    [Fact]
    public async Task Should_know_a_word_when_a_live_readable_document_holds_it()
    {
        using var index = new LuceneIndex(new RAMDirectory(), NullLogger<LuceneIndex>.Instance);
        await RandomWordIndex.FillAsync(index, Words, seed: 5, perSegment: 60, replacedSegment: 2, replaced: 20, Today);
        var random = new Random(9);
        await index.UpsertAsync(
        [
            // A word only members may read, a word only in a document about to be replaced, one in a few public ones.
            RandomWordIndex.Doc(random, Words, "leden-1", Today) with { Body = "ledenwoord hennep", Access = [AccessLabels.Members] },
            RandomWordIndex.Doc(random, Words, "oud-1", Today) with { Body = "vervallenwoord aanpak" },
            RandomWordIndex.Doc(random, Words, "open-1", Today) with { Body = "zeldzaamwoord pand" },
        ], CancellationToken.None);
        await index.CommitAsync(CancellationToken.None);
        await index.UpsertAsync([RandomWordIndex.Doc(random, Words, "oud-1", Today) with { Body = "aanpak" }], CancellationToken.None);
        await index.CommitAsync(CancellationToken.None);

        using var lease = index.AcquireSearcher();
        var searcher = lease.Searcher;
        var members = new QueryWrapperFilter(new TermQuery(new Term(IndexFields.Access, AccessLabels.Members)));
        var checkedWords = 0;
        foreach (var (name, visible) in new (string, Filter)[] { ("public", AccessFilter.PublicOnly), ("members", members) })
        {
            using var terms = new TermStates(searcher);
            var vocabulary = new Vocabulary(searcher, visible, terms);
            foreach (var word in Words.Concat(["ledenwoord", "vervallenwoord", "zeldzaamwoord", "nergenswoord"]))
            {
                var count = new TotalHitCountCollector();
                searcher.Search(new TermQuery(new Term(IndexFields.Spell, word)), visible, count);

                Assert.True(count.TotalHits > 0 == vocabulary.IsKnown(word), $"{word} ({name})");
                checkedWords++;
            }
        }

        Assert.True(searcher.IndexReader.Leaves.Count > 3);
        Assert.True(searcher.IndexReader.NumDeletedDocs > 0);
        Assert.False(new Vocabulary(searcher, AccessFilter.PublicOnly).IsKnown("ledenwoord"));
        Assert.True(new Vocabulary(searcher, members).IsKnown("ledenwoord"));
        Assert.False(new Vocabulary(searcher, AccessFilter.PublicOnly).IsKnown("vervallenwoord")); // only in a replaced version
        Assert.True(new Vocabulary(searcher, AccessFilter.PublicOnly).IsKnown("zeldzaamwoord"));
        Assert.Equal(48, checkedWords);
    }
}
