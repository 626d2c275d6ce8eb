using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Search.SearchApi.Partners;

namespace Search.SearchApi.Tests.Partners;

/// <summary>The service with an admin key; partner keys are created through the admin API as an admin would.</summary>
public sealed class PartnerFactory : SearchApiFactory
{
    public const string AdminKey = "test-beheersleutel-partners-0123";
    public const string PartnerOrigin = "https://partner.example";

    protected override IEnumerable<(string Key, string Value)> Settings => [("Search:Admin:ApiKey", AdminKey)];

    public HttpClient AdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

    public async Task<(string Id, string Key)> CreateKeyAsync(string? filter = null, int rateLimitPerMinute = 1000, params string[] origins)
    {
        using var admin = AdminClient();
        using var response = await admin.PostAsJsonAsync("/api/v1/admin/partner-keys", new
        {
            name = "Gemeente Voorbeeld",
            allowedOrigins = origins.Length == 0 ? [PartnerOrigin] : origins,
            filter,
            rateLimitPerMinute,
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var json = JsonNode.Parse(body)!;
        return (json.Str("id"), json.Str("key"));
    }

    public HttpRequestMessage PartnerSearch(string key, string query, string? origin = null, string? extra = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{PartnerSearchEndpoints.SearchPath}?q={Uri.EscapeDataString(query)}{extra}");
        request.Headers.Add("X-Api-Key", key);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }
}

public sealed class PartnerEndpointTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    [Fact]
    public async Task Should_show_a_new_key_once_store_only_its_hash_and_list_keys_without_it()
    {
        var (id, key) = await factory.CreateKeyAsync("theme:hennep", 30, "https://Partner.Example/");

        Assert.Matches("^[A-Za-z0-9_-]{43}$", key);
        using var admin = factory.AdminClient();
        var list = await admin.GetStringAsync("/api/v1/admin/partner-keys");
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        var listed = JsonNode.Parse(list)!.AsArray().Single(k => k!.Str("id") == id)!;
        Assert.Equal("https://partner.example", listed["allowedOrigins"]![0]!.GetValue<string>());
        Assert.Equal("theme:hennep", listed.Str("filter"));
        Assert.Equal(30, listed["rateLimitPerMinute"]!.GetValue<int>());

        var database = await ReadSharedAsync(Path.Combine(factory.DataDirectory, "state", "partners.db"));
        Assert.DoesNotContain(key, database, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))), database, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_answer_400_naming_every_invalid_field()
    {
        using var admin = factory.AdminClient();
        using var response = await admin.PostAsJsonAsync("/api/v1/admin/partner-keys", new
        {
            name = "",
            allowedOrigins = new[] { "*" },
            filter = "colour:red",
            rateLimitPerMinute = 0,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["allowedOrigins", "filter", "name", "rateLimitPerMinute"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task Should_never_accept_a_partner_key_on_admin_endpoints()
    {
        var (id, key) = await factory.CreateKeyAsync();
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/admin/partner-keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.DeleteAsync($"/api/v1/admin/partner-keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/admin/partner-keys", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/v1/admin/sources/oost/harvest", null)).StatusCode);
    }

    [Fact]
    public async Task Should_search_public_documents_only_with_the_keys_filter_anded_on()
    {
        var (_, all) = await factory.CreateKeyAsync();
        var (_, west) = await factory.CreateKeyAsync("source:west");
        using var client = factory.CreateClient();

        var restricted = await SearchAsync(client, factory.PartnerSearch(all, Fixtures.MembersToken));
        Assert.Equal(0, restricted.Total());
        var convenant = await SearchAsync(client, factory.PartnerSearch(all, "convenant"));
        Assert.True(convenant.Total() >= 2);
        Assert.All(convenant.Hits(), h => Assert.NotEqual("leden", h["source"]!.Str("id")));
        Assert.DoesNotContain(Fixtures.MembersToken, convenant.ToJsonString(), StringComparison.Ordinal);

        var filtered = await SearchAsync(client, factory.PartnerSearch(west, "convenant"));
        Assert.True(filtered.Total() >= 1);
        Assert.All(filtered.Hits(), h => Assert.Equal("west", h["source"]!.Str("id")));

        // The page's own filter narrows further but can never widen the key's.
        var widened = await SearchAsync(client, factory.PartnerSearch(west, "convenant", extra: "&filter=source:oost"));
        Assert.Equal(0, widened.Total());
    }

    [Fact]
    public async Task Should_escape_markup_in_snippets()
    {
        var (_, key) = await factory.CreateKeyAsync();
        using var client = factory.CreateClient();

        var result = await SearchAsync(client, factory.PartnerSearch(key, "woninginbraken wijkagent"));

        var snippet = result.Hits().First(h => h.Str("title").Contains("inbraken", StringComparison.Ordinal)).Str("snippet");
        Assert.Contains("&lt;script&gt;", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_answer_401_for_unknown_and_revoked_keys_at_once()
    {
        var (id, key) = await factory.CreateKeyAsync();
        using var client = factory.CreateClient();
        using (var ok = await client.SendAsync(factory.PartnerSearch(key, "hennep")))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var admin = factory.AdminClient();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/admin/partner-keys/{id}")).StatusCode);

        using var revoked = await client.SendAsync(factory.PartnerSearch(key, "hennep"));
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Equal("application/problem+json", revoked.Content.Headers.ContentType?.MediaType);
        using var random = await client.SendAsync(factory.PartnerSearch(Convert.ToBase64String(new byte[32]), "hennep"));
        Assert.Equal(HttpStatusCode.Unauthorized, random.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/v1/admin/partner-keys/pk_bestaatniet")).StatusCode);
        var listed = JsonNode.Parse(await admin.GetStringAsync("/api/v1/admin/partner-keys"))!.AsArray().Single(k => k!.Str("id") == id)!;
        Assert.NotNull(listed["revokedAt"]);
    }

    [Fact]
    public async Task Should_send_cors_headers_only_to_the_keys_origins()
    {
        var (_, key) = await factory.CreateKeyAsync();
        using var client = factory.CreateClient();

        using var allowed = await client.SendAsync(factory.PartnerSearch(key, "hennep", PartnerFactory.PartnerOrigin));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(PartnerFactory.PartnerOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Origin", allowed.Headers.Vary);

        using var evil = await client.SendAsync(factory.PartnerSearch(key, "hennep", "https://evil.test"));
        Assert.Equal(HttpStatusCode.Forbidden, evil.StatusCode);
        Assert.False(evil.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal("application/problem+json", evil.Content.Headers.ContentType?.MediaType);

        // Off-browser (no Origin) a key still works: it only ever grants public, rate-limited search.
        using var serverToServer = await client.SendAsync(factory.PartnerSearch(key, "hennep"));
        Assert.Equal(HttpStatusCode.OK, serverToServer.StatusCode);
        Assert.False(serverToServer.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Should_answer_preflights_only_for_origins_some_key_allows()
    {
        await factory.CreateKeyAsync();
        using var client = factory.CreateClient();

        using var allowed = await client.SendAsync(Preflight(PartnerFactory.PartnerOrigin));
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(PartnerFactory.PartnerOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("X-Api-Key", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Equal("GET", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single());

        using var evil = await client.SendAsync(Preflight("https://evil.test"));
        Assert.Equal(HttpStatusCode.Forbidden, evil.StatusCode);
        Assert.False(evil.Headers.Contains("Access-Control-Allow-Origin"));

        static HttpRequestMessage Preflight(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, PartnerSearchEndpoints.SearchPath);
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "GET");
            request.Headers.Add("Access-Control-Request-Headers", "x-api-key");
            return request;
        }
    }

    [Fact]
    public async Task Should_answer_429_with_retry_after_above_the_keys_rate()
    {
        var (_, key) = await factory.CreateKeyAsync(rateLimitPerMinute: 2);
        using var client = factory.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            using var ok = await client.SendAsync(factory.PartnerSearch(key, "hennep", PartnerFactory.PartnerOrigin));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await client.SendAsync(factory.PartnerSearch(key, "hennep", PartnerFactory.PartnerOrigin));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = limited.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter.TotalSeconds, 1, 60);
        // The widget may read the refusal (and its Retry-After) on an allowed origin.
        Assert.Equal(PartnerFactory.PartnerOrigin, limited.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Should_serve_the_iframe_page_framable_only_by_the_keys_origins()
    {
        var (_, key) = await factory.CreateKeyAsync();
        using var client = factory.CreateClient();

        using var page = await client.GetAsync($"/embed?key={Uri.EscapeDataString(key)}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"frame-ancestors {PartnerFactory.PartnerOrigin}", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("/embed.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var unknown = await client.GetAsync("/embed?key=onbekend");
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);

        using var script = await client.GetAsync("/embed.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Should_never_write_a_partner_key_to_the_log()
    {
        var (id, key) = await factory.CreateKeyAsync();
        using var client = factory.CreateClient();
        (await client.SendAsync(factory.PartnerSearch(key, "hennep", "https://evil.test"))).Dispose();
        (await client.SendAsync(factory.PartnerSearch(key, "hennep"))).Dispose();
        (await client.GetAsync($"/embed?key={Uri.EscapeDataString(key)}")).Dispose();
        using var admin = factory.AdminClient();
        (await admin.DeleteAsync($"/api/v1/admin/partner-keys/{id}")).Dispose();
        (await client.SendAsync(factory.PartnerSearch(key, "hennep"))).Dispose();

        var log = factory.Log.ToArray();
        Assert.Contains(log, line => line.Contains(id, StringComparison.Ordinal) && line.Contains("revoked", StringComparison.Ordinal));
        Assert.Contains(log, line => line.Contains("origin not allowed", StringComparison.Ordinal));
        Assert.DoesNotContain(log, line => line.Contains(key, StringComparison.Ordinal));
    }

    private static async Task<JsonObject> SearchAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        using (var response = await client.SendAsync(request))
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{request.RequestUri} answered {(int)response.StatusCode}: {body}");
            return JsonNode.Parse(body)!.AsObject();
        }
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in new[] { path, path + "-wal" }.Where(File.Exists))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }
}
