using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Search.Connectors.Abstractions;
using Search.Connectors.JsonApi;
using Search.Connectors.Tests.Contract;
using Search.Connectors.Tests.Feeds;
using Search.TestKit;

namespace Search.Connectors.Tests.JsonApi;

public sealed class WordPressConnectorTests : IAsyncLifetime
{
    private const string HandreikingPath = "/wp-content/uploads/2024/03/handreiking-woninginbraak.pdf";
    private const string ConvenantPath = "/wp-content/uploads/2024/01/convenant-cameratoezicht.docx";
    private const string ChecklistPath = "/wp-content/uploads/2024/03/checklist-evenementen.docx";

    private LoopbackSite _site = null!;

    public async Task InitializeAsync() => _site = await LoopbackSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Should_page_through_each_collection_by_x_wp_total_pages()
    {
        PublishFixtures();
        using var services = new ConnectorServices();

        var items = await Connector(services).CollectAsync(Source());

        Assert.Equal(
            [
                _site.Url("/2024/03/05/aanpak-woninginbraak/"), _site.Url("/2024/02/20/jeugdoverlast-in-de-wijk/"),
                _site.Url("/2024/01/15/convenant-cameratoezicht/"), _site.Url("/2023/12/01/vuurwerkoverlast/"),
                _site.Url("/over-de-kennisbank/"), _site.Url(HandreikingPath), _site.Url(ConvenantPath), _site.Url(ChecklistPath),
            ],
            items.Select(i => i.Url));
        Assert.All(items, i => Assert.IsType<HarvestedDocument>(i));
        Assert.Equal(
            [Api("posts", 1), Api("posts", 2), Api("posts", 3), Api("pages", 1), Api("media", 1), HandreikingPath, ConvenantPath, ChecklistPath],
            PageRequests());
    }

