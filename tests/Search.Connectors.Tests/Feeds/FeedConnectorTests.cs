using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Search.Connectors.Abstractions;
using Search.Connectors.Feeds;
using Search.Connectors.Tests.Contract;
using Search.TestKit;

namespace Search.Connectors.Tests.Feeds;

public sealed class FeedConnectorTests : IAsyncLifetime
{
    private const string JeugdPath = "/2024/02/20/jeugdoverlast-in-de-wijk/";
    private const string CameraPath = "/2024/01/15/convenant-cameratoezicht/";
    private const string PdfPath = "/wp-content/uploads/2024/03/handreiking-woninginbraak.pdf";
    private const string WordPressDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private LoopbackSite _site = null!;

    public async Task InitializeAsync() => _site = await LoopbackSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Should_yield_items_with_full_content_as_html_without_fetching_their_page_and_fetch_the_others()
    {
        PublishRssFixture();
        using var services = new ConnectorServices();

        var items = await Connector(services).CollectAsync(Source());

        Assert.Equal(
            [_site.Url("/2024/03/05/aanpak-woninginbraak/"), _site.Url(JeugdPath), _site.Url(CameraPath), _site.Url(PdfPath)],
            items.Select(i => i.Url));
        Assert.Equal(["/feed/", JeugdPath, CameraPath, PdfPath], PageRequests());
        var content = Assert.IsType<HarvestedDocument>(items[0]);
        Assert.Equal("text/html; charset=utf-8", content.ContentType);
        var html = Encoding.UTF8.GetString(content.Content);
        Assert.Contains("<title>Aanpak woninginbraak: “Samen sta je sterker”</title>", html);
        Assert.Contains("<h2>Maatregelen</h2>", html);
        Assert.Contains("<meta property=\"article:published_time\" content=\"2024-03-05T08:30:00Z\">", html);
        var published = new DateTimeOffset(2024, 3, 5, 8, 30, 0, TimeSpan.Zero);
        Assert.Equal(published, content.ListedModified);
        Assert.Equal(published, content.LastModified);
        var page = Assert.IsType<HarvestedDocument>(items[1]);
        Assert.Contains("Jeugdoverlast", Encoding.UTF8.GetString(page.Content));
        Assert.Equal(new DateTimeOffset(2024, 2, 20, 10, 0, 0, TimeSpan.FromHours(1)), page.ListedModified);
    }

    [Fact]
    public async Task Should_harvest_attachments_of_item_content_with_the_item_as_parent()
    {
        var pdf = PublishRssFixture();
        using var services = new ConnectorServices();

        var items = await Connector(services).CollectAsync(Source());

        var attachment = Assert.IsType<HarvestedDocument>(Assert.Single(items, i => i.Url == _site.Url(PdfPath)));
        Assert.Equal(pdf, attachment.Content);
        Assert.Equal(new ParentLink(_site.Url("/2024/03/05/aanpak-woninginbraak/"), "Aanpak woninginbraak: “Samen sta je sterker”"), attachment.Parent);
    }

    [Fact]
    public async Task Should_harvest_attachments_of_fetched_pages_with_the_page_as_parent()
    {
        PublishAtomFixture();
        _site.SetHtml("/artikelen/evenementenveiligheid",
            "<html><head><title>Evenementenveiligheid</title></head><body><a href=\"/bijlagen/draaiboek.docx\">Draaiboek</a></body></html>");
        var docx = FixtureDocuments.Docx("Draaiboek", [new DocxParagraph("Draaiboek evenementen")]);
        _site.Set("/bijlagen/draaiboek.docx", docx, WordPressDocx);
        using var services = new ConnectorServices();

        var items = await Connector(services).CollectAsync(Source("/atom.xml"));

        var attachment = Assert.IsType<HarvestedDocument>(Assert.Single(items, i => i.Url == _site.Url("/bijlagen/draaiboek.docx")));
        Assert.Equal(docx, attachment.Content);
        Assert.Equal(new ParentLink(_site.Url("/artikelen/evenementenveiligheid"), "Evenementenveiligheid"), attachment.Parent);
    }

