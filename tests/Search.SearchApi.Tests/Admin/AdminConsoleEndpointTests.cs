using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Search.Indexer.Sources;
using Search.Indexer.Writing;

namespace Search.SearchApi.Tests.Admin;

/// <summary>The endpoints behind the admin console: dry run, analysis files, analytics and the audit log.</summary>
public sealed class AdminConsoleEndpointTests(AdminFactory factory) : IClassFixture<AdminFactory>
{
    [Fact]
    public async Task Should_preview_the_first_documents_of_a_dry_run_and_save_or_index_nothing()
    {
        using var client = factory.AdminClient();
        var before = factory.Services.GetRequiredService<LuceneIndex>().GetIds("proef").Count;

        using var response = await client.PostAsync("/api/v1/admin/sources/dry-run", Json($$"""
            { "id": "proef", "name": "Proefbron", "kind": "sitemap", "url": "{{factory.Site.Url("/sitemap.xml")}}", "schedule": "0 0 4 1 1 ? 2099" }
            """));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var document = Assert.Single(JsonNode.Parse(body)!.AsArray())!;
        Assert.Equal("Convenant aanpak ondermijning Noord", document.Str("title"));
        Assert.Equal(factory.Site.Url("/convenant.html").AbsoluteUri, document.Str("url"));
        Assert.NotNull(document["type"]);
        Assert.Contains("vastgoedfraude", document.Str("textPreview"), StringComparison.Ordinal);
        Assert.True(document.Str("textPreview").Length <= 300);
        Assert.Null(document["error"]);
        Assert.Null(factory.Services.GetRequiredService<SourceCatalog>().Find("proef"));
        Assert.False(File.Exists(Path.Combine(factory.DataDirectory, "sources", "proef.json")));
        Assert.Equal(0, before);
        Assert.Empty(factory.Services.GetRequiredService<LuceneIndex>().GetIds("proef"));
    }

