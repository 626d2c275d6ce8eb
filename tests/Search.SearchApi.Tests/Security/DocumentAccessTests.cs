using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Search.SearchApi.Tests.Security;

/// <summary>
/// Every read path, for every kind of caller, on the document only members of network oost may read (its title and
/// body carry <see cref="Fixtures.OostToken"/>). Only a valid token with network oost reveals it.
/// </summary>
public sealed class DocumentAccessTests(AccessApiFactory factory) : IClassFixture<AccessApiFactory>
{
    private static readonly string Restricted = Fixtures.IdOf("oostleden", Fixtures.OostLedenBase, "werkinstructie.html");
    private static readonly string RestrictedCopy = Fixtures.IdOf("oostleden", Fixtures.OostLedenBase, "beleidsregel-13b.html");
    private static readonly string PublicRule = Fixtures.IdOf("west", Fixtures.WestBase, "beleidsregel-13b.html");
    private static readonly string PublicCovenant = Fixtures.IdOf("oost", Fixtures.OostBase, "convenant-hennep.html");
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public static TheoryData<string, bool> AllCallers => new()
    {
        { Callers.Anonymous, false },
        { Callers.OostMember, true },
        { Callers.WestMember, false },
        { Callers.Forged, false },
        { Callers.Expired, false },
        { Callers.AlgNone, false },
        { Callers.RoleHeader, false },
    };

    [Theory]
    [MemberData(nameof(AllCallers))]
    public async Task Should_show_hits_total_and_highlighted_snippet_only_to_members_of_the_network(string caller, bool allowed)
    {
        using var client = factory.ClientFor(caller);

        var result = await client.GetObjectAsync($"/api/v1/search?q={Fixtures.OostToken}");

        if (allowed)
        {
            Assert.Equal(1, result.Total());
            var hit = Assert.Single(result.Hits());
            Assert.Equal(Restricted, hit.Str("id"));
            Assert.Contains($"<mark>{Fixtures.OostToken}</mark>", hit.Str("snippet"));
            Assert.Null(hit["restricted"]);
        }
        else
        {
            Assert.Equal(0, result.Total());
            Assert.Empty(result.Hits());
            Assert.Null(result["notice"]);
        }
    }

    [Theory]
    [MemberData(nameof(AllCallers))]
    public async Task Should_count_facets_only_over_documents_the_caller_may_read(string caller, bool allowed)
    {
        using var client = factory.ClientFor(caller);

        var token = await client.GetObjectAsync($"/api/v1/search?q={Fixtures.OostToken}");
        var all = await client.GetObjectAsync("/api/v1/search?pageSize=50");
        var filtered = await client.GetObjectAsync("/api/v1/search?source=oostleden");

        Assert.Equal(allowed, token.Facet("source").ContainsKey("oostleden"));
        Assert.Equal(allowed, all.Facet("source").ContainsKey("oostleden"));
        Assert.Equal(allowed ? 2 : 0, filtered.Total());
        if (!allowed)
        {
            Assert.All(token["facets"]!.AsObject(), f => Assert.Empty(f.Value!.AsArray()));
            Assert.DoesNotContain(all.Hits(), h => h["source"]!.Str("id") == "oostleden");
        }
    }