    [Fact]
    public async Task Should_build_posts_from_rendered_title_and_content_at_their_public_link()
    {
        PublishFixtures();
        using var services = new ConnectorServices();

        var items = await Connector(services).CollectAsync(Source());

        var post = Assert.IsType<HarvestedDocument>(items[0]);
        Assert.Equal("text/html; charset=utf-8", post.ContentType);
        var html = Encoding.UTF8.GetString(post.Content);
        Assert.Contains("<title>Aanpak woninginbraak: “Samen sta je sterker”</title>", html);
        Assert.Contains("<li>Buurtpreventie-apps</li>", html);
        Assert.Contains($"<link rel=\"canonical\" href=\"{_site.Url("/2024/03/05/aanpak-woninginbraak/")}\">", html);
        Assert.Equal(new DateTimeOffset(2024, 3, 7, 14, 12, 9, TimeSpan.Zero), post.ListedModified);
        Assert.DoesNotContain(items, i => i.Url.AbsolutePath.Contains("wp-json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_fetch_pdf_and_docx_media_with_their_post_as_parent_and_skip_images()
    {
        var files = PublishFixtures();
        using var services = new ConnectorServices();

        var items = await Connector(services).CollectAsync(Source());

        var handreiking = Assert.IsType<HarvestedDocument>(Assert.Single(items, i => i.Url == _site.Url(HandreikingPath)));
        Assert.Equal(files[HandreikingPath], handreiking.Content);
        Assert.Equal(new ParentLink(_site.Url("/2024/03/05/aanpak-woninginbraak/"), "Aanpak woninginbraak: “Samen sta je sterker”"), handreiking.Parent);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 8, 25, 12, TimeSpan.Zero), handreiking.ListedModified);
        var convenant = Assert.IsType<HarvestedDocument>(Assert.Single(items, i => i.Url == _site.Url(ConvenantPath)));
        Assert.Equal(new ParentLink(_site.Url("/2024/01/15/convenant-cameratoezicht/"), "Convenant cameratoezicht"), convenant.Parent);
        Assert.Null(Assert.IsType<HarvestedDocument>(Assert.Single(items, i => i.Url == _site.Url(ChecklistPath))).Parent);
        Assert.DoesNotContain(PageRequests(), r => r.EndsWith(".jpg", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_report_everything_unchanged_on_a_second_run_without_fetching_listed_media()
    {
        PublishFixtures();
        using var services = new ConnectorServices();
        var first = await Connector(services).CollectAsync(Source());
        var firstRequests = PageRequests().Count;

        var second = await Connector(services).CollectAsync(Source(), HarvestContexts.FromRun(first));

        Assert.Equal(first.Select(i => i.Url), second.Select(i => i.Url));
        Assert.All(second, i => Assert.IsType<HarvestUnchanged>(i));
        // Listed media are skipped by modified_gmt; a file only linked from content is asked for conditionally (304).
        Assert.Equal(
            [Api("posts", 1), Api("posts", 2), Api("posts", 3), Api("pages", 1), Api("media", 1), ConvenantPath],
            PageRequests().Skip(firstRequests));
        Assert.Equal("304 Not Modified", ((HarvestUnchanged)second.Single(i => i.Url == _site.Url(ConvenantPath))).Reason);
    }

    [Fact]
    public async Task Should_reharvest_a_post_whose_modified_gmt_is_newer()
    {
        PublishFixtures();
        using var services = new ConnectorServices();
        var first = await Connector(services).CollectAsync(Source());
        SetApi("posts", 2, FixtureFiles.ForSite("JsonApi/wp-posts-2.json", _site)
            .Replace("2024-01-16T07:30:00", "2024-03-08T09:00:00", StringComparison.Ordinal)
            .Replace("is vernieuwd.", "is opnieuw vernieuwd.", StringComparison.Ordinal), totalPages: 3);

        var second = await Connector(services).CollectAsync(Source(), HarvestContexts.FromRun(first));

        var changed = Assert.IsType<HarvestedDocument>(Assert.Single(second, i => i.Url == _site.Url("/2024/01/15/convenant-cameratoezicht/")));
        Assert.Contains("opnieuw vernieuwd", Encoding.UTF8.GetString(changed.Content));
        Assert.Single(second, i => i is HarvestedDocument);
    }

    [Fact]
    public async Task Should_end_a_collection_at_a_short_page_when_the_total_pages_header_is_missing()
    {
        PublishFixtures();
        SetApi("posts", 1, FixtureFiles.ForSite("JsonApi/wp-posts-1.json", _site), totalPages: null);
        using var services = new ConnectorServices();

        var items = await Connector(services).CollectAsync(Source() with { WordPressTypes = ["posts"] });

        Assert.Equal(3, items.Count); // the two posts and the PDF the first links to
        Assert.Equal([Api("posts", 1), HandreikingPath], PageRequests());
    }

    [Fact]
    public async Task Should_fail_the_run_when_a_later_page_answers_500()
    {
        PublishFixtures();
        _site.SetStatus(Api("posts", 2), 500);
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source()));

        Assert.Contains("posts page 2", ex.Message);
        Assert.Contains("HTTP 500", ex.Message);
        Assert.Equal(0, _site.CountRequests(Api("posts", 3)));
    }

    [Fact]
    public async Task Should_fail_the_run_when_a_collection_is_not_routed()
    {
        PublishFixtures();
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source() with { WordPressTypes = ["kennisartikel"] }));

        Assert.Contains("HTTP 404", ex.Message);
    }

