using System.Collections.Concurrent;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Analysis;
using Search.Indexer.Schema;
using Search.Indexer.Tests.Analysis;
using Search.Indexer.Writing;
using Search.TestKit;

namespace Search.Indexer.Tests.Writing;

/// <summary>
/// Zero-downtime rebuild into a new generation directory: search never fails, writes made meanwhile end up in the new
/// generation, an interrupted rebuild leaves the old one current, and data directories of the old layout still open.
/// </summary>
public sealed class IndexRebuildTests
{
    private const int Documents = 300;

    /// <summary>The built-in analysis with "hennep" as an extra stopword: a change visible only in a rebuilt index.</summary>
    private static readonly Lazy<AnalysisResources> HennepIsAStopword = new(() => AnalysisResources.Parse(name =>
    {
        var file = AnalysisResources.Embedded(name);
        return name == AnalysisResources.StopwordsFile ? file with { Text = file.Text + "\nhennep\n" } : file;
    }));

    [Fact]
    public async Task Should_rebuild_with_the_new_analysis_while_searches_keep_answering()
    {
        using var temp = new TempDirectory();
        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);
        await AddAsync(index, Documents);
        var hennep = new TermQuery(new Term(IndexFields.Title, Token(index.Analyzer, "hennep")));
        Assert.Equal(Documents, index.Count(hennep));
        index.ReloadQueryAnalysis(HennepIsAStopword.Value);

        IndexRebuildStatus status;
        var searches = new SearchLoop(index);
        try
        {
            status = await index.RebuildAsync(null, CancellationToken.None);
        }
        finally
        {
            await searches.StopAsync();
        }

