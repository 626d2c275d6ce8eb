using System.Net;
using System.Text.Json.Nodes;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.DependencyInjection;
using Search.Indexer.Schema;
using Search.Indexer.Writing;
using Search.SearchApi.Admin;

namespace Search.SearchApi.Tests.Admin;

/// <summary>POST/GET /api/v1/admin/reindex on the real service: a zero-downtime rebuild behind the admin key, audited.</summary>
public sealed class ReindexEndpointTests(AdminFactory factory) : IClassFixture<AdminFactory>
{
    [Fact]
    public async Task Should_refuse_a_reindex_without_the_admin_key()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/v1/admin/reindex", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Should_rebuild_in_the_background_while_search_keeps_answering()
    {
        using var admin = factory.AdminClient();
        using var searcher = factory.CreateClient();
        var index = factory.Services.GetRequiredService<LuceneIndex>();
        var before = index.GetStats();

        // An index-side analysis change: "convenant" becomes a stopword, visible only once the rebuilt index is swapped in.
        var convenant = new TermQuery(new Term(IndexFields.Title, Token(index.Analyzer, "convenant")));
        Assert.True(index.Count(convenant) > 0);
        await File.AppendAllTextAsync(Path.Combine(factory.AnalysisDirectory, "nl-stopwords.txt"), "\nconvenant\n");

        using var response = await admin.PostAsync("/api/v1/admin/reindex", null);
        var started = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var runId = started.Str("runId");
        Assert.Equal($"/api/v1/admin/reindex/{runId}", response.Headers.Location?.OriginalString);
        JsonNode status;
        var searches = 0;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        do
        {
            using var search = await searcher.GetAsync("/api/v1/search?q=hennep", deadline.Token);
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
            Assert.True(JsonNode.Parse(await search.Content.ReadAsStringAsync(deadline.Token))!["total"]!.GetValue<int>() > 0);
            searches++;
            status = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/admin/reindex/{runId}", deadline.Token))!;
        }
        while (status.Str("state") == "running");

        Assert.True(searches > 0);
        Assert.Equal("succeeded", status.Str("state"));
        Assert.Equal(0, index.Count(convenant));
        Assert.True(index.Count(new MatchAllDocsQuery()) > 0);
        Assert.Equal(before.Documents, status["documentsCopied"]!.GetValue<int>());
        Assert.StartsWith("gen-", status.Str("generation"));
        Assert.Equal(status.Str("generation"), factory.Services.GetRequiredService<LuceneIndex>().GetStats().Generation);
        Assert.Equal(runId, JsonNode.Parse(await admin.GetStringAsync("/api/v1/admin/reindex"))!.Str("runId"));
        Assert.Contains(factory.Services.GetRequiredService<AuditLog>().Recent(20),
            e => e.Action == "POST /api/v1/admin/reindex" && e.Target == runId && e.Status == 202);
    }

    [Fact]
    public async Task Should_answer_409_while_a_rebuild_runs()
    {
        using var admin = factory.AdminClient();
        var index = factory.Services.GetRequiredService<LuceneIndex>();
        using var copying = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var blocked = 0;

        // The rebuild reports progress on its own thread: holding that report holds the rebuild mid-copy.
        var running = index.RebuildAsync(new Progress(() =>
        {
            if (Interlocked.Exchange(ref blocked, 1) == 0)
            {
                copying.Release();
                release.Wait(TimeSpan.FromSeconds(30));
            }
        }), CancellationToken.None);
        Assert.True(await copying.WaitAsync(TimeSpan.FromSeconds(30)));

        using var response = await admin.PostAsync("/api/v1/admin/reindex", null);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        release.Release();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("Herbouw loopt al", problem.Str("title"));
        Assert.Equal(IndexRebuildState.Succeeded, (await running).State);
    }

    [Fact]
    public async Task Should_answer_404_for_an_unknown_run()
    {
        using var admin = factory.AdminClient();

        using var response = await admin.GetAsync("/api/v1/admin/reindex/onbekend");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Herbouw niet gevonden", JsonNode.Parse(await response.Content.ReadAsStringAsync())!.Str("title"));
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

    private sealed class Progress(Action report) : IProgress<IndexRebuildStatus>
    {
        public void Report(IndexRebuildStatus value) => report();
    }
}