    [Fact]
    public async Task Should_name_each_bad_field_of_a_dry_run_like_a_post()
    {
        using var client = factory.AdminClient();

        using var response = await client.PostAsync("/api/v1/admin/sources/dry-run", Json("""{ "id": "Fout!", "name": "x", "kind": "ftp", "schedule": "nooit" }"""));
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        foreach (var field in new[] { "id", "kind", "schedule" })
        {
            Assert.NotNull(problem["errors"]![field]);
        }

        Assert.StartsWith("'nooit' is geen geldige Quartz-cronexpressie", problem["errors"]!["schedule"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_refuse_a_broken_analysis_file_and_write_nothing()
    {
        using var client = factory.AdminClient();
        var path = Path.Combine(factory.AnalysisDirectory, "synonyms.txt");
        var original = await File.ReadAllTextAsync(path);

        var current = await client.GetObjectAsync("/api/v1/admin/analysis/files/synonyms.txt");
        using var response = await client.PutAsJsonAsync("/api/v1/admin/analysis/files/synonyms.txt", new { text = original + "\nalleen\n" });
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(original, current.Str("text"));
        Assert.False(current["indexSide"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("synonyms.txt", problem["errors"]!["text"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(original, await File.ReadAllTextAsync(path));
        Assert.Empty(Directory.EnumerateFiles(factory.AnalysisDirectory, "*.tmp"));
    }

    [Fact]
    public async Task Should_write_a_valid_analysis_file_and_reload_the_query_analyzer()
    {
        using var client = factory.AdminClient();
        var path = Path.Combine(factory.AnalysisDirectory, "synonyms.txt");
        var text = await File.ReadAllTextAsync(path) + "\nrijwiel, fiets\n";

        using var response = await client.PutAsJsonAsync("/api/v1/admin/analysis/files/synonyms.txt", new { text });
        using var analyzed = await client.PostAsJsonAsync("/api/v1/admin/analyze", new { text = "rijwiel", mode = "query" });
        var tokens = JsonNode.Parse(await analyzed.Content.ReadAsStringAsync())!["tokens"]!.AsArray().Select(t => t!.Str("term")).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(text, await File.ReadAllTextAsync(path));
        Assert.Contains(tokens, t => t.StartsWith("fiets", StringComparison.Ordinal));
        var compound = await client.GetObjectAsync("/api/v1/admin/analysis/files/compound-never-split.txt");
        Assert.True(compound["indexSide"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("nl-words.txt")]
    [InlineData("..%2Fappsettings.json")]
    public async Task Should_only_serve_the_whitelisted_analysis_files(string name)
    {
        using var client = factory.AdminClient();

        using var get = await client.GetAsync($"/api/v1/admin/analysis/files/{name}");
        using var put = await client.PutAsJsonAsync($"/api/v1/admin/analysis/files/{name}", new { text = "x" });

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
    }

    [Fact]
    public async Task Should_count_searches_zero_results_and_clicks_without_storing_who_searched()
    {
        using var client = factory.CreateClient();
        await client.GetObjectAsync("/api/v1/search?q=Convenant");
        await client.GetObjectAsync("/api/v1/search?q=convenant%20%20");
        await client.GetObjectAsync("/api/v1/search?q=convenant&page=2");
        await client.GetObjectAsync("/api/v1/search?q=xyzzyniets");
        using var click = await client.PostAsJsonAsync("/api/v1/click", new { query = "convenant", id = "doc-1", position = 1 });
        using var badClick = await client.PostAsJsonAsync("/api/v1/click", new { query = "", id = "doc-1", position = 0 });

        using var admin = factory.AdminClient();
        var report = await admin.GetObjectAsync("/api/v1/admin/analytics?days=30");

        Assert.Equal(HttpStatusCode.NoContent, click.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badClick.StatusCode);
        var top = report["topQueries"]!.AsArray().Single(q => q!.Str("query") == "convenant")!;
        Assert.Equal(2, top["count"]!.GetValue<int>());
        Assert.Equal(1, top["clicks"]!.GetValue<int>());
        Assert.Contains(report["zeroResultQueries"]!.AsArray(), q => q!.Str("query") == "xyzzyniets");
        Assert.InRange(report["clickThroughRate"]!.GetValue<double>(), 0.01, 1);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/admin/analytics")).StatusCode);

        using var db = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "state", "analytics.db")};Mode=ReadOnly;Pooling=False");
        db.Open();
        foreach (var table in new[] { "searches", "clicks" })
        {
            using var command = db.CreateCommand();
            command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
            using var reader = command.ExecuteReader();
            var columns = new List<string>();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }

            Assert.NotEmpty(columns);
            Assert.DoesNotContain(columns, c => new[] { "user", "ip", "session", "agent", "name", "email", "address" }.Any(c.Contains));
        }
    }

    [Fact]
    public async Task Should_audit_admin_actions_with_who_what_target_and_outcome()
    {
        using var client = factory.AdminClient();
        using var created = await client.PostAsJsonAsync("/api/v1/admin/partner-keys", new { name = "Auditpartner", allowedOrigins = new[] { "https://gemeente.example" } });
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!.Str("id");
        using var revoked = await client.DeleteAsync($"/api/v1/admin/partner-keys/{id}");
        using var reload = await client.PostAsync("/api/v1/admin/analysis/reload", null);
        using var missing = await client.PostAsync("/api/v1/admin/sources/bestaat-niet/harvest", null);
        using var anonymous = factory.CreateClient();
        using var refused = await anonymous.DeleteAsync($"/api/v1/admin/partner-keys/{id}");

        var audit = (await client.GetFromJsonAsync<JsonArray>("/api/v1/admin/audit"))!.Select(a => a!.AsObject()).ToList();

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var create = Assert.Single(audit, a => a.Str("action") == "POST /api/v1/admin/partner-keys" && a["target"]?.GetValue<string>() == id);
        Assert.Equal(201, create["status"]!.GetValue<int>());
        Assert.Equal("admin-key", create.Str("who"));
        Assert.True(DateTimeOffset.UtcNow - create["at"]!.GetValue<DateTimeOffset>() < TimeSpan.FromMinutes(5));
        var revoke = Assert.Single(audit, a => a.Str("action") == "DELETE /api/v1/admin/partner-keys/{id}" && a["target"]?.GetValue<string>() == id);
        Assert.Equal(204, revoke["status"]!.GetValue<int>());
        Assert.Contains(audit, a => a.Str("action") == "POST /api/v1/admin/analysis/reload");
        Assert.Contains(audit, a => a.Str("action") == "POST /api/v1/admin/sources/{id}/harvest" && a["status"]!.GetValue<int>() == 404);
        Assert.DoesNotContain(audit, a => a.Str("action").StartsWith("GET ", StringComparison.Ordinal));
        Assert.True(audit.IndexOf(revoke) < audit.IndexOf(create), "newest first");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