    [Fact]
    public async Task Should_harvest_an_atom_feed_with_content_and_summary_only_entries()
    {
        PublishAtomFixture();
        _site.SetHtml("/artikelen/evenementenveiligheid", "<html><head><title>Evenementenveiligheid</title></head><body>Draaiboeken</body></html>");
        using var services = new ConnectorServices();

        var items = await Connector(services).CollectAsync(Source("/atom.xml"));

        Assert.Equal(
            [
                _site.Url("/artikelen/hennepteelt-ondermijning"), _site.Url("/artikelen/evenementenveiligheid"),
                _site.Url("/artikelen/buurtbemiddeling"), _site.Url("/bijlagen/convenant-hennep.pdf"),
            ],
            items.Select(i => i.Url));
        Assert.All(items, i => Assert.IsType<HarvestedDocument>(i));
        Assert.Equal(["/atom.xml", "/artikelen/evenementenveiligheid", "/bijlagen/convenant-hennep.pdf"], PageRequests());
        Assert.Contains("<title>Hennepteelt &amp; ondermijning</title>", Encoding.UTF8.GetString(((HarvestedDocument)items[0]).Content));
    }

    [Fact]
    public async Task Should_report_unchanged_items_on_a_second_run_with_fewer_requests()
    {
        PublishRssFixture();
        using var services = new ConnectorServices();
        var first = await Connector(services).CollectAsync(Source());
        var firstRequests = PageRequests().Count;

        var second = await Connector(services).CollectAsync(Source(), HarvestContexts.FromRun(first));

        Assert.Equal(first.Select(i => i.Url), second.Select(i => i.Url));
        Assert.All(second, i => Assert.IsType<HarvestUnchanged>(i));
        // Dated items are skipped by their feed date; the undated one and the attachment answer 304.
        Assert.Equal(["/feed/", CameraPath, PdfPath], PageRequests().Skip(firstRequests));
        Assert.Equal("304 Not Modified", ((HarvestUnchanged)second[2]).Reason);
    }

    [Fact]
    public async Task Should_refetch_an_item_whose_feed_date_is_newer_than_last_run()
    {
        PublishRssFixture();
        using var services = new ConnectorServices();
        var first = await Connector(services).CollectAsync(Source());
        _site.SetText("/feed/", FixtureFiles.ForSite("Feeds/rss-content-encoded.xml", _site)
            .Replace("Tue, 20 Feb 2024 10:00:00 +0100", "Wed, 06 Mar 2024 10:00:00 +0100", StringComparison.Ordinal), "application/rss+xml");
        _site.SetHtml(JeugdPath, "<html><head><title>Jeugdoverlast</title></head><body>Bijgewerkt</body></html>");

        var second = await Connector(services).CollectAsync(Source(), HarvestContexts.FromRun(first));

        var updated = Assert.IsType<HarvestedDocument>(Assert.Single(second, i => i.Url == _site.Url(JeugdPath)));
        Assert.Contains("Bijgewerkt", Encoding.UTF8.GetString(updated.Content));
        Assert.Equal(new DateTimeOffset(2024, 3, 6, 10, 0, 0, TimeSpan.FromHours(1)), updated.ListedModified);
    }

    [Fact]
    public async Task Should_keep_the_known_attachments_of_a_page_that_answers_304()
    {
        var pageBody = Encoding.UTF8.GetBytes("<html><head><title>Cameratoezicht</title></head><body><a href=\"/convenant.pdf\">pdf</a></body></html>");
        var pdf = FixtureDocuments.Pdf("Convenant", ["Artikel 1."]);
        _site.Set("/camera", pageBody, "text/html", headers: Etag("\"c1\""));
        _site.Set("/convenant.pdf", pdf, "application/pdf", headers: Etag("\"p1\""));
        _site.SetText("/feed/", Rss(("Cameratoezicht", "/camera", null)), "application/rss+xml");
        using var services = new ConnectorServices();
        var first = await Connector(services).CollectAsync(Source());

        var second = await Connector(services).CollectAsync(Source(), HarvestContexts.FromRun(first));

        Assert.Equal([_site.Url("/camera"), _site.Url("/convenant.pdf")], second.Select(i => i.Url));
        Assert.All(second, i => Assert.Equal("304 Not Modified", Assert.IsType<HarvestUnchanged>(i).Reason));
    }

