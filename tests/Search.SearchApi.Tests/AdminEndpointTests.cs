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

    /// <summary>A copy of config/analysis that tests may edit.</summary>
    public string AnalysisDirectory { get; } = Path.Combine(Path.GetTempPath(), "search-analysis-" + Guid.NewGuid().ToString("N"));

    public override async Task InitializeAsync()
    {
        Directory.CreateDirectory(AnalysisDirectory);
        foreach (var file in Directory.EnumerateFiles(RepoAnalysisDirectory()))
        {
            File.Copy(file, Path.Combine(AnalysisDirectory, Path.GetFileName(file)));
        }

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
        Directory.Delete(AnalysisDirectory, recursive: true);
    }

    private static string RepoAnalysisDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Search.sln")))
            {
                return Path.Combine(dir.FullName, "config", "analysis");
            }
        }

        throw new InvalidOperationException("Search.sln not found.");
    }

    protected override IEnumerable<(string Key, string Value)> Settings =>
    [
        ("Search:Admin:ApiKey", Key),
        ("Search:Harvest:AllowPrivateNetworks", "true"),
        ("Search:Harvest:MinDelayPerHost", "00:00:00"),
        ("Search:AnalysisDirectory", AnalysisDirectory),
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

        Assert.Equal("'ftp' is geen bekende soort; kies folder, sitemap, crawl, feed, wordpress of jsonapi.", problem["errors"]!["kind"]![0]!.GetValue<string>());
        Assert.StartsWith("Geheimen horen niet in bronbestanden; zet Search:Credentials:<source id>:Password", problem["errors"]!["auth.password"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.DoesNotContain("geheim", problem.ToJsonString());
        Assert.False(Directory.Exists(Path.Combine(factory.DataDirectory, "sources")) && Directory.EnumerateFiles(Path.Combine(factory.DataDirectory, "sources"), "fout*").Any());
    }

    [Fact]
    public async Task Should_add_harvest_list_runs_update_and_delete_a_source()
    {
        using var client = factory.AdminClient();
        var definition = $$"""
            { "id": "noord", "name": "Netwerk Noord", "kind": "sitemap", "url": "{{factory.Site.Url("/sitemap.xml")}}", "schedule": "0 0 4 1 1 ? 2099" }
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

        using var fileDefined = await client.DeleteAsync("/api/v1/admin/sources/oost");
        Assert.Equal(HttpStatusCode.Conflict, fileDefined.StatusCode);
        Assert.EndsWith("; verwijder in plaats daarvan dat bestand.", JsonNode.Parse(await fileDefined.Content.ReadAsStringAsync())!.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/v1/admin/sources/bestaat-niet")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/v1/admin/sources/bestaat-niet/harvest", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/admin/sources/oost/runs/bestaat-niet")).StatusCode);
    }

    [Fact]
    public async Task Should_show_index_and_query_tokens_with_positions_and_offsets()
    {
        using var client = factory.AdminClient();

        var index = JsonNode.Parse(await (await client.PostAsync("/api/v1/admin/analyze", Json("""{ "text": "De woninginbraak en het OM", "mode": "index" }"""))).Content.ReadAsStringAsync())!;
        var query = JsonNode.Parse(await (await client.PostAsync("/api/v1/admin/analyze", Json("""{ "text": "woninginbraak", "mode": "query" }"""))).Content.ReadAsStringAsync())!;
        using var bad = await client.PostAsync("/api/v1/admin/analyze", Json("""{ "text": "", "mode": "raar" }"""));

        var tokens = index["tokens"]!.AsArray().Select(t => t!.AsObject()).ToList();
        var compound = tokens.Where(t => t["startOffset"]!.GetValue<int>() == 3).ToList();
        Assert.True(compound.Count >= 3, "the compound and its parts share its offsets");
        Assert.Single(compound.Select(t => t["position"]!.GetValue<int>()).Distinct());
        Assert.Contains(compound, t => t.Str("term") == "woning");
        Assert.Contains(tokens, t => t.Str("term") == "x_om");
        Assert.DoesNotContain(query["tokens"]!.AsArray(), t => t!.Str("term") == "woning");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostAsync("/api/v1/admin/analyze", Json("""{ "text": "x" }"""))).StatusCode);
    }

    [Fact]
    public async Task Should_reload_synonyms_without_a_restart_and_keep_the_old_ones_when_a_file_is_broken()
    {
        using var client = factory.AdminClient();
        var synonyms = Path.Combine(factory.AnalysisDirectory, "synonyms.txt");
        var concepts = Path.Combine(factory.AnalysisDirectory, "concepts.txt");
        var original = await File.ReadAllTextAsync(synonyms);
        var originalConcepts = await File.ReadAllTextAsync(concepts);

        Assert.Equal(0, (await client.GetObjectAsync("/api/v1/search?q=buurtvaders")).Total());
        await File.AppendAllTextAsync(synonyms, "\nbuurtvaders, straatcoaches\n");
        using var reloaded = await client.PostAsync("/api/v1/admin/analysis/reload", null);
        Assert.Equal(HttpStatusCode.OK, reloaded.StatusCode);
        Assert.Equal(1, (await client.GetObjectAsync("/api/v1/search?q=buurtvaders")).Total());

        await File.WriteAllTextAsync(concepts, "kapot zonder tab\n");
        using var broken = await client.PostAsync("/api/v1/admin/analysis/reload", null);
        var problem = JsonNode.Parse(await broken.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("concepts.txt", problem.Str("detail"));
        Assert.Equal(1, (await client.GetObjectAsync("/api/v1/search?q=buurtvaders")).Total());
        await File.WriteAllTextAsync(synonyms, original);
        await File.WriteAllTextAsync(concepts, originalConcepts);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
