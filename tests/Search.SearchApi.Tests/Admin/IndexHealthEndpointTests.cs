using System.Net;
using System.Text.Json.Nodes;
using Lucene.Net.Store;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Schema;
using Search.Indexer.Writing;
using Search.TestKit;

namespace Search.SearchApi.Tests.Admin;

/// <summary>
/// The service over a damaged index (reliability row 35): it starts, does not serve the index, answers searches with a
/// Dutch 503 ProblemDetails and reports itself not ready; a reindex cannot start from it.
/// </summary>
public sealed class IndexHealthEndpointTests(DamagedIndexFactory factory) : IClassFixture<DamagedIndexFactory>
{
    [Fact]
    public async Task Should_answer_searches_with_503_while_the_index_is_damaged()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/api/v1/search?q=hennep");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Zoeken tijdelijk niet beschikbaar", problem.Str("title"));
        Assert.NotNull(problem["traceId"]);
        Assert.True(response.Headers.RetryAfter is not null);
    }

    [Fact]
    public async Task Should_report_not_ready_while_the_index_is_damaged()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Should_not_start_a_reindex_from_a_damaged_index()
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", DamagedIndexFactory.Key);

        using var response = await client.PostAsync("/api/v1/admin/reindex", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Index niet beschikbaar", JsonNode.Parse(await response.Content.ReadAsStringAsync())!.Str("title"));
    }

    [Fact]
    public async Task Should_report_degraded_but_ready_when_a_commit_failed()
    {
        var directory = new SyncFailingDirectory(new RAMDirectory());
        using var index = new LuceneIndex(directory, NullLogger<LuceneIndex>.Instance);
        await index.UpsertAsync([], CancellationToken.None);
        var check = new IndexReadyCheck(index);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext())).Status);

        directory.Failing = true;
        await index.UpsertAsync([DamagedIndexFactory.Doc("a")], CancellationToken.None);
        await Assert.ThrowsAsync<IndexWriteException>(() => index.CommitAsync(CancellationToken.None));
        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("No space left on device", result.Description);
    }

    /// <summary>A RAM directory whose fsync (every commit) fails while switched on, like a full disk.</summary>
    private sealed class SyncFailingDirectory(Lucene.Net.Store.Directory inner) : FilterDirectory(inner)
    {
        public volatile bool Failing;

        public override void Sync(ICollection<string> names)
        {
            if (Failing)
            {
                throw new IOException("No space left on device");
            }

            base.Sync(names);
        }
    }
}

/// <summary>The real service whose data directory holds an index with one flipped byte, and no sources to harvest.</summary>
public sealed class DamagedIndexFactory : SearchApiFactory
{
    public const string Key = "test-beheersleutel-0123456789";

    public override async Task InitializeAsync()
    {
        var root = Path.Combine(DataDirectory, "index");
        using (var index = LuceneIndex.OpenFileSystem(root, NullLogger<LuceneIndex>.Instance))
        {
            await index.UpsertAsync([DamagedIndexFactory.Doc("a"), DamagedIndexFactory.Doc("b")], CancellationToken.None);
            await index.CommitAsync(CancellationToken.None);
        }

        var segment = System.IO.Directory.GetFiles(root, "_*.cfs").Single();
        var bytes = await File.ReadAllBytesAsync(segment);
        bytes[bytes.Length / 2] ^= 0xff;
        await File.WriteAllBytesAsync(segment, bytes);
        await base.InitializeAsync();
    }

    internal static IndexDocument Doc(string id) => new()
    {
        Id = id,
        SourceId = "oost",
        SourceName = "Netwerk Oost",
        Url = $"https://oost.example/{id}",
        Title = "Convenant hennep",
        Body = "Afspraken over hennepteelt.",
        Type = "convenant",
        Format = "html",
    };

    protected override void WriteSources()
    {
    }

    protected override IEnumerable<(string Key, string Value)> Settings => [("Search:Admin:ApiKey", Key)];
}
