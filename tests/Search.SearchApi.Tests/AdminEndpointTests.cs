using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Search.Indexer.Harvesting;
using Search.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace Search.SearchApi.Tests;

/// <summary>The service with an admin key, and a loopback website to add as a sitemap source.</summary>
public sealed class AdminFactory : SearchApiFactory
{
    public const string Key = "test-beheersleutel-0123456789";

    public LoopbackSite Site { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Site = await LoopbackSite.StartAsync();
        Site.SetHtml("/convenant.html", """
            <html><head><title>Convenant aanpak ondermijning Noord</title></head>
            <body><main><h1>Convenant aanpak ondermijning Noord</h1><p>Afspraken over vastgoedfraude en witwassen in het noorden.</p></main></body></html>
            """);
        Site.SetText("/sitemap.xml", LoopbackSite.Sitemap([Site.Url("/convenant.html")]), "application/xml");
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Site.DisposeAsync();
    }

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Search:Admin:ApiKey", Key),
        ("Search:Harvest:AllowPrivateNetworks", "true"),
        ("Search:Harvest:MinDelayPerHost", "00:00:00"),
    ];

    public HttpClient AdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        return client;
    }

    public async Task<HarvestRun> WaitForRunAsync(string sourceId)
    {
        var store = Services.GetRequiredService<HarvestStore>();
        var runner = Services.GetRequiredService<HarvestRunner>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (store.Last(sourceId) is not { Status: not HarvestStatus.Running } || runner.IsRunning(sourceId))
        {
            await Task.Delay(20, deadline.Token);
        }

        return store.Last(sourceId)!;
    }
}

public sealed class AdminEndpointTests(AdminFactory factory) : IClassFixture<AdminFactory>
{
    [Theory]
    [InlineData(null)]
    [InlineData("verkeerde-sleutel")]
    public async Task Should_refuse_admin_requests_without_the_right_key(string? key)
    {
        using var client = factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        using var response = await client.GetAsync("/api/v1/admin/sources/oost/runs");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Should_name_each_bad_field_of_a_posted_source_and_save_nothing()
    {
        using var client = factory.AdminClient();

        using var response = await client.PostAsync("/api/v1/admin/sources", Json("""
            { "id": "Fout!", "name": "x", "kind": "ftp", "schedule": "elke nacht", "auth": { "kind": "basic", "password": "geheim" } }
            """));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        foreach (var field in new[] { "id", "kind", "schedule", "auth.password" })
        {
            Assert.NotNull(problem["errors"]![field]);
        }

        Assert.DoesNotContain("geheim", problem.ToJsonString());
        Assert.False(Directory.Exists(Path.Combine(factory.DataDirectory, "sources")) && Directory.EnumerateFiles(Path.Combine(factory.DataDirectory, "sources"), "fout*").Any());
    }

    [Fact]
    public async Task Should_add_harvest_list_runs_update_and_delete_a_source()
    {
        using var client = factory.AdminClient();
        var definition = $$"""
            { "id": "noord", "name": "Netwerk Noord", "kind": "sitemap", "url": "{{factory.Site.Url("/sitemap.xml")}}", "schedule": "0 0 4 * * ?" }
            """;

        using var created = await client.PostAsync("/api/v1/admin/sources", Json(definition));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, "sources", "noord.json")));
        var firstRun = await factory.WaitForRunAsync("noord");
        Assert.Equal(HarvestStatus.Succeeded, firstRun.Status);
        var search = await client.GetObjectAsync("/api/v1/search?q=vastgoedfraude");
        Assert.Equal("noord", Assert.Single(search.Hits())["source"]!.Str("id"));

        using var duplicate = await client.PostAsync("/api/v1/admin/sources", Json(definition));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        using var started = await client.PostAsync("/api/v1/admin/sources/noord/harvest", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = JsonNode.Parse(await started.Content.ReadAsStringAsync())!.Str("runId");
        Assert.EndsWith($"/api/v1/admin/sources/noord/runs/{runId}", started.Headers.Location!.OriginalString);
        var second = await factory.WaitForRunAsync("noord");
        Assert.Equal(runId, second.RunId);
        Assert.Equal(1, second.Counts.Unchanged);

        var runs = JsonNode.Parse(await client.GetStringAsync("/api/v1/admin/sources/noord/runs"))!.AsArray();
        Assert.Equal([runId, firstRun.RunId], runs.Select(r => r!.Str("runId")).ToArray());
        var run = await client.GetObjectAsync($"/api/v1/admin/sources/noord/runs/{runId}");
        Assert.Equal("succeeded", run.Str("status"));
        Assert.Equal(1, run["counts"]!["discovered"]!.GetValue<int>());
        Assert.NotNull(run["events"]);

        using var updated = await client.PutAsync("/api/v1/admin/sources/noord", Json(definition.Replace("Netwerk Noord", "Netwerk Noord-Holland", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var sources = JsonNode.Parse(await client.GetStringAsync("/api/v1/sources"))!.AsArray();
        Assert.Equal("Netwerk Noord-Holland", sources.Single(s => s!.Str("id") == "noord")!.Str("name"));

        using var deleted = await client.DeleteAsync("/api/v1/admin/sources/noord");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, (await client.GetObjectAsync("/api/v1/search?q=vastgoedfraude")).Total());
        Assert.False(File.Exists(Path.Combine(factory.DataDirectory, "sources", "noord.json")));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/admin/sources/noord/runs")).StatusCode);
    }

    [Fact]
    public async Task Should_refuse_to_change_file_defined_sources_and_unknown_ids()
    {
        using var client = factory.AdminClient();

        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync("/api/v1/admin/sources/oost")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/v1/admin/sources/bestaat-niet")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/v1/admin/sources/bestaat-niet/harvest", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/admin/sources/oost/runs/bestaat-niet")).StatusCode);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