    [Theory]
    [MemberData(nameof(AllCallers))]
    public async Task Should_suggest_and_correct_words_only_from_documents_the_caller_may_read(string caller, bool allowed)
    {
        using var client = factory.ClientFor(caller);

        using var suggest = await client.GetAsync($"/api/v1/suggest?q={Fixtures.OostToken[..5]}");
        var suggestions = await suggest.Content.ReadAsStringAsync();
        var misspelt = await client.GetObjectAsync($"/api/v1/search?q={Fixtures.OostToken[..^1]}d");

        Assert.Equal(HttpStatusCode.OK, suggest.StatusCode);
        Assert.Equal(allowed, suggestions.Contains(Fixtures.OostToken, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(allowed ? Fixtures.OostToken : null, misspelt["didYouMean"]?.GetValue<string>());
        Assert.Equal(allowed ? 1 : 0, misspelt.Total());
    }

    [Theory]
    [MemberData(nameof(AllCallers))]
    public async Task Should_answer_the_document_only_to_members_and_404_to_everyone_else(string caller, bool allowed)
    {
        using var client = factory.ClientFor(caller);

        using var response = await client.GetAsync($"/api/v1/documents/{Restricted}");
        var body = await response.Content.ReadAsStringAsync();
        using var unknown = await client.GetAsync("/api/v1/documents/oostleden-00000000000000000000");

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(Fixtures.OostToken, JsonNode.Parse(body)!.Str("text"));
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain(Fixtures.OostToken, body);
            Assert.Equal(unknown.StatusCode, response.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(AllCallers))]
    public async Task Should_offer_similar_documents_only_among_those_the_caller_may_read(string caller, bool allowed)
    {
        using var client = factory.ClientFor(caller);

        using var ofRestricted = await client.GetAsync($"/api/v1/documents/{Restricted}/similar");
        var ofPublic = await client.GetObjectAsync($"/api/v1/documents/{PublicCovenant}/similar?pageSize=20");

        Assert.Equal(allowed ? HttpStatusCode.OK : HttpStatusCode.NotFound, ofRestricted.StatusCode);
        Assert.Equal(allowed, ofPublic.Hits().Any(h => h.Str("id") == Restricted));
        if (!allowed)
        {
            Assert.DoesNotContain(Fixtures.OostToken, ofPublic.ToJsonString());
        }
    }

    [Theory]
    [MemberData(nameof(AllCallers))]
    public async Task Should_list_family_members_and_variants_only_when_the_caller_may_read_them(string caller, bool allowed)
    {
        using var client = factory.ClientFor(caller);

        var search = await client.GetObjectAsync("/api/v1/search?q=drugspanden");
        var document = await client.GetObjectAsync($"/api/v1/documents/{PublicRule}");

        var hit = Assert.Single(search.Hits());
        var shown = new[] { hit.Str("id") }.Concat(hit["variants"]?.AsArray().Select(v => v!.Str("id")) ?? []).ToList();
        Assert.Equal(allowed, shown.Contains(RestrictedCopy));
        Assert.Contains(PublicRule, shown);
        var family = document["family"]?.AsArray().Select(v => v!.Str("id")).ToList() ?? [];
        Assert.Equal(allowed, family.Contains(RestrictedCopy));
    }

    [Theory]
    [MemberData(nameof(AllCallers))]
    public async Task Should_put_in_the_atom_feed_only_documents_the_caller_may_read(string caller, bool allowed)
    {
        using var client = factory.ClientFor(caller);

        using var response = await client.GetAsync($"/api/v1/search.atom?q={Fixtures.OostToken}");
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var entries = feed.Root!.Elements(Atom + "entry").ToList();
        Assert.Equal(allowed ? 1 : 0, entries.Count);
        if (allowed)
        {
            Assert.Contains(Fixtures.OostToken, entries[0].Element(Atom + "title")!.Value);
        }
    }

    [Fact]
    public async Task Should_let_a_member_of_another_network_read_documents_for_any_member_but_not_network_ones()
    {
        using var west = factory.ClientFor(Callers.WestMember);
        using var anonymous = factory.ClientFor(Callers.Anonymous);

        var forAnyMember = await west.GetObjectAsync($"/api/v1/search?q={Fixtures.MembersToken}");
        var forOost = await west.GetObjectAsync($"/api/v1/search?q={Fixtures.OostToken}");
        var anonymousAnyMember = await anonymous.GetObjectAsync($"/api/v1/search?q={Fixtures.MembersToken}");

        Assert.Equal(1, forAnyMember.Total());
        Assert.Equal("leden", forAnyMember.Hits().Single()["source"]!.Str("id"));
        Assert.Equal(0, forOost.Total());
        Assert.Equal(0, anonymousAnyMember.Total());
    }

    [Fact]
    public async Task Should_report_a_network_source_visibility_and_count_only_public_documents()
    {
        using var client = factory.ClientFor(Callers.OostMember);

        var sources = JsonNode.Parse(await client.GetStringAsync("/api/v1/sources"))!.AsArray().Select(s => s!.AsObject()).ToList();

        var oostleden = sources.Single(s => s.Str("id") == "oostleden");
        Assert.Equal("members:oost", oostleden.Str("visibility"));
        Assert.Equal(0, oostleden["documentCount"]!.GetValue<int>());
    }
}
