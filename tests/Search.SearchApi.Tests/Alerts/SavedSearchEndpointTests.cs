using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Search.SearchApi.Tests.Security;

namespace Search.SearchApi.Tests.Alerts;

/// <summary><c>/api/v1/me/saved-searches</c>: only for a validated token, and a user only ever sees and deletes their own.</summary>
public sealed class SavedSearchEndpointTests(AlertsApiFactory factory) : IClassFixture<AlertsApiFactory>
{
    private const string Url = "/api/v1/me/saved-searches";

    public static TheoryData<string> Untrusted => [Callers.Anonymous, Callers.Forged, Callers.Expired, Callers.AlgNone, Callers.RoleHeader];

    [Theory]
    [MemberData(nameof(Untrusted))]
    public async Task Should_answer_401_problem_details_to_callers_without_a_valid_token(string caller)
    {
        using var client = factory.ClientFor(caller);

        using var list = await client.GetAsync(Url);
        using var create = await client.PostAsJsonAsync(Url, new { name = "Hennep", q = "hennep" });
        using var delete = await client.DeleteAsync(Url + "/ss_0000000000000000");

        foreach (var response in new[] { list, create, delete })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal(401, problem["status"]!.GetValue<int>());
            Assert.Equal("Log in om zoekopdrachten op te slaan en te beheren.", problem.Str("detail"));
        }
    }

    [Fact]
    public async Task Should_save_a_search_with_the_email_address_of_the_token_not_of_the_body()
    {
        var subject = "user-" + Guid.NewGuid().ToString("N");
        using var client = factory.ClientAs(subject, $"{subject}@example.org", "oost");

        using var response = await client.PostAsJsonAsync(Url, new
        {
            name = "Convenanten ondermijning",
            q = "convenant",
            theme = new[] { "ondermijning" },
            year = new[] { "2025", "2026" },
            frequency = "weekly",
            email = "attacker@evil.example",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var saved = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith(Url + "/ss_", response.Headers.Location!.OriginalString);
        Assert.Equal("Convenanten ondermijning", saved.Str("name"));
        Assert.Equal($"{subject}@example.org", saved.Str("email"));
        Assert.Equal("weekly", saved.Str("frequency"));
        Assert.Equal("convenant", saved["query"]!.Str("q"));
        Assert.Equal(["2025", "2026"], saved["query"]!["year"]!.AsArray().Select(y => y!.GetValue<string>()));
        Assert.Null(saved["lastSentAt"]);
        Assert.Null(saved["subject"]);
        Assert.Null(saved["accessLabels"]);

        var list = JsonNode.Parse(await client.GetStringAsync(Url))!.AsArray();
        Assert.Equal(saved.Str("id"), Assert.Single(list)!.Str("id"));
    }

    [Fact]
    public async Task Should_reject_invalid_saved_searches_with_dutch_messages()
    {
        var subject = "user-" + Guid.NewGuid().ToString("N");
        using var client = factory.ClientAs(subject, $"{subject}@example.org", null);

        using var response = await client.PostAsJsonAsync(Url, new { name = " ", q = "hennep", year = new[] { "twintig" }, frequency = "hourly" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var errors = problem["errors"]!.AsObject();
        Assert.Equal("Geef de zoekopdracht een naam.", errors["name"]![0]!.GetValue<string>());
        Assert.Equal("De frequentie is 'daily' (dagelijks) of 'weekly' (wekelijks).", errors["frequency"]![0]!.GetValue<string>());
        Assert.Equal("Een jaar bestaat uit vier cijfers, bijvoorbeeld 2021.", errors["year"]![0]!.GetValue<string>());
        Assert.Empty(JsonNode.Parse(await client.GetStringAsync(Url))!.AsArray());

        using var tooLong = await client.PostAsJsonAsync(Url, new { name = new string('a', 101) });
        Assert.Contains("het maximum is 100", await tooLong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_refuse_to_save_without_an_email_claim_in_the_token()
    {
        using var client = factory.ClientAs("user-" + Guid.NewGuid().ToString("N"), email: null, "oost");

        using var response = await client.PostAsJsonAsync(Url, new { name = "Hennep", q = "hennep" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("Uw account heeft geen (geldig) e-mailadres", problem["errors"]!["email"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_show_and_delete_only_the_users_own_saved_searches()
    {
        var alice = "alice-" + Guid.NewGuid().ToString("N");
        var bob = "bob-" + Guid.NewGuid().ToString("N");
        using var asAlice = factory.ClientAs(alice, $"{alice}@example.org", "oost");
        using var asBob = factory.ClientAs(bob, $"{bob}@example.org", "west");
        using var created = await asAlice.PostAsJsonAsync(Url, new { name = "Van Alice", q = "hennep" });
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!.Str("id");

        Assert.Empty(JsonNode.Parse(await asBob.GetStringAsync(Url))!.AsArray());
        using var bobDeletes = await asBob.DeleteAsync($"{Url}/{id}");
        Assert.Equal(HttpStatusCode.NotFound, bobDeletes.StatusCode);
        Assert.Equal("application/problem+json", bobDeletes.Content.Headers.ContentType?.MediaType);
        Assert.Single(JsonNode.Parse(await asAlice.GetStringAsync(Url))!.AsArray());

        using var aliceDeletes = await asAlice.DeleteAsync($"{Url}/{id}");
        Assert.Equal(HttpStatusCode.NoContent, aliceDeletes.StatusCode);
        Assert.Empty(JsonNode.Parse(await asAlice.GetStringAsync(Url))!.AsArray());
        using var again = await asAlice.DeleteAsync($"{Url}/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task Should_refresh_the_stored_access_labels_whenever_the_user_calls_with_a_token()
    {
        var subject = "mover-" + Guid.NewGuid().ToString("N");
        using (var asOost = factory.ClientAs(subject, $"{subject}@example.org", "oost"))
        {
            using var created = await asOost.PostAsJsonAsync(Url, new { name = "Hennep", q = "hennep" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        Assert.Contains("members:oost", factory.Store.ListFor(subject).Single().AccessLabels);

        using var asWest = factory.ClientAs(subject, $"{subject}@west.example.org", "west");
        await asWest.GetStringAsync(Url);

        var saved = factory.Store.ListFor(subject).Single();
        Assert.DoesNotContain("members:oost", saved.AccessLabels);
        Assert.Contains("members:west", saved.AccessLabels);
        Assert.Equal($"{subject}@west.example.org", saved.Email);
    }
}