    [Fact]
    public async Task Should_not_fetch_pages_or_attachments_on_another_host_but_keep_the_items_summary()
    {
        var feed = $"""
            <rss version="2.0"><channel><title>t</title><link>{_site.BaseUrl}</link><description>d</description>
            <item><title>Extern artikel</title><link>http://extern.invalid/artikel</link><description>Samenvatting extern</description></item>
            <item><title>Extern zonder samenvatting</title><link>http://extern.invalid/leeg</link></item>
            <item><title>Eigen</title><link>{_site.Url("/eigen")}</link>
              <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<a href="http://extern.invalid/x.pdf">x</a>]]></content:encoded></item>
            </channel></rss>
            """;
        _site.SetText("/feed/", feed, "application/rss+xml");
        using var services = new ConnectorServices();

        var items = await Connector(services).CollectAsync(Source());

        Assert.Equal(["/feed/"], PageRequests());
        Assert.Equal(3, items.Count);
        Assert.Contains("Samenvatting extern", Encoding.UTF8.GetString(Assert.IsType<HarvestedDocument>(items[0]).Content));
        Assert.Equal(HarvestFailureKind.Rejected, Assert.IsType<HarvestFailure>(items[1]).Kind);
        Assert.IsType<HarvestedDocument>(items[2]);
    }

    [Fact]
    public async Task Should_report_a_linked_page_that_answers_404_as_gone_and_carry_on()
    {
        _site.SetHtml("/b", "<html><body>B</body></html>");
        _site.SetText("/feed/", Rss(("Weg", "/weg", null), ("B", "/b", null)), "application/rss+xml");
        using var services = new ConnectorServices();

        var items = await Connector(services).CollectAsync(Source());

        Assert.Equal(HarvestFailureKind.Gone, Assert.IsType<HarvestFailure>(items[0]).Kind);
        Assert.IsType<HarvestedDocument>(items[1]);
    }

    [Fact]
    public async Task Should_yield_an_item_linked_twice_once()
    {
        _site.SetHtml("/a", "<html><body>A</body></html>");
        _site.SetText("/feed/", Rss(("A", "/a", null), ("A opnieuw", "/a?utm_source=rss", null)), "application/rss+xml");
        using var services = new ConnectorServices();

        var items = await Connector(services).CollectAsync(Source());

        Assert.Equal([_site.Url("/a")], items.Select(i => i.Url));
        Assert.Equal(1, _site.CountRequests("/a"));
    }

