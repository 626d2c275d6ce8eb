using System.IO.Compression;
using System.Text;
using Search.Connectors.Abstractions;
using Search.TestKit;

namespace Search.Connectors.Tests.Sitemap;

public sealed class SitemapConnectorTests : IAsyncLifetime
{
    private const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private LoopbackSite _site = null!;

    public async Task InitializeAsync() => _site = await LoopbackSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Should_yield_the_listed_pages_first_and_then_their_attachments_with_the_page_as_parent()
    {
        Page("/a.html", "Convenant aanpak hennepteelt",
            "<a href=\"/bijlagen/convenant.pdf\">Convenant</a> <a href=\"bijlagen/plan.DOCX?versie=2\">Plan</a>");
        Page("/b.html", "Plan van aanpak jeugdoverlast", "Geen bijlagen.");
        var pdf = FixtureDocuments.Pdf("Convenant hennepteelt", ["Artikel 1."]);
        var docx = FixtureDocuments.Docx("Plan", [new DocxParagraph("Maatregelen")]);
        _site.Set("/bijlagen/convenant.pdf", pdf, "application/pdf");
        _site.Set("/bijlagen/plan.DOCX?versie=2", docx, DocxType);
        Listing("/a.html", "/b.html");
        using var services = new ConnectorServices();

        var items = await services.Sitemap.CollectAsync(Source());

        Assert.Equal(
            [_site.Url("/a.html"), _site.Url("/b.html"), _site.Url("/bijlagen/convenant.pdf"), _site.Url("/bijlagen/plan.DOCX?versie=2")],
            items.Select(i => i.Url));
        var documents = items.Cast<HarvestedDocument>().ToList();
        Assert.All(documents.Take(2), d => Assert.Null(d.Parent));
        Assert.Equal(pdf, documents[2].Content);
        Assert.Equal("application/pdf", documents[2].ContentType);
        Assert.Equal(new ParentLink(_site.Url("/a.html"), "Convenant aanpak hennepteelt"), documents[2].Parent);
        Assert.Equal(docx, documents[3].Content);
        Assert.Equal(new ParentLink(_site.Url("/a.html"), "Convenant aanpak hennepteelt"), documents[3].Parent);
    }

    [Fact]
    public async Task Should_take_lastmod_from_the_sitemap_when_the_page_sends_no_last_modified()
    {
        Page("/a.html", "A", "tekst");
        var modified = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
        _site.SetText("/sitemap.xml", LoopbackSite.Sitemap([_site.Url("/a.html")], _ => modified), "application/xml");
        using var services = new ConnectorServices();

        var items = await services.Sitemap.CollectAsync(Source());

        Assert.Equal(modified, Assert.IsType<HarvestedDocument>(Assert.Single(items)).LastModified);
    }

    [Fact]
    public async Task Should_not_fetch_attachments_on_another_host()
    {
        Page("/a.html", "A", "<a href=\"https://elders.example/bijlagen/extern.pdf\">Extern</a> <a href=\"/eigen.pdf\">Eigen</a>");
        _site.Set("/eigen.pdf", FixtureDocuments.Pdf("Eigen", ["x"]), "application/pdf");
        Listing("/a.html");
        using var services = new ConnectorServices();

        var items = await services.Sitemap.CollectAsync(Source());

        Assert.Equal([_site.Url("/a.html"), _site.Url("/eigen.pdf")], items.Select(i => i.Url));
        Assert.Equal(["/robots.txt", "/sitemap.xml", "/a.html", "/eigen.pdf"], _site.Requests);
    }

    [Fact]
    public async Task Should_fetch_an_attachment_linked_from_two_pages_once()
    {
        Page("/a.html", "A", "<a href=\"/gedeeld.pdf\">pdf</a>");
        Page("/b.html", "B", "<a href=\"/gedeeld.pdf#pagina=2\">pdf</a>");
        _site.Set("/gedeeld.pdf", FixtureDocuments.Pdf("Gedeeld", ["x"]), "application/pdf");
        Listing("/a.html", "/b.html");
        using var services = new ConnectorServices();

        var items = await services.Sitemap.CollectAsync(Source());

        var pdf = Assert.IsType<HarvestedDocument>(Assert.Single(items, i => i.Url == _site.Url("/gedeeld.pdf")));
        Assert.Equal(_site.Url("/a.html"), pdf.Parent!.Url);
        Assert.Equal(1, _site.CountRequests("/gedeeld.pdf"));
    }

