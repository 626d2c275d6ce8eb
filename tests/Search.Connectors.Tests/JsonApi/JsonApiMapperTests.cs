using System.Text;
using System.Text.Json;
using Search.Connectors.JsonApi;
using Search.Connectors.Tests.Feeds;

namespace Search.Connectors.Tests.JsonApi;

public sealed class JsonApiMapperTests
{
    private static readonly Uri Collection = new("https://kennisbank.example/jsonapi/node/article");
    private static readonly Uri Site = FixtureFiles.Site;
    private static readonly Dictionary<string, string> NoMapping = [];

    [Fact]
    public void Should_map_drupal_articles_with_the_default_fields()
    {
        var page = JsonApiMapper.ParsePage(FixtureFiles.Bytes("JsonApi/drupal-articles-1.json"), Collection, Site, NoMapping);

        Assert.Equal(2, page.Items.Count);
        var article = page.Items[0];
        Assert.Equal(new Uri("https://kennisbank.example/artikelen/hennepteelt-ondermijning"), article.Url);
        Assert.Equal("Hennepteelt & ondermijning", article.Title);
        Assert.StartsWith("<p>Hennepteelt gaat vaak samen met <strong>ondermijnende criminaliteit</strong>.</p>\n<p>", article.BodyHtml);
        Assert.Equal("Signalen van hennepteelt herkennen en melden.", article.Description);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero), article.Published);
        Assert.Equal(new DateTimeOffset(2024, 3, 6, 15, 45, 0, TimeSpan.Zero), article.Modified);
    }

    [Fact]
    public void Should_give_a_node_without_alias_its_public_node_url_rather_than_the_api_url()
    {
        var page = JsonApiMapper.ParsePage(FixtureFiles.Bytes("JsonApi/drupal-articles-1.json"), Collection, Site, NoMapping);

        Assert.Equal(new Uri("https://kennisbank.example/node/398"), page.Items[1].Url);
        Assert.Null(page.Items[1].Description);
    }

    [Fact]
    public void Should_follow_links_next_and_end_without_it()
    {
        var first = JsonApiMapper.ParsePage(FixtureFiles.Bytes("JsonApi/drupal-articles-1.json"), Collection, Site, NoMapping);
        var second = JsonApiMapper.ParsePage(FixtureFiles.Bytes("JsonApi/drupal-articles-2.json"), first.Next!, Site, NoMapping);

        Assert.Equal(new Uri("https://kennisbank.example/jsonapi/node/article?page%5Boffset%5D=2&page%5Blimit%5D=2"), first.Next);
        Assert.Null(second.Next);
        Assert.Equal([new Uri("https://kennisbank.example/artikelen/buurtbemiddeling")], second.Items.Select(i => i.Url));
    }

    [Fact]
    public void Should_use_the_field_mapping_of_the_source()
    {
        var fields = new Dictionary<string, string>
        {
            ["Title"] = "drupal_internal__nid",
            ["body"] = "body.value",
            ["description"] = "langcode",
            ["published"] = "revision_timestamp",
            ["modified"] = "created",
            ["url"] = "links.self.href",
        };

        var article = JsonApiMapper.ParsePage(FixtureFiles.Bytes("JsonApi/drupal-articles-1.json"), Collection, Site, fields).Items[0];

        Assert.Equal("412", article.Title);
        Assert.StartsWith("<p>Hennepteelt gaat vaak samen met <strong>ondermijnende criminaliteit</strong>.</p><p>", article.BodyHtml);
        Assert.Equal("nl", article.Description);
        Assert.Equal(new DateTimeOffset(2024, 3, 6, 15, 45, 0, TimeSpan.Zero), article.Published);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero), article.Modified);
        Assert.StartsWith("https://kennisbank.example/jsonapi/node/article/5f1c8a0e", article.Url.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://kennisbank.example/jsonapi/node/article", "https://kennisbank.example/")]
    [InlineData("https://kennisbank.example/drupal/jsonapi/node/article", "https://kennisbank.example/drupal/")]
    [InlineData("https://kennisbank.example/api/artikelen", "https://kennisbank.example/")]
    public void Should_derive_the_public_site_root_from_the_collection_url(string collection, string root)
    {
        Assert.Equal(new Uri(root), JsonApiMapper.SiteRootOf(new Uri(collection)));
    }

    [Fact]
    public void Should_resolve_an_alias_against_a_site_in_a_sub_folder()
    {
        var json = """{"data":[{"type":"node--page","id":"1","attributes":{"title":"T","path":{"alias":"/over-ons"}}}],"links":{}}""";

        var page = JsonApiMapper.ParsePage(Encoding.UTF8.GetBytes(json), Collection, new Uri("https://kennisbank.example/drupal/"), NoMapping);

        Assert.Equal(new Uri("https://kennisbank.example/drupal/over-ons"), Assert.Single(page.Items).Url);
    }

    [Fact]
    public void Should_resolve_paths_through_arrays_and_text_objects()
    {
        using var document = JsonDocument.Parse("""
            {"type":"node--x","attributes":{"field_tekst":[{"value":"eerste","processed":"<p>eerste</p>"},{"value":"tweede"}],"leeg":[]},
             "links":{"self":{"href":"https://kennisbank.example/jsonapi/x/1"}}}
            """);
        var resource = document.RootElement;

        Assert.Equal("<p>eerste</p>", JsonApiMapper.Resolve(resource, "field_tekst")?.GetString());
        Assert.Equal("tweede", JsonApiMapper.Resolve(resource, "field_tekst.1.value")?.GetString());
        Assert.Equal("eerste", JsonApiMapper.Resolve(resource, "field_tekst.value")?.GetString());
        Assert.Null(JsonApiMapper.Resolve(resource, "leeg.value"));
        Assert.Null(JsonApiMapper.Resolve(resource, "bestaat.niet"));
        Assert.Equal("https://kennisbank.example/jsonapi/x/1", JsonApiMapper.Resolve(resource, "links.self.href")?.GetString());
    }

    [Fact]
    public void Should_read_unix_timestamps_as_older_drupal_versions_write_them()
    {
        var json = """{"data":[{"type":"node--article","attributes":{"title":"T","changed":1709740800,"path":{"alias":"/t"}}}]}""";

        var item = Assert.Single(JsonApiMapper.ParsePage(Encoding.UTF8.GetBytes(json), Collection, Site, NoMapping).Items);

        Assert.Equal(new DateTimeOffset(2024, 3, 6, 16, 0, 0, TimeSpan.Zero), item.Modified);
    }

    [Fact]
    public void Should_skip_a_resource_without_any_usable_url()
    {
        var json = """{"data":[{"type":"taxonomy_term--tags","id":"1","attributes":{"name":"x"}}]}""";

        var page = JsonApiMapper.ParsePage(Encoding.UTF8.GetBytes(json), Collection, Site, NoMapping);

        Assert.Empty(page.Items);
        Assert.Equal(1, page.Skipped);
    }

    [Fact]
    public void Should_refuse_a_document_with_errors()
    {
        var json = """{"jsonapi":{"version":"1.0"},"errors":[{"title":"Forbidden","status":"403","detail":"The current user is not allowed to GET the selected resource."}]}""";

        var ex = Assert.Throws<FormatException>(() => JsonApiMapper.ParsePage(Encoding.UTF8.GetBytes(json), Collection, Site, NoMapping));

        Assert.Contains("not allowed to GET", ex.Message);
    }

    [Theory]
    [InlineData("""{"meta":{}}""")]
    [InlineData("""{"data":"x"}""")]
    [InlineData("""[]""")]
    public void Should_refuse_a_document_that_is_not_a_json_api_collection(string json)
    {
        Assert.Throws<FormatException>(() => JsonApiMapper.ParsePage(Encoding.UTF8.GetBytes(json), Collection, Site, NoMapping));
    }

    [Fact]
    public void Should_refuse_json_nested_deeper_than_the_limit()
    {
        var json = "{\"data\":" + new string('[', 10_000) + new string(']', 10_000) + "}";

        Assert.ThrowsAny<JsonException>(() => JsonApiMapper.ParsePage(Encoding.UTF8.GetBytes(json), Collection, Site, NoMapping));
    }
}