    [Fact]
    public async Task Should_fail_the_run_on_malformed_json()
    {
        PublishFixtures();
        SetApi("posts", 1, "[{\"id\":1842,\"title\":{\"rendered\":\"Onvolledig", totalPages: 3);
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source()));

        Assert.Contains("not a valid REST API response", ex.Message);
    }

    [Fact]
    public async Task Should_fail_the_run_on_json_nested_ten_thousand_deep()
    {
        SetApi("posts", 1, new string('[', 10_000) + new string(']', 10_000), totalPages: 1);
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source() with { WordPressTypes = ["posts"] }));

        Assert.Contains("depth", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Should_fail_the_run_on_a_page_larger_than_the_response_cap()
    {
        var huge = "[" + string.Join(',', Enumerable.Repeat("""{"id":1,"title":{"rendered":"vulling"}}""", 500)) + "]";
        SetApi("posts", 1, huge, totalPages: 1);
        using var services = new ConnectorServices(new Dictionary<string, string?> { ["MaxResponseBytes"] = "4096" });

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source() with { WordPressTypes = ["posts"] }));

        Assert.Contains("exceeds the cap", ex.Message);
    }

    [Fact]
    public async Task Should_fail_the_run_without_paging_when_the_site_claims_too_many_pages()
    {
        SetApi("posts", 1, FixtureFiles.ForSite("JsonApi/wp-posts-1.json", _site), totalPages: WordPressConnector.MaxPages + 1);
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source() with { WordPressTypes = ["posts"] }));

        Assert.Contains("more than the cap", ex.Message);
        Assert.Equal([Api("posts", 1)], PageRequests());
    }

    [Fact]
    public async Task Should_refuse_a_collection_name_that_is_not_a_slug_without_any_request()
    {
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source() with { WordPressTypes = ["../../wp/v2/users"] }));

        Assert.Contains("not a WordPress collection name", ex.Message);
        Assert.Empty(_site.Requests);
    }

    [Fact]
    public async Task Should_not_fetch_media_files_on_another_host()
    {
        var media = FixtureFiles.ForSite("JsonApi/wp-media.json", _site)
            .Replace(_site.Url(ChecklistPath).AbsoluteUri, "http://cdn.extern.invalid/checklist-evenementen.docx", StringComparison.Ordinal);
        PublishFixtures();
        SetApi("media", 1, media, totalPages: 1);
        using var services = new ConnectorServices();

        var items = await Connector(services).CollectAsync(Source() with { WordPressTypes = ["media"] });

        Assert.Equal([_site.Url(HandreikingPath)], items.Select(i => i.Url));
        Assert.Null(((HarvestedDocument)items[0]).Parent);
    }

    private static WordPressConnector Connector(ConnectorServices services) =>
        services.Provider.GetServices<ISourceConnector>().OfType<WordPressConnector>().Single();

    private SourceDefinition Source() => new()
    {
        Id = "wp",
        Name = "Kennisbank (WordPress)",
        Kind = SourceKind.WordPress,
        Url = _site.BaseUrl,
        Schedule = "0 0 3 * * ?",
    };

    private string Api(string type, int page) => WordPressMapper.PageUrl(_site.BaseUrl, type, page).PathAndQuery;

    private void SetApi(string type, int page, string json, int? totalPages)
    {
        var headers = totalPages is { } total
            ? new Dictionary<string, string> { ["X-WP-Total"] = (total * 2).ToString(System.Globalization.CultureInfo.InvariantCulture), ["X-WP-TotalPages"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : null;
        _site.Set(Api(type, page), Encoding.UTF8.GetBytes(json), "application/json; charset=UTF-8", headers: headers);
    }

    /// <summary>Serves the fixture API (posts over three pages, pages, media) and the files; returns path → file bytes.</summary>
    private Dictionary<string, byte[]> PublishFixtures()
    {
        for (var page = 1; page <= 3; page++)
        {
            SetApi("posts", page, FixtureFiles.ForSite($"JsonApi/wp-posts-{page}.json", _site), totalPages: 3);
        }

        SetApi("pages", 1, FixtureFiles.ForSite("JsonApi/wp-pages.json", _site), totalPages: 1);
        SetApi("media", 1, FixtureFiles.ForSite("JsonApi/wp-media.json", _site), totalPages: 1);
        var files = new Dictionary<string, byte[]>
        {
            [HandreikingPath] = FixtureDocuments.Pdf("Handreiking woninginbraak", ["Maatregelen."]),
            [ConvenantPath] = FixtureDocuments.Docx("Convenant cameratoezicht", [new DocxParagraph("Artikel 1")]),
            [ChecklistPath] = FixtureDocuments.Docx("Checklist evenementen", [new DocxParagraph("Vergunning aangevraagd?")]),
        };
        foreach (var (path, bytes) in files)
        {
            var type = path.EndsWith(".pdf", StringComparison.Ordinal) ? WordPressMapper.PdfType : WordPressMapper.DocxType;
            _site.Set(path, bytes, type, headers: new Dictionary<string, string> { ["ETag"] = $"\"{path.Length}\"" });
        }

        _site.Set("/wp-content/uploads/2024/03/buurtpreventie.jpg", [0xFF, 0xD8, 0xFF], "image/jpeg");
        return files;
    }

    private List<string> PageRequests() => _site.Requests.Where(r => r != "/robots.txt").ToList();
}
