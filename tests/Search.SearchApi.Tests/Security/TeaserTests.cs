using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Search.SearchApi.Tests.Security;

/// <summary>
/// A <c>restricted: "teaser"</c> source (members:oost): callers without access find its documents by title only and see
/// title, source, url and an invitation to log in, never the text; members of oost read them in full.
/// </summary>
public sealed class TeaserTests(AccessApiFactory factory) : IClassFixture<AccessApiFactory>
{
    private static readonly string Teaser = Fixtures.IdOf("oostbib", Fixtures.OostBibBase, "handboek.html");
    private static readonly string Invitation = $"Log in bij {Fixtures.TeaserSourceName} om dit document te lezen";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public static TheoryData<string> WithoutAccess => [Callers.Anonymous, Callers.WestMember, Callers.Forged, Callers.Expired, Callers.AlgNone, Callers.RoleHeader];

    [Theory]
    [MemberData(nameof(WithoutAccess))]
    public async Task Should_show_a_teaser_hit_with_title_source_url_and_invitation_only(string caller)
    {
        using var client = factory.ClientFor(caller);

        var result = await client.GetObjectAsync($"/api/v1/search?q={Fixtures.TeaserTitleToken}");

        Assert.Equal(1, result.Total());
        var hit = Assert.Single(result.Hits());
        Assert.Equal(Teaser, hit.Str("id"));
        Assert.Contains(Fixtures.TeaserTitleToken, hit.Str("title"));
        Assert.Equal("oostbib", hit["source"]!.Str("id"));
        Assert.Equal(new Uri(Fixtures.OostBibBase, "handboek.html").AbsoluteUri, hit.Str("url"));
        Assert.Equal(Invitation, hit.Str("snippet"));
        Assert.True(hit["restricted"]!.GetValue<bool>());
        Assert.Null(hit["variants"]);
        Assert.Equal(1, result.Facet("source")["oostbib"]);
        Assert.DoesNotContain(Fixtures.TeaserBodyToken, result.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(WithoutAccess))]
    public async Task Should_never_find_a_teaser_by_words_of_its_text_nor_offer_its_words(string caller)
    {
        using var client = factory.ClientFor(caller);

        var byBody = await client.GetObjectAsync($"/api/v1/search?q={Fixtures.TeaserBodyToken}");
        var byBodyField = await client.GetObjectAsync($"/api/v1/search?q=body:{Fixtures.TeaserBodyToken}");
        var misspelt = await client.GetObjectAsync($"/api/v1/search?q={Fixtures.TeaserTitleToken[..^1]}d");
        var suggestions = await client.GetStringAsync($"/api/v1/suggest?q={Fixtures.TeaserTitleToken[..5]}");
        var bodySuggestions = await client.GetStringAsync($"/api/v1/suggest?q={Fixtures.TeaserBodyToken[..5]}");

        Assert.Equal(0, byBody.Total());
        Assert.Equal(0, byBodyField.Total());
        Assert.Null(misspelt["didYouMean"]);
        Assert.DoesNotContain(Fixtures.TeaserTitleToken, suggestions);
        Assert.DoesNotContain(Fixtures.TeaserBodyToken, bodySuggestions);
    }

    [Theory]
    [MemberData(nameof(WithoutAccess))]
    public async Task Should_answer_the_teaser_document_without_text_description_or_family(string caller)
    {
        using var client = factory.ClientFor(caller);

        using var response = await client.GetAsync($"/api/v1/documents/{Teaser}");
        var body = await response.Content.ReadAsStringAsync();
        using var similar = await client.GetAsync($"/api/v1/documents/{Teaser}/similar");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(body)!.AsObject();
        Assert.True(document["restricted"]!.GetValue<bool>());
        Assert.Contains(Fixtures.TeaserTitleToken, document.Str("title"));
        Assert.Null(document["text"]);
        Assert.Null(document["description"]);
        Assert.Null(document["family"]);
        Assert.DoesNotContain(Fixtures.TeaserBodyToken, body);
        Assert.Equal(HttpStatusCode.NotFound, similar.StatusCode);
    }

    [Theory]
    [MemberData(nameof(WithoutAccess))]
    public async Task Should_put_the_teaser_in_the_atom_feed_with_the_invitation_as_summary(string caller)
    {
        using var client = factory.ClientFor(caller);

        var xml = await client.GetStringAsync($"/api/v1/search.atom?q={Fixtures.TeaserTitleToken}");

        var entry = Assert.Single(XDocument.Parse(xml).Root!.Elements(Atom + "entry"));
        Assert.Equal(Invitation, entry.Element(Atom + "summary")!.Value);
        Assert.DoesNotContain(Fixtures.TeaserBodyToken, xml);
    }

    [Fact]
    public async Task Should_let_members_of_the_network_read_and_find_the_document_by_its_text()
    {
        using var client = factory.ClientFor(Callers.OostMember);

        var byBody = await client.GetObjectAsync($"/api/v1/search?q={Fixtures.TeaserBodyToken}");
        var document = await client.GetObjectAsync($"/api/v1/documents/{Teaser}");
        var misspelt = await client.GetObjectAsync($"/api/v1/search?q={Fixtures.TeaserTitleToken[..^1]}d");

        var hit = Assert.Single(byBody.Hits());
        Assert.Equal(Teaser, hit.Str("id"));
        Assert.Null(hit["restricted"]);
        Assert.Contains($"<mark>{Fixtures.TeaserBodyToken}</mark>", hit.Str("snippet"));
        Assert.Contains(Fixtures.TeaserBodyToken, document.Str("text"));
        Assert.Null(document["restricted"]);
        Assert.Equal(Fixtures.TeaserTitleToken, misspelt["didYouMean"]?.GetValue<string>());
    }
}