    [Fact]
    public async Task Should_stop_after_max_documents()
    {
        foreach (var page in new[] { "/1", "/2", "/3" })
        {
            _site.SetHtml(page, $"<html><body><a href=\"{page}.pdf\">pdf</a></body></html>");
        }

        _site.SetText("/feed/", Rss(("1", "/1", null), ("2", "/2", null), ("3", "/3", null)), "application/rss+xml");
        using var services = new ConnectorServices();

        var items = await Connector(services).CollectAsync(Source() with { MaxDocuments = 2 });

        Assert.Equal([_site.Url("/1"), _site.Url("/2")], items.Select(i => i.Url));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(404)]
    public async Task Should_fail_the_run_when_the_feed_cannot_be_fetched(int status)
    {
        _site.SetStatus("/feed/", status);
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source()));

        Assert.Contains($"HTTP {status}", ex.Message);
    }

    [Theory]
    [InlineData("<rss version=\"2.0\"><channel><title>Onvolledig</title><item><title>a</item></channel></rss>")]
    [InlineData("<html><body>Onderhoud</body></html>")]
    [InlineData("")]
    public async Task Should_fail_the_run_when_the_feed_is_malformed(string feed)
    {
        _site.SetText("/feed/", feed, "application/rss+xml");
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source()));

        Assert.Contains("not a valid RSS or Atom feed", ex.Message);
    }

    [Fact]
    public async Task Should_fail_the_run_on_a_feed_with_invalid_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>X</title></channel></rss>");
        bytes[60] = 0xFF;
        _site.Set("/feed/", bytes, "application/rss+xml");
        using var services = new ConnectorServices();

        await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source()));
    }

    [Fact]
    public async Task Should_fail_the_run_on_an_external_entity_without_requesting_it()
    {
        await using var witness = await LoopbackSite.StartAsync();
        witness.SetText("/geheim", "geheim", "text/plain");
        var feed = $"""
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "{witness.Url("/geheim")}"><!ENTITY file SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>&xxe;</title><link>{_site.BaseUrl}</link><description>&file;</description>
            <item><title>&xxe;</title><link>{_site.Url("/a")}</link></item></channel></rss>
            """;
        _site.SetText("/feed/", feed, "application/rss+xml");
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source()));

        Assert.Contains("DTD", ex.Message);
        Assert.Empty(witness.Requests);
        Assert.Equal(["/feed/"], PageRequests());
    }

    [Fact]
    public async Task Should_fail_a_billion_laughs_feed_quickly()
    {
        var feed = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol0 \"lol\">\n");
        for (var i = 1; i <= 10; i++)
        {
            feed.Append("<!ENTITY lol").Append(i).Append(" \"").Append(string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))).Append("\">\n");
        }

        feed.Append("]>\n<rss version=\"2.0\"><channel><title>&lol10;</title></channel></rss>");
        _site.SetText("/feed/", feed.ToString(), "application/rss+xml");
        using var services = new ConnectorServices();
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source()));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Should_fail_the_run_when_the_feed_is_larger_than_the_response_cap()
    {
        _site.SetText("/feed/", Rss(("A", "/a", new string('x', 8192))), "application/rss+xml");
        using var services = new ConnectorServices(new Dictionary<string, string?> { ["MaxResponseBytes"] = "4096" });

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source()));

        Assert.Contains("exceeds the cap", ex.Message);
    }

    [Fact]
    public async Task Should_refuse_a_source_without_a_feed_url()
    {
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Connector(services).CollectAsync(Source() with { Url = null }));

        Assert.Contains("has no feed url", ex.Message);
    }

    private static FeedConnector Connector(ConnectorServices services) =>
        services.Provider.GetServices<ISourceConnector>().OfType<FeedConnector>().Single();

    private SourceDefinition Source(string path = "/feed/") => new()
    {
        Id = "nieuws",
        Name = "Kennisbank nieuws",
        Kind = SourceKind.Feed,
        Url = _site.Url(path),
        Schedule = "0 0 * * * ?",
    };

    /// <summary>Serves the RSS fixture and the pages and attachment it links to, all with ETags; returns the PDF.</summary>
    private byte[] PublishRssFixture()
    {
        _site.SetText("/feed/", FixtureFiles.ForSite("Feeds/rss-content-encoded.xml", _site), "application/rss+xml; charset=UTF-8");
        _site.Set(JeugdPath, "<html><head><title>Jeugdoverlast</title></head><body>Jeugdoverlast in de wijk</body></html>"u8.ToArray(),
            "text/html; charset=utf-8", headers: Etag("\"j1\""));
        _site.Set(CameraPath, "<html><head><title>Camera</title></head><body>Convenant cameratoezicht</body></html>"u8.ToArray(),
            "text/html; charset=utf-8", headers: Etag("\"c1\""));
        var pdf = FixtureDocuments.Pdf("Handreiking woninginbraak", ["Maatregelen tegen woninginbraak."]);
        _site.Set(PdfPath, pdf, "application/pdf", headers: Etag("\"p1\""));
        return pdf;
    }

    private void PublishAtomFixture()
    {
        _site.SetText("/atom.xml", FixtureFiles.ForSite("Feeds/atom.xml", _site), "application/atom+xml");
        _site.Set("/bijlagen/convenant-hennep.pdf", FixtureDocuments.Pdf("Convenant hennep", ["Artikel 1."]), "application/pdf");
    }

    private string Rss(params (string Title, string Path, string? Description)[] items)
    {
        var xml = new StringBuilder($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Nieuws</title><link>{_site.BaseUrl}</link><description>d</description>");
        foreach (var (title, path, description) in items)
        {
            xml.Append($"<item><title>{title}</title><link>{_site.Url(path)}</link>");
            if (description is not null)
            {
                xml.Append($"<description>{description}</description>");
            }

            xml.Append("</item>");
        }

        return xml.Append("</channel></rss>").ToString();
    }

    /// <summary>The requests besides robots.txt (which the shared fetcher reads once per run and host).</summary>
    private List<string> PageRequests() => _site.Requests.Where(r => r != "/robots.txt").ToList();

    private static Dictionary<string, string> Etag(string value) => new() { ["ETag"] = value };
}
