using System.Text;
using System.Text.Json;
using Search.Connectors.Feeds;
using Search.Connectors.JsonApi;
using Search.Connectors.Tests.Feeds;

namespace Search.Connectors.Tests.JsonApi;

public sealed class WordPressMapperTests
{
    private static readonly Uri Site = FixtureFiles.Site;

    [Fact]
    public void Should_ask_for_one_hundred_items_per_page_and_only_the_needed_fields()
    {
        var url = WordPressMapper.PageUrl(Site, "posts", 2);

        Assert.Equal(
            "https://kennisbank.example/wp-json/wp/v2/posts?per_page=100&page=2&_fields=id,link,modified_gmt,date_gmt,title,content,excerpt,source_url,mime_type,post",
            url.AbsoluteUri);
    }

    [Fact]
    public void Should_keep_the_sub_folder_of_a_wordpress_that_does_not_live_at_the_root()
    {
        Assert.StartsWith("https://kennisbank.example/blog/wp-json/wp/v2/pages?", WordPressMapper.PageUrl(new Uri("https://kennisbank.example/blog"), "pages", 1).AbsoluteUri);
    }

    [Theory]
    [InlineData("../users")]
    [InlineData("posts?author=1")]
    [InlineData("")]
    [InlineData("Posts")]
    public void Should_refuse_a_collection_name_that_is_not_a_plain_slug(string type)
    {
        Assert.False(WordPressMapper.IsValidType(type));
        Assert.Throws<ArgumentException>(() => WordPressMapper.PageUrl(Site, type, 1));
    }

    [Fact]
    public void Should_map_the_real_post_shape_with_rendered_title_content_and_excerpt()
    {
        var items = WordPressMapper.ParsePage(FixtureFiles.Bytes("JsonApi/wp-posts-1.json"), Site);

        Assert.Equal(2, items.Count);
        var post = items[0];
        Assert.Equal(1842, post.Id);
        Assert.Equal(new Uri("https://kennisbank.example/2024/03/05/aanpak-woninginbraak/"), post.Link);
        Assert.Equal("Aanpak woninginbraak: “Samen sta je sterker”", post.Title);
        Assert.Contains("<h2 class=\"wp-block-heading\">Maatregelen</h2>", post.ContentHtml);
        Assert.StartsWith("<p>Gemeenten, politie", post.ExcerptHtml);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 8, 30, 0, TimeSpan.Zero), post.Published);
        Assert.Equal(new DateTimeOffset(2024, 3, 7, 14, 12, 9, TimeSpan.Zero), post.Modified);
        Assert.Null(post.SourceUrl);
        Assert.False(post.IsDocumentFile);
    }

    [Fact]
    public void Should_map_media_items_with_their_file_mime_type_and_parent_post()
    {
        var items = WordPressMapper.ParsePage(FixtureFiles.Bytes("JsonApi/wp-media.json"), Site);

        Assert.Equal([true, true, false], items.Select(i => i.IsDocumentFile));
        var pdf = items[0];
        Assert.Equal(new Uri("https://kennisbank.example/wp-content/uploads/2024/03/handreiking-woninginbraak.pdf"), pdf.SourceUrl);
        Assert.Equal("application/pdf", pdf.MimeType);
        Assert.Equal(1842, pdf.ParentId);
        Assert.Null(items[1].ParentId);
    }

    [Fact]
    public void Should_build_a_document_from_title_content_excerpt_and_dates()
    {
        var post = WordPressMapper.ParsePage(FixtureFiles.Bytes("JsonApi/wp-posts-1.json"), Site)[0];

        var content = WordPressMapper.ToContent(post);

        Assert.Equal(post.Link, content.Url);
        Assert.Equal(post.Title, content.Title);
        Assert.StartsWith("Gemeenten, politie en woningcorporaties werken samen tegen woninginbraak. Maatregelen", content.Description);
        Assert.EndsWith("Handreiking woninginbraak…", content.Description);
        var html = Encoding.UTF8.GetString(HtmlEnvelope.Render(content));
        Assert.Contains("<meta property=\"article:modified_time\" content=\"2024-03-07T14:12:09Z\">", html);
        Assert.Contains("<h1>Aanpak woninginbraak: “Samen sta je sterker”</h1>", html);
    }

    [Theory]
    [InlineData("7", 7)]
    [InlineData(" 3 ", 3)]
    [InlineData("drie", null)]
    [InlineData("-1", null)]
    public void Should_read_the_total_pages_header(string value, int? expected)
    {
        Assert.Equal(expected, WordPressMapper.TotalPages(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["x-wp-totalpages"] = value }));
    }

    [Fact]
    public void Should_tolerate_unexpected_field_shapes_without_failing_the_page()
    {
        var json = """[{"id":"x","link":42,"title":"Platte titel","content":{"rendered":null},"modified_gmt":"gisteren"}, 17]""";

        var item = Assert.Single(WordPressMapper.ParsePage(Encoding.UTF8.GetBytes(json), Site));

        Assert.Null(item.Link);
        Assert.Equal("Platte titel", item.Title);
        Assert.Null(item.ContentHtml);
        Assert.Null(item.Modified);
    }

    [Fact]
    public void Should_refuse_an_error_object_instead_of_a_list()
    {
        var json = """{"code":"rest_post_invalid_page_number","message":"Het gevraagde paginanummer is groter dan het aantal beschikbare pagina's.","data":{"status":400}}""";

        var ex = Assert.Throws<FormatException>(() => WordPressMapper.ParsePage(Encoding.UTF8.GetBytes(json), Site));

        Assert.Contains("rest_post_invalid_page_number", ex.Message);
    }

    [Fact]
    public void Should_refuse_json_nested_deeper_than_the_limit()
    {
        var json = new string('[', 10_000) + new string(']', 10_000);

        Assert.ThrowsAny<JsonException>(() => WordPressMapper.ParsePage(Encoding.UTF8.GetBytes(json), Site));
    }

    [Fact]
    public void Should_refuse_malformed_json()
    {
        Assert.ThrowsAny<JsonException>(() => WordPressMapper.ParsePage("[{\"id\":1,"u8.ToArray(), Site));
    }
}