        Assert.Equal(IndexRebuildState.Succeeded, status.State);
        Assert.Equal(Documents, status.DocumentsCopied);
        Assert.Empty(searches.Failures);
        Assert.True(searches.Completed > 0);
        Assert.Equal(0, index.Count(hennep));
        Assert.Equal(Documents, index.Count(new MatchAllDocsQuery()));
        Assert.Equal("gen-000001", index.GetStats().Generation);
        Assert.Equal("gen-000001", File.ReadAllText(Path.Combine(temp.Path, "current")).Trim());
        Assert.Empty(Directory.GetFiles(temp.Path, "segments*"));
        Assert.Empty(Directory.GetFiles(temp.Path, "_*"));
    }

    [Fact]
    public async Task Should_switch_the_query_analysis_together_with_the_rebuilt_index()
    {
        using var temp = new TempDirectory();
        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);
        await AddAsync(index, 10);
        var stem = Token(index.Analyzer, "hennep");
        var hennep = new TermQuery(new Term(IndexFields.Title, stem));
        Assert.Contains(stem, AnalysisFixture.Terms(index.QueryAnalyzer, "hennep"));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var copied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        index.RebuildHook = async (phase, _) =>
        {
            if (phase == RebuildPhase.Copied)
            {
                copied.SetResult();
                await release.Task;
            }
        };

        var rebuild = index.RebuildAsync(HennepIsAStopword.Value, null, CancellationToken.None);
        await copied.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Mid-rebuild both sides still use the old analysis, and so does the layout that snippets are marked in.
        Assert.Contains(stem, AnalysisFixture.Terms(index.QueryAnalyzer, "hennep"));
        Assert.Equal(10, index.Count(hennep));
        Assert.Equal(["hennep"], AnalysisFixture.Terms(LayoutOf(index), "hennep"));
        release.SetResult();
        Assert.Equal(IndexRebuildState.Succeeded, (await rebuild).State);

        Assert.DoesNotContain(stem, AnalysisFixture.Terms(index.QueryAnalyzer, "hennep"));
        Assert.Same(HennepIsAStopword.Value, index.Analysis);
        Assert.Equal(0, index.Count(hennep));
        Assert.Same(HennepIsAStopword.Value, LayoutOf(index).Resources);
        Assert.Empty(AnalysisFixture.Terms(LayoutOf(index), "hennep"));
    }

    [Fact]
    public async Task Should_open_the_rebuilt_generation_after_a_restart()
    {
        using var temp = new TempDirectory();
        using (var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance, HennepIsAStopword.Value))
        {
            await AddAsync(index, 20);
            await index.RebuildAsync(null, CancellationToken.None);
            await index.RebuildAsync(null, CancellationToken.None);
        }

        using var reopened = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);

        Assert.False(reopened.WasCreated);
        Assert.Equal("gen-000002", reopened.GetStats().Generation);
        Assert.Equal(20, reopened.Count(new MatchAllDocsQuery()));
        Assert.Equal(new[] { "gen-000002" }, Directory.GetDirectories(temp.Path).Select(Path.GetFileName).ToArray());
    }

    [Fact]
    public async Task Should_carry_writes_made_during_the_rebuild_into_the_new_generation()
    {
        using var temp = new TempDirectory();
        using (var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance))
        {
            await AddAsync(index, 50);
            await index.UpsertAsync([Doc("andere-1", source: "andere"), Doc("andere-2", source: "andere")], CancellationToken.None);
            await index.CommitAsync(CancellationToken.None);
            index.RebuildHook = async (phase, _) =>
            {
                switch (phase)
                {
                    case RebuildPhase.Copied:
                        // Caught up outside the write lock.
                        await index.UpsertAsync([Doc("nieuw-1"), Doc("d1") with { Title = "Gewijzigd" }], CancellationToken.None);
                        await index.DeleteAsync(["d2"], CancellationToken.None);
                        await index.DeleteSourceAsync("andere", CancellationToken.None);
                        await index.UpsertAsync([Doc("andere-3", source: "andere")], CancellationToken.None);
                        await index.CommitAsync(CancellationToken.None);
                        break;
                    case RebuildPhase.Swapping:
                        // Caught up under the write lock just before the swap; not even committed yet.
                        await index.UpsertAsync([Doc("nieuw-2")], CancellationToken.None);
                        await index.DeleteAsync(["d3"], CancellationToken.None);
                        break;
                }
            };

            var status = await index.RebuildAsync(null, CancellationToken.None);

            Assert.Equal(IndexRebuildState.Succeeded, status.State);
            Assert.True(status.WritesReplayed >= 6, $"replayed {status.WritesReplayed}");
            AssertWritesKept(index);
        }

        using var reopened = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);
        AssertWritesKept(reopened);

        static void AssertWritesKept(LuceneIndex index)
        {
            Assert.NotNull(index.Get("nieuw-1"));
            Assert.NotNull(index.Get("nieuw-2"));
            Assert.Equal("Gewijzigd", index.Get("d1")!.Title);
            Assert.Null(index.Get("d2"));
            Assert.Null(index.Get("d3"));
            Assert.Equal(new HashSet<string> { "andere-3" }, index.GetIds("andere"));
            Assert.Equal(50 - 2 + 2, index.GetIds("src").Count);
        }
    }

    [Fact]
    public async Task Should_not_lose_writes_of_a_harvest_running_through_the_rebuild()
    {
        using var temp = new TempDirectory();
        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);
        await AddAsync(index, Documents);
        using var stop = new CancellationTokenSource();
        var written = 0;
        var harvest = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await index.UpsertAsync([Doc($"w{written}"), Doc($"w{written + 1}")], CancellationToken.None);
                await index.DeleteAsync([$"d{written}"], CancellationToken.None);
                written += 2;
                if (written % 10 == 0)
                {
                    await index.CommitAsync(CancellationToken.None);
                }
            }
        });

        var status = await index.RebuildAsync(null, CancellationToken.None);
        await stop.CancelAsync();
        await harvest;

        Assert.Equal(IndexRebuildState.Succeeded, status.State);
        Assert.True(written > 0);
        var ids = index.GetIds("src");
        Assert.All(Enumerable.Range(0, written), i => Assert.Contains($"w{i}", ids));
        Assert.All(Enumerable.Range(0, written).Where(i => i % 2 == 0 && i < Documents), i => Assert.DoesNotContain($"d{i}", ids));
        Assert.Equal(Documents + written - Enumerable.Range(0, written).Count(i => i % 2 == 0 && i < Documents), ids.Count);
    }

    [Fact]
    public async Task Should_leave_the_old_generation_current_when_stopped_during_a_rebuild()
    {
        using var temp = new TempDirectory();
        var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);
        await AddAsync(index, 30);
        var copied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        index.RebuildHook = async (phase, cancellationToken) =>
        {
            if (phase == RebuildPhase.Copied)
            {
                copied.SetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        };
        Assert.NotNull(index.StartRebuild(CancellationToken.None));
        await copied.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(Directory.GetDirectories(temp.Path, "gen-*"));

        index.Dispose();

        Assert.Equal(IndexRebuildState.Cancelled, index.LastRebuild!.State);
        Assert.Empty(Directory.GetDirectories(temp.Path, "gen-*"));
        Assert.False(File.Exists(Path.Combine(temp.Path, "current")));
        using var reopened = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);
        Assert.False(reopened.WasCreated);
        Assert.Equal(".", reopened.GetStats().Generation);
        Assert.Equal(30, reopened.Count(new MatchAllDocsQuery()));
    }

    [Fact]
    public async Task Should_delete_a_half_built_generation_left_by_a_crash_at_the_next_start()
    {
        using var temp = new TempDirectory();
        await IndexIntegrityTests.CreateAsync(temp.Path, ("a", "b"));

        // A crash (kill -9) during a rebuild leaves a generation directory that the pointer never named.
        WriteRawIndex(Path.Combine(temp.Path, "gen-000001"), "x", "y", "z");

        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);

        Assert.False(Directory.Exists(Path.Combine(temp.Path, "gen-000001")));
        Assert.Equal(new HashSet<string> { "a", "b" }, index.GetIds("src"));
    }

    [Fact]
    public async Task Should_delete_the_old_generation_left_by_a_crash_right_after_the_swap()
    {
        using var temp = new TempDirectory();
        await IndexIntegrityTests.CreateAsync(temp.Path, ("a", "b"));
        WriteRawIndex(Path.Combine(temp.Path, "gen-000001"), "x", "y");
        File.WriteAllText(Path.Combine(temp.Path, "current"), "gen-000001\n");

        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);

        Assert.Equal(new HashSet<string> { "x", "y" }, index.GetIds("src"));
        Assert.Empty(Directory.GetFiles(temp.Path, "segments*"));
        Assert.Empty(Directory.GetFiles(temp.Path, "_*"));
    }

    [Fact]
    public async Task Should_open_and_rebuild_a_data_directory_of_the_old_layout()
    {
        using var temp = new TempDirectory();

        // Before generations existed the service's writer put the segments straight into data/index.
        WriteRawIndex(temp.Path, "a", "b", "c");

        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);
        Assert.False(index.WasCreated);
        Assert.Equal(IndexHealthStatus.Healthy, index.Health.Status);
        Assert.Equal(".", index.GetStats().Generation);
        Assert.Equal("Convenant hennep", index.Get("b")!.Title);

        var status = await index.RebuildAsync(null, CancellationToken.None);

        Assert.Equal(IndexRebuildState.Succeeded, status.State);
        Assert.Equal(new HashSet<string> { "a", "b", "c" }, index.GetIds("src"));
        Assert.Empty(Directory.GetFiles(temp.Path, "segments*"));
        Assert.True(File.Exists(Path.Combine(temp.Path, "gen-000001", "segments_1")));
    }

    [Fact]
    public async Task Should_finish_a_search_that_spans_the_swap_on_the_old_generation_and_delete_it_afterwards()
    {
        using var temp = new TempDirectory();
        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);
        await AddAsync(index, 40);
        var hennep = new TermQuery(new Term(IndexFields.Title, Token(index.Analyzer, "hennep")));
        index.ReloadQueryAnalysis(HennepIsAStopword.Value);
        var lease = index.AcquireSearcher();

        await index.RebuildAsync(null, CancellationToken.None);

        Assert.Equal(0, index.Count(hennep));
        Assert.Equal(40, lease.Searcher.Search(hennep, 100).TotalHits);
        Assert.Equal("Convenant hennep", lease.Searcher.Doc(lease.Searcher.Search(hennep, 1).ScoreDocs[0].Doc).Get(IndexFields.Title));
        Assert.NotEmpty(Directory.GetFiles(temp.Path, "segments*"));
        lease.Dispose();
        Assert.Empty(Directory.GetFiles(temp.Path, "segments*"));
    }

    [Fact]
    public async Task Should_refuse_a_second_rebuild_while_one_runs()
    {
        using var temp = new TempDirectory();
        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);
        await AddAsync(index, 10);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        index.RebuildHook = (phase, _) => phase == RebuildPhase.Copying ? release.Task : Task.CompletedTask;

        var first = index.StartRebuild(CancellationToken.None);
        var second = index.StartRebuild(CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => index.RebuildAsync(null, CancellationToken.None));
        Assert.Equal(IndexRebuildState.Running, index.LastRebuild!.State);
        release.SetResult();

        Assert.NotNull(first);
        Assert.Null(second);
        while (index.LastRebuild!.State == IndexRebuildState.Running)
        {
            // Waiting for the background run to end (a condition, not a duration).
            await Task.Delay(10);
        }

        Assert.Equal(first.RunId, index.LastRebuild.RunId);
        Assert.Equal(IndexRebuildState.Succeeded, index.LastRebuild.State);
    }

    [Fact]
    public void Should_not_rebuild_an_index_that_is_not_on_disk()
    {
        using var index = new LuceneIndex(new Lucene.Net.Store.RAMDirectory(), NullLogger<LuceneIndex>.Instance);

        Assert.False(index.CanRebuild);
        Assert.Throws<NotSupportedException>(() => index.StartRebuild(CancellationToken.None));
    }

    [Fact]
    public void Should_not_serve_an_index_whose_pointer_names_a_missing_generation_until_it_is_reset()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, "current"), "gen-000009\n");

        using (var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance))
        {
            Assert.Equal(IndexHealthStatus.Unavailable, index.Health.Status);
            Assert.Contains("gen-000009", index.Health.Description);
        }

        Assert.Null(IndexMaintenance.Reset(temp.Path, TimeProvider.System, NullLogger.Instance));
        using var reset = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);
        Assert.True(reset.WasCreated);
        Assert.Equal(IndexHealthStatus.Healthy, reset.Health.Status);
    }

    /// <summary>The snippet layout a search gets now (from its lease, as the search service takes it).</summary>
    private static DutchLayoutAnalyzer LayoutOf(LuceneIndex index)
    {
        using var lease = index.AcquireSearcher();
        return lease.Layout!;
    }

    private static IndexDocument Doc(string id, string source = "src") =>
        DocumentMapperTests.Sample(id) with { SourceId = source };

    private static async Task AddAsync(LuceneIndex index, int count)
    {
        foreach (var batch in Enumerable.Range(0, count).Select(i => Doc($"d{i}")).Chunk(100))
        {
            await index.UpsertAsync(batch, CancellationToken.None);
            await index.CommitAsync(CancellationToken.None);
        }
    }

    /// <summary>An index written with a plain Lucene writer, as the service wrote it before generations.</summary>
    private static void WriteRawIndex(string path, params string[] ids)
    {
        using var directory = new Lucene.Net.Store.NIOFSDirectory(new DirectoryInfo(path));
        using var writer = new IndexWriter(directory, new IndexWriterConfig(DutchTextAnalyzer.Version, LuceneIndex.CreateAnalyzer()));
        foreach (var id in ids)
        {
            writer.AddDocument(DocumentMapper.ToLucene(DocumentMapperTests.Sample(id)));
        }

        writer.Commit();
    }

    private static string Token(Analyzer analyzer, string word)
    {
        using var stream = analyzer.GetTokenStream(IndexFields.Title, word);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        Assert.True(stream.IncrementToken());
        var token = term.ToString();
        stream.End();
        return token;
    }

    /// <summary>Searches in a tight loop on another thread, recording every failure.</summary>
    private sealed class SearchLoop
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _completed;

        public SearchLoop(LuceneIndex index)
        {
            _loop = Task.Run(() =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        using var lease = index.AcquireSearcher();
                        var hits = lease.Searcher.Search(new TermQuery(new Term(IndexFields.Source, "src")), 10);
                        _ = lease.Searcher.Doc(hits.ScoreDocs[0].Doc).Get(IndexFields.Title);
                        Interlocked.Increment(ref _completed);
                    }
                    catch (Exception ex)
                    {
                        Failures.Add(ex);
                    }
                }
            });
        }

        public ConcurrentBag<Exception> Failures { get; } = [];

        public int Completed => Volatile.Read(ref _completed);

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }
    }
}
