using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Search.Connectors.Abstractions;
using Search.Connectors.JsonApi;
using Search.Connectors.Tests.Contract;
using Search.Connectors.Tests.Feeds;
using Search.TestKit;

namespace Search.Connectors.Tests.JsonApi;

public sealed class JsonApiConnectorTests : IAsyncLifetime
{
    private const string FirstPage = "/jsonapi/node/article";
    private const string SecondPage = "/jsonapi/node/article?page%5Boffset%5D=2&page%5Blimit%5D=2";
    private const string PdfPath = "/sites/default/files/2024-03/convenant-hennep.pdf";

    private LoopbackSite _site = null!;

    public async Task InitializeAsync() => _site = await LoopbackSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Should_follow_links_next_and_yield_each_resource_at_its_public_url()
    {
        var pdf = PublishFixtures();
        using var services = new ConnectorServices();

        var items = await Connector(services).CollectAsync(Source());

        Assert.Equal(
            [_site.Url("/artikelen/hennepteelt-ondermijning"), _site.Url("/node/398"), _site.Url("/artikelen/buurtbemiddeling"), _site.Url(PdfPath)],
            items.Select(i => i.Url));
        Assert.Equal([FirstPage, SecondPage, PdfPath], PageRequests());
        var article = Assert.IsType<HarvestedDocument>(items[0]);
        var html = Encoding.UTF8.GetString(article.Content);
        Assert.Contains("<title>Hennepteelt &amp; ondermijning</title>", html);
        Assert.Contains("<strong>ondermijnende criminaliteit</strong>", html);
        Assert.Contains("<meta name=\"description\" content=\"Signalen van hennepteelt herkennen en melden.\">", html);
        Assert.Equal(new DateTimeOffset(2024, 3, 6, 15, 45, 0, TimeSpan.Zero), article.ListedModified);
        var attachment = Assert.IsType<HarvestedDocument>(items[3]);
        Assert.Equal(pdf, attachment.Content);
        Assert.Equal(new ParentLink(_site.Url("/artikelen/hennepteelt-ondermijning"), "Hennepteelt & ondermijning"), attachment.Parent);
    }

    [Fact]
    public async Task Should_report_unchanged_resources_on_a_second_run_from_their_changed_date()
    {
        PublishFixtures();
        using var services = new ConnectorServices();
        var first = await Connector(services).CollectAsync(Source());
        var firstRequests = PageRequests().Count;

        var second = await Connector(services).CollectAsync(Source(), HarvestContexts.FromRun(first));

        Assert.Equal(first.Select(i => i.Url), second.Select(i => i.Url));
        Assert.All(second, i => Assert.IsType<HarvestUnchanged>(i));
        Assert.Equal([FirstPage, SecondPage, PdfPath], PageRequests().Skip(firstRequests));
        Assert.Equal("304 Not Modified", ((HarvestUnchanged)second[3]).Reason);
    }

    [Fact]
    public async Task Should_use_the_sources_field_mapping()
    {
        PublishFixtures();
        using var services = new ConnectorServices();
        var source = Source() with { Fields = new Dictionary<string, string> { ["title"] = "path.alias", ["body"] = "body.summary" } };

        var items = await Connector(services).CollectAsync(source);

        var html = Encoding.UTF8.GetString(((HarvestedDocument)items[0]).Content);
        Assert.Contains("<title>/artikelen/hennepteelt-ondermijning</title>", html);
        Assert.Contains("<main>\n<h1>/artikelen/hennepteelt-ondermijning</h1>\nSignalen van hennepteelt herkennen en melden.\n</main>", html);
    }

    [Fact]
    public async Task Should_stop_at_a_next_link_that_loops_back()
    {
        PublishFixtures();
        _site.SetText(SecondPage, FixtureFiles.ForSite("JsonApi/drupal-articles-2.json", _site)
            .Replace("\"prev\"", "\"next\"", StringComparison.Ordinal)
            .Replace(_site.Url("/jsonapi/node/article?page%5Boffset%5D=0&page%5Blimit%5D=2").AbsoluteUri, _site.Url(FirstPage).AbsoluteUri, StringComparison.Ordinal),
            "application/vnd.api+json");
        using var services = new ConnectorServices();

        var items = await Connector(services).CollectAsync(Source());

        Assert.Equal(4, items.Count);
        Assert.Equal(1, _site.CountRequests(FirstPage));
    }

    [Fact]
    public async Task Should_fail_the_run_when_a_next_link_leaves_the_site()
    {
        PublishFixtures();
        _site.SetText(FirstPage, FixtureFiles.ForSite("JsonApi/drupal-articles-1.json", _site)
            .Replace(_site.Url(SecondPage).AbsoluteUri, "http://elders.invalid/jsonapi/node/article?page=2", StringComparison.Ordinal), "application/vnd.api+json");
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source()));

        Assert.Contains("leaves", ex.Message);
    }

    [Fact]
    public async Task Should_fail_the_run_when_the_second_page_answers_500()
    {
        PublishFixtures();
        _site.SetStatus(SecondPage, 500);
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source()));

        Assert.Contains("HTTP 500", ex.Message);
        Assert.Equal(0, _site.CountRequests(PdfPath));
    }

    [Fact]
    public async Task Should_fail_the_run_on_a_json_api_error_document()
    {
        _site.Set(FirstPage, """{"jsonapi":{"version":"1.0"},"errors":[{"title":"Forbidden","status":"403","detail":"Toegang geweigerd."}]}"""u8.ToArray(),
            "application/vnd.api+json");
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source()));

        Assert.Contains("Toegang geweigerd.", ex.Message);
    }

    [Fact]
    public async Task Should_fail_the_run_on_json_nested_ten_thousand_deep()
    {
        _site.SetText(FirstPage, "{\"data\":" + new string('[', 10_000) + new string(']', 10_000) + "}", "application/vnd.api+json");
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source()));

        Assert.Contains("depth", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Should_fail_the_run_on_a_page_larger_than_the_response_cap()
    {
        PublishFixtures();
        using var services = new ConnectorServices(new Dictionary<string, string?> { ["MaxResponseBytes"] = "4096" });

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source()));

        Assert.Contains("exceeds the cap", ex.Message);
    }

    [Fact]
    public async Task Should_fail_the_run_on_an_html_page_instead_of_json()
    {
        _site.SetHtml(FirstPage, "<html><body>Inloggen</body></html>");
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source()));

        Assert.Contains("not a valid JSON:API document", ex.Message);
    }

    private static JsonApiConnector Connector(ConnectorServices services) =>
        services.Provider.GetServices<ISourceConnector>().OfType<JsonApiConnector>().Single();

    private SourceDefinition Source() => new()
    {
        Id = "drupal",
        Name = "Kennisbank (Drupal)",
        Kind = SourceKind.JsonApi,
        Url = _site.Url(FirstPage),
        Schedule = "0 0 3 * * ?",
    };

    private byte[] PublishFixtures()
    {
        _site.SetText(FirstPage, FixtureFiles.ForSite("JsonApi/drupal-articles-1.json", _site), "application/vnd.api+json");
        _site.SetText(SecondPage, FixtureFiles.ForSite("JsonApi/drupal-articles-2.json", _site), "application/vnd.api+json");
        var pdf = FixtureDocuments.Pdf("Convenant hennepteelt", ["Artikel 1."]);
        _site.Set(PdfPath, pdf, "application/pdf", headers: new Dictionary<string, string> { ["ETag"] = "\"h1\"" });
        return pdf;
    }

    private List<string> PageRequests() => _site.Requests.Where(r => r != "/robots.txt").ToList();
}