    [Fact]
    public async Task Should_give_a_listed_attachment_the_page_that_links_to_it_as_parent()
    {
        _site.Set("/bijlage.pdf", FixtureDocuments.Pdf("Bijlage", ["x"]), "application/pdf");
        Page("/a.html", "Pagina met bijlage", "<a href=\"/bijlage.pdf\">pdf</a>");
        Listing("/bijlage.pdf", "/a.html");
        using var services = new ConnectorServices();

        var items = await services.Sitemap.CollectAsync(Source());

        Assert.Equal([_site.Url("/a.html"), _site.Url("/bijlage.pdf")], items.Select(i => i.Url));
        Assert.Equal(new ParentLink(_site.Url("/a.html"), "Pagina met bijlage"), ((HarvestedDocument)items[1]).Parent);
    }

    [Fact]
    public async Task Should_harvest_a_hostile_deeply_nested_page_and_carry_on()
    {
        Page("/diep.html", "Diep", string.Concat(Enumerable.Repeat("<div>", 50_000)));
        Page("/b.html", "B", "<a href=\"/b.pdf\">b</a>");
        _site.Set("/b.pdf", FixtureDocuments.Pdf("B", ["x"]), "application/pdf");
        Listing("/diep.html", "/b.html");
        using var services = new ConnectorServices();

        var items = await services.Sitemap.CollectAsync(Source());

        Assert.Equal([_site.Url("/diep.html"), _site.Url("/b.html"), _site.Url("/b.pdf")], items.Select(i => i.Url));
    }

    [Fact]
    public async Task Should_report_a_listed_page_that_answers_404_as_gone_and_carry_on()
    {
        Page("/b.html", "B", "tekst");
        Listing("/weg.html", "/b.html");
        using var services = new ConnectorServices();

        var items = await services.Sitemap.CollectAsync(Source());

        var failure = Assert.IsType<HarvestFailure>(items[0]);
        Assert.Equal(_site.Url("/weg.html"), failure.Url);
        Assert.Equal(HarvestFailureKind.Gone, failure.Kind);
        Assert.IsType<HarvestedDocument>(items[1]);
    }

    [Fact]
    public async Task Should_fail_the_run_when_the_sitemap_answers_500()
    {
        _site.SetStatus("/sitemap.xml", 500);
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => services.Sitemap.CollectAsync(Source()));

