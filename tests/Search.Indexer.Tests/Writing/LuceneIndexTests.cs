using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Schema;
using Search.Indexer.Writing;
using Search.TestKit;

namespace Search.Indexer.Tests.Writing;

public sealed class LuceneIndexTests
{
    private static LuceneIndex NewIndex(Lucene.Net.Store.Directory? dir = null) => new(dir ?? new RAMDirectory(), NullLogger<LuceneIndex>.Instance);

    [Fact]
    public void Should_write_an_empty_commit_when_creating_an_index()
    {
        using var dir = new RAMDirectory();
        using var index = NewIndex(dir);

        Assert.True(index.WasCreated);
        Assert.True(DirectoryReader.IndexExists(dir));
    }

    [Fact]
    public async Task Should_upsert_by_id_and_make_changes_searchable_at_once()
    {
        using var index = NewIndex();

        await index.UpsertAsync([DocumentMapperTests.Sample("a", "Eerste versie"), DocumentMapperTests.Sample("b")], CancellationToken.None);
        await index.UpsertAsync([DocumentMapperTests.Sample("a", "Tweede versie")], CancellationToken.None);

        Assert.Equal(2, index.Count(new MatchAllDocsQuery()));
        Assert.Equal("Tweede versie", index.Get("a")!.Title);
        Assert.Equal(new HashSet<string> { "a", "b" }, index.GetIds("src"));
    }

    [Fact]
    public async Task Should_delete_by_id()
    {
        using var index = NewIndex();
        await index.UpsertAsync([DocumentMapperTests.Sample("a"), DocumentMapperTests.Sample("b")], CancellationToken.None);

        await index.DeleteAsync(["a"], CancellationToken.None);

        Assert.Null(index.Get("a"));
        Assert.NotNull(index.Get("b"));
    }

    [Fact]
    public async Task Should_keep_committed_documents_after_reopening_from_disk()
    {
        using var temp = new TempDirectory();
        using (var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance))
        {
            await index.UpsertAsync([DocumentMapperTests.Sample("a")], CancellationToken.None);
            await index.CommitAsync(CancellationToken.None);
        }

        using var reopened = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);

        Assert.False(reopened.WasCreated);
        Assert.Equal("Convenant hennep", reopened.Get("a")!.Title);
    }

    [Fact]
    public void Should_fail_fast_with_a_clear_message_when_a_second_writer_opens_the_same_directory()
    {
        using var temp = new TempDirectory();
        using var first = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);

        var error = Assert.Throws<InvalidOperationException>(() => LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance));

        Assert.Contains("locked by another writer", error.Message);
    }

    [Fact]
    public async Task Should_find_documents_with_the_dutch_analyzer()
    {
        using var index = NewIndex();
        await index.UpsertAsync([DocumentMapperTests.Sample("a", "Aanpak woninginbraken", "Veel inbraken in woningen.")], CancellationToken.None);

        using var lease = index.AcquireSearcher();
        var hits = lease.Searcher.Search(new TermQuery(new Term(IndexFields.Title, "woninginbrak")), 10);

        Assert.Equal(1, hits.TotalHits);
    }
}
