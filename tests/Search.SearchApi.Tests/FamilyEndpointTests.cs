using System.Text.Json.Nodes;

namespace Search.SearchApi.Tests;

/// <summary>Version families: the woonoverlast letter of oost (2019) is republished by west (2023) and, members-only, by leden (2024).</summary>
public sealed class FamilyEndpointTests(SearchApiFactory factory) : IClassFixture<SearchApiFactory>
{
    private const string LetterTitle = "Voorbeeldbrief waarschuwing woonoverlast";

    private static readonly string OostLetter = Fixtures.IdOf("oost", Fixtures.OostBase, "voorbeeldbrief-woonoverlast.html");
    private static readonly string WestLetter = Fixtures.IdOf("west", Fixtures.WestBase, "voorbeeldbrieven/waarschuwing-woonoverlast.html");
    private static readonly string LedenLetter = Fixtures.IdOf("leden", Fixtures.LedenBase, "voorbeeldbrief-woonoverlast.html");

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Should_show_near_copies_as_one_hit_represented_by_the_newest_with_the_others_as_variants()
    {
        var result = await _client.GetObjectAsync("/api/v1/search?q=woonoverlast");

        var hit = Assert.Single(result.Hits(), h => h.Str("title") == LetterTitle);
        Assert.Equal(WestLetter, hit.Str("id"));
        var variant = Assert.Single(hit["variants"]!.AsArray())!;
        Assert.Equal(OostLetter, variant.Str("id"));
        Assert.Equal("oost", variant["source"]!.Str("id"));
        Assert.Equal("Netwerk Oost", variant["source"]!.Str("name"));
        Assert.Equal(new Uri(Fixtures.OostBase, "voorbeeldbrief-woonoverlast.html").AbsoluteUri, variant.Str("url"));
        Assert.Equal("2019-05-14", variant.Str("published"));
    }

    [Fact]
    public async Task Should_count_families_in_the_total_and_documents_in_the_facets()
    {
        var letters = await _client.GetObjectAsync("/api/v1/search?type=voorbeeldbrief");

        Assert.Equal(1, letters.Total());
        Assert.Equal(2, letters.Facet("type")["voorbeeldbrief"]);
        Assert.Equal(new Dictionary<string, int> { ["oost"] = 1, ["west"] = 1 }, letters.Facet("source"));
    }

    [Fact]
    public async Task Should_represent_a_family_by_a_matching_member_only()
    {
        var oostOnly = await _client.GetObjectAsync("/api/v1/search?q=woonoverlast&source=oost");

        var hit = Assert.Single(oostOnly.Hits(), h => h.Str("title") == LetterTitle);
        Assert.Equal(OostLetter, hit.Str("id"));
        Assert.Equal(WestLetter, Assert.Single(hit["variants"]!.AsArray())!.Str("id"));
    }

    [Fact]
    public async Task Should_omit_variants_from_hits_without_other_versions()
    {
        var result = await _client.GetObjectAsync("/api/v1/search?q=jeugdoverlast");

        Assert.All(result.Hits(), h => Assert.False(h.ContainsKey("variants"), h.ToJsonString()));
    }

    [Fact]
    public async Task Should_list_a_documents_family_without_itself()
    {
        var oost = await _client.GetObjectAsync($"/api/v1/documents/{OostLetter}");
        var west = await _client.GetObjectAsync($"/api/v1/documents/{WestLetter}");
        var alone = await _client.GetObjectAsync($"/api/v1/documents/{Fixtures.IdOf("west", Fixtures.WestBase, "beleidsregel-13b.html")}");

        var member = Assert.Single(oost["family"]!.AsArray())!;
        Assert.Equal(WestLetter, member.Str("id"));
        Assert.Equal("west", member["source"]!.Str("id"));
        Assert.Equal("2023-04-03", member.Str("published"));
        Assert.Equal(OostLetter, Assert.Single(west["family"]!.AsArray())!.Str("id"));
        Assert.Empty(alone["family"]!.AsArray());
    }

    [Fact]
    public async Task Should_never_show_members_only_versions_to_anonymous_callers()
    {
        var search = await _client.GetStringAsync("/api/v1/search?q=woonoverlast&pageSize=50");
        var all = await _client.GetStringAsync("/api/v1/search?pageSize=50&sort=date");
        var oost = await _client.GetStringAsync($"/api/v1/documents/{OostLetter}");
        var west = await _client.GetStringAsync($"/api/v1/documents/{WestLetter}");
        using var hidden = await _client.GetAsync($"/api/v1/documents/{LedenLetter}");

        Assert.All(new[] { search, all, oost, west }, json =>
        {
            Assert.DoesNotContain(LedenLetter, json);
            Assert.DoesNotContain(Fixtures.LedenBase.AbsoluteUri, json);
        });
        Assert.Equal(System.Net.HttpStatusCode.NotFound, hidden.StatusCode);
    }
}

/// <summary>The same bank with oost as the preferred publisher (as the CCV is by default).</summary>
public sealed class PreferredSourceFactory : SearchApiFactory
{
    protected override IEnumerable<(string Key, string Value)> Settings => [("Search:Families:PreferredSources:0", "oost")];
}

public sealed class PreferredSourceFamilyTests(PreferredSourceFactory factory) : IClassFixture<PreferredSourceFactory>
{
    [Fact]
    public async Task Should_represent_a_family_by_the_preferred_sources_version_even_when_older()
    {
        var result = await factory.CreateClient().GetObjectAsync("/api/v1/search?q=woonoverlast");

        var hit = Assert.Single(result.Hits(), h => h.Str("title") == "Voorbeeldbrief waarschuwing woonoverlast");
        Assert.Equal("oost", hit["source"]!.Str("id"));
        Assert.Equal("west", Assert.Single(hit["variants"]!.AsArray())!["source"]!.Str("id"));
    }
}