        Assert.Contains("could not be read", ex.Message);
        Assert.Contains("HTTP 500", ex.Message);
    }

    [Fact]
    public async Task Should_fail_the_run_when_the_sitemap_is_not_a_sitemap()
    {
        _site.SetHtml("/sitemap.xml", "<html><body>Pagina niet gevonden</body></html>");
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => services.Sitemap.CollectAsync(Source()));

        Assert.Contains("not a valid sitemap", ex.Message);
    }

    [Fact]
    public async Task Should_fail_the_run_when_the_sitemap_declares_an_external_entity()
    {
        _site.SetText("/sitemap.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
            <urlset><url><loc>&e;</loc></url></urlset>
            """, "application/xml");
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => services.Sitemap.CollectAsync(Source()));

        Assert.Contains("not a valid sitemap", ex.Message);
        Assert.Equal(["/robots.txt", "/sitemap.xml"], _site.Requests);
    }

    [Fact]
    public async Task Should_harvest_the_pages_of_every_child_sitemap_of_an_index()
    {
        Page("/a.html", "A", "a");
        Page("/b.html", "B", "b");
        Page("/c.html", "C", "c");
        _site.SetText("/sitemap.xml", LoopbackSite.SitemapIndex([_site.Url("/sitemap-1.xml"), _site.Url("/sitemap-2.xml.gz")]), "application/xml");
        _site.SetText("/sitemap-1.xml", LoopbackSite.Sitemap([_site.Url("/a.html"), _site.Url("/b.html")]), "application/xml");
        _site.Set("/sitemap-2.xml.gz", Gzip(LoopbackSite.Sitemap([_site.Url("/c.html")])), "application/gzip");
        using var services = new ConnectorServices();

        var items = await services.Sitemap.CollectAsync(Source());

        Assert.Equal([_site.Url("/a.html"), _site.Url("/b.html"), _site.Url("/c.html")], items.Select(i => i.Url));
        Assert.All(items, i => Assert.IsType<HarvestedDocument>(i));
    }

    [Fact]
    public async Task Should_terminate_on_a_sitemap_index_that_lists_itself()
    {
        Page("/a.html", "A", "a");
        _site.SetText("/sitemap.xml", LoopbackSite.SitemapIndex([_site.Url("/sitemap.xml"), _site.Url("/pages.xml")]), "application/xml");
        _site.SetText("/pages.xml", LoopbackSite.Sitemap([_site.Url("/a.html")]), "application/xml");
        using var services = new ConnectorServices();

        var items = await services.Sitemap.CollectAsync(Source());

        Assert.Equal([_site.Url("/a.html")], items.Select(i => i.Url));
        Assert.Equal(1, _site.CountRequests("/sitemap.xml"));
    }

    [Fact]
    public async Task Should_fail_the_run_when_sitemap_indexes_nest_too_deeply()
    {
        for (var i = 0; i <= 4; i++)
        {
            _site.SetText($"/index-{i}.xml", LoopbackSite.SitemapIndex([_site.Url($"/index-{i + 1}.xml")]), "application/xml");
        }

        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => services.Sitemap.CollectAsync(Source() with { Url = _site.Url("/index-0.xml") }));

        Assert.Contains("nests deeper", ex.Message);
    }

    [Fact]
    public async Task Should_refuse_a_loopback_sitemap_without_any_request_when_private_networks_are_not_allowed()
    {
        Page("/a.html", "A", "a");
        Listing("/a.html");
        using var services = new ConnectorServices(new Dictionary<string, string?> { ["AllowPrivateNetworks"] = "false" });

        var ex = await Assert.ThrowsAsync<HarvestException>(() => services.Sitemap.CollectAsync(Source()));

        Assert.Contains("Search:Harvest:AllowPrivateNetworks", ex.Message);
        Assert.Empty(_site.Requests);
    }

    [Fact]
    public async Task Should_stop_after_max_documents()
    {
        var pages = Enumerable.Range(1, 5).Select(i => $"/p{i}.html").ToArray();
        foreach (var page in pages)
        {
            Page(page, page, $"<a href=\"{page}.pdf\">bijlage</a>");
        }

        Listing(pages);
        using var services = new ConnectorServices();

        var items = await services.Sitemap.CollectAsync(Source() with { MaxDocuments = 2 });

        Assert.Equal([_site.Url("/p1.html"), _site.Url("/p2.html")], items.Select(i => i.Url));
        Assert.Equal(["/robots.txt", "/sitemap.xml", "/p1.html", "/p2.html"], _site.Requests);
    }

    [Fact]
    public async Task Should_count_attachments_towards_max_documents()
    {
        Page("/a.html", "A", "<a href=\"/1.pdf\">1</a> <a href=\"/2.pdf\">2</a>");
        _site.Set("/1.pdf", FixtureDocuments.Pdf("1", ["x"]), "application/pdf");
        _site.Set("/2.pdf", FixtureDocuments.Pdf("2", ["x"]), "application/pdf");
        Listing("/a.html");
        using var services = new ConnectorServices();

        var items = await services.Sitemap.CollectAsync(Source() with { MaxDocuments = 2 });

        Assert.Equal([_site.Url("/a.html"), _site.Url("/1.pdf")], items.Select(i => i.Url));
        Assert.Equal(0, _site.CountRequests("/2.pdf"));
    }

    [Fact]
    public async Task Should_refuse_a_source_without_a_sitemap_url()
    {
        using var services = new ConnectorServices();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => services.Sitemap.CollectAsync(Source() with { Url = null }));

        Assert.Contains("has no sitemap url", ex.Message);
    }

    private SourceDefinition Source() => new()
    {
        Id = "oost",
        Name = "Netwerk oost",
        Kind = SourceKind.Sitemap,
        Url = _site.Url("/sitemap.xml"),
        Schedule = "0 0 3 * * ?",
    };

    private void Page(string path, string title, string body) =>
        _site.SetHtml(path, $"<!DOCTYPE html><html lang=\"nl\"><head><title>{title}</title></head><body>{body}</body></html>");

    private void Listing(params string[] paths) =>
        _site.SetText("/sitemap.xml", LoopbackSite.Sitemap(paths.Select(_site.Url)), "application/xml");

    private static byte[] Gzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}
