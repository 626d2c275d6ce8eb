using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Search.Connectors.Abstractions;
using Search.Connectors.Html;
using Search.Connectors.Tests.Contract;
using Search.TestKit;

namespace Search.Connectors.Tests.Html;

public sealed class CrawlConnectorTests : IAsyncLifetime
{
    private const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private readonly ConnectorServices _services = new();
    private LoopbackSite _site = null!;

    public async Task InitializeAsync() => _site = await LoopbackSite.StartAsync();

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        _services.Dispose();
    }

    /// <summary>Requests other than robots.txt (which the shared fetcher reads per host).</summary>
    private IReadOnlyList<string> PageRequests => _site.Requests.Where(r => r != "/robots.txt").ToList();

    private CrawlConnector Crawler => _services.Provider.GetServices<ISourceConnector>().OfType<CrawlConnector>().Single();

    [Fact]
    public async Task Should_follow_links_breadth_first_and_yield_each_page_once()
    {
        Page("/", "Start", "<a href=\"/a\">a</a> <a href=\"/b\">b</a>");
        Page("/a", "A", "<a href=\"/b\">b</a> <a href=\"/c\">c</a> <a href=\"/\">home</a>");
        Page("/b", "B", "<a href=\"c\">c</a> <a href=\"/a#boven\">a</a>");
        Page("/c", "C", "<a href=\"/?utm_source=menu\">home</a>");

        var items = await Crawler.CollectAsync(Source());

        Assert.Equal([_site.Url("/"), _site.Url("/a"), _site.Url("/b"), _site.Url("/c")], items.Select(i => i.Url));
        Assert.All(items, i => Assert.IsType<HarvestedDocument>(i));
        Assert.Equal(["/", "/a", "/b", "/c"], PageRequests);
    }

    [Fact]
    public async Task Should_start_from_the_source_url_when_no_start_urls_are_given()
    {
        Page("/welkom", "Welkom", "<a href=\"/a\">a</a>");
        Page("/a", "A", "a");

        var items = await Crawler.CollectAsync(Source() with { StartUrls = [], Url = _site.Url("/welkom") });

        Assert.Equal([_site.Url("/welkom"), _site.Url("/a")], items.Select(i => i.Url));
    }

    [Fact]
    public async Task Should_not_request_other_hosts_or_links_that_are_not_pages()
    {
        await using var elders = await LoopbackSite.StartAsync();
        elders.SetHtml("/x", "<title>X</title>");
        Page("/", "Start", $"""
            <a href="{elders.Url("/x")}">ander</a>
            <a href="mailto:info@kennisbank.example">mail</a> <a href="javascript:alert(1)">js</a> <a href="tel:+31201234567">bel</a>
            <a href="/logo.png">logo</a> <a href="/stijl.css">css</a> <a href="/app.js">js</a> <a href="/tabel.xlsx">xlsx</a>
            <a href="/pagina">pagina</a>
            """);
        Page("/pagina", "Pagina", "p");

        var items = await Crawler.CollectAsync(Source());

        Assert.Equal([_site.Url("/"), _site.Url("/pagina")], items.Select(i => i.Url));
        Assert.Equal(["/", "/pagina"], PageRequests);
        Assert.Empty(elders.Requests);
    }

    [Fact]
    public async Task Should_harvest_only_included_urls_that_no_exclude_pattern_matches()
    {
        Page("/", "Start", "<a href=\"/kennis/a\">a</a> <a href=\"/kennis/archief/b\">b</a> <a href=\"/nieuws/c\">c</a> <a href=\"/kennis/d?print=1\">d</a>");
        Page("/kennis/a", "A", "<a href=\"/kennis/e\">e</a>");
        Page("/kennis/e", "E", "e");

        var items = await Crawler.CollectAsync(Source() with { Include = ["/kennis/"], Exclude = ["/archief/", @"[?&]print="] });

        // The start page lies outside the include patterns: read for its links, not harvested itself.
        Assert.Equal([_site.Url("/kennis/a"), _site.Url("/kennis/e")], items.Select(i => i.Url));
        Assert.Equal(["/", "/kennis/a", "/kennis/e"], PageRequests);
    }

    [Fact]
    public async Task Should_not_follow_links_beyond_max_depth_but_harvest_the_attachments_of_the_deepest_pages()
    {
        Page("/d0", "D0", "<a href=\"/d1\">1</a>");
        Page("/d1", "D1", "<a href=\"/d2\">2</a>");
        Page("/d2", "D2", "<a href=\"/d3\">3</a> <a href=\"/d2.pdf\">pdf</a>");
        Page("/d3", "D3", "3");
        _site.Set("/d2.pdf", FixtureDocuments.Pdf("D2", ["x"]), "application/pdf");

        var items = await Crawler.CollectAsync(Source("/d0") with { MaxDepth = 2 });

        Assert.Equal([_site.Url("/d0"), _site.Url("/d1"), _site.Url("/d2"), _site.Url("/d2.pdf")], items.Select(i => i.Url));
        Assert.Equal(0, _site.CountRequests("/d3"));
    }

    [Fact]
    public async Task Should_stop_at_max_documents_without_further_requests()
    {
        Page("/", "Start", string.Concat(Enumerable.Range(1, 10).Select(i => $"<a href=\"/p{i}\">{i}</a>")));
        for (var i = 1; i <= 10; i++)
        {
            Page($"/p{i}", $"P{i}", "p");
        }

        var items = await Crawler.CollectAsync(Source() with { MaxDocuments = 3 });

        Assert.Equal([_site.Url("/"), _site.Url("/p1"), _site.Url("/p2")], items.Select(i => i.Url));
        Assert.Equal(["/", "/p1", "/p2"], PageRequests);
    }

    [Fact]
    public async Task Should_harvest_a_page_under_its_same_host_canonical_url_once()
    {
        Page("/", "Start", "<a href=\"/artikel?print=1&amp;id=7\">print</a> <a href=\"/artikel?id=7\">artikel</a> <a href=\"/kopie\">kopie</a>");
        Page("/artikel?id=7&print=1", "Artikel (print)", "<a href=\"/verder\">verder</a>", "<link rel=\"canonical\" href=\"/artikel?id=7\">");
        Page("/artikel?id=7", "Artikel", "<a href=\"/verder\">verder</a>", "<link rel=\"canonical\" href=\"/artikel?id=7\">");
        Page("/kopie", "Kopie", "k", "<link rel=\"canonical\" href=\"https://elders.example/origineel\">");
        Page("/verder", "Verder", "v");

        var items = await Crawler.CollectAsync(Source());

        Assert.Equal([_site.Url("/"), _site.Url("/artikel?id=7"), _site.Url("/kopie"), _site.Url("/verder")], items.Select(i => i.Url));
        Assert.Contains("Artikel (print)", Encoding.UTF8.GetString(((HarvestedDocument)items[1]).Content));
    }

    [Fact]
    public async Task Should_follow_a_redirect_and_harvest_the_target_once()
    {
        Page("/", "Start", "<a href=\"/oud\">oud</a> <a href=\"/nieuw\">nieuw</a>");
        _site.Set("/oud", [], "text/plain", 301, new Dictionary<string, string> { ["Location"] = "/nieuw" });
        Page("/nieuw", "Nieuw", "n");

        var items = await Crawler.CollectAsync(Source());

        Assert.Equal([_site.Url("/"), _site.Url("/nieuw")], items.Select(i => i.Url));
    }

    [Fact]
    public async Task Should_follow_but_not_harvest_noindex_pages_and_harvest_but_not_follow_nofollow_pages()
    {
        Page("/", "Start", """
            <a href="/noindex">1</a> <a href="/nofollow">2</a> <a href="/none">3</a> <a rel="nofollow" href="/uitloggen">4</a>
            """);
        Page("/noindex", "Overzicht", "<a href=\"/via-overzicht\">v</a> <a href=\"/bijlage.pdf\">pdf</a>", "<meta name=\"robots\" content=\"noindex, follow\">");
        Page("/nofollow", "Nofollow", "<a href=\"/verborgen-1\">v</a> <a href=\"/verborgen.pdf\">pdf</a>", "<meta name=\"robots\" content=\"nofollow\">");
        Page("/none", "None", "<a href=\"/verborgen-2\">v</a>", "<meta name=\"robots\" content=\"none\">");
        Page("/via-overzicht", "Via overzicht", "v");
        _site.Set("/bijlage.pdf", FixtureDocuments.Pdf("Bijlage", ["x"]), "application/pdf");

        var items = await Crawler.CollectAsync(Source());

        Assert.Equal([_site.Url("/"), _site.Url("/nofollow"), _site.Url("/via-overzicht"), _site.Url("/bijlage.pdf")], items.Select(i => i.Url));
        Assert.Equal(new ParentLink(_site.Url("/noindex"), "Overzicht"), ((HarvestedDocument)items[3]).Parent);
        Assert.Equal(1, _site.CountRequests("/noindex"));
        Assert.Equal(1, _site.CountRequests("/none"));
        Assert.Equal(0, _site.CountRequests("/verborgen-1") + _site.CountRequests("/verborgen-2") + _site.CountRequests("/verborgen.pdf")
            + _site.CountRequests("/uitloggen"));
    }

    [Fact]
    public async Task Should_harvest_linked_attachments_once_with_the_first_linking_page_as_parent()
    {
        await using var elders = await LoopbackSite.StartAsync();
        var pdf = FixtureDocuments.Pdf("Convenant", ["Artikel 1."]);
        var docx = FixtureDocuments.Docx("Plan", [new DocxParagraph("Maatregelen")]);
        Page("/", "Start", "<a href=\"/a\">a</a> <a href=\"/b\">b</a>");
        Page("/a", "Convenant &amp; plan", $"""
            <a href="/bijlagen/convenant.pdf#p2">pdf</a> <a href="plan.docx">docx</a> <a href="/download?id=3">download</a>
            <a href="{elders.Url("/extern.pdf")}">extern</a>
            """);
        Page("/b", "B", "<a href=\"/bijlagen/convenant.pdf\">pdf</a>");
        _site.Set("/bijlagen/convenant.pdf", pdf, "application/pdf");
        _site.Set("/plan.docx", docx, DocxType);
        _site.Set("/download?id=3", pdf, "text/html"); // a PDF served as HTML is still a PDF
        elders.Set("/extern.pdf", pdf, "application/pdf");

        var items = await Crawler.CollectAsync(Source());

        var parent = new ParentLink(_site.Url("/a"), "Convenant & plan");
        var documents = items.Cast<HarvestedDocument>().ToDictionary(d => d.Url.PathAndQuery);
        Assert.Equal(["/", "/a", "/b", "/download?id=3", "/bijlagen/convenant.pdf", "/plan.docx"], items.Select(i => i.Url.PathAndQuery));
        Assert.Equal(parent, documents["/bijlagen/convenant.pdf"].Parent);
        Assert.Equal(pdf, documents["/bijlagen/convenant.pdf"].Content);
        Assert.Equal(parent, documents["/plan.docx"].Parent);
        Assert.Equal(docx, documents["/plan.docx"].Content);
        Assert.Equal(parent, documents["/download?id=3"].Parent);
        Assert.Null(documents["/a"].Parent);
        Assert.Equal(1, _site.CountRequests("/bijlagen/convenant.pdf"));
        Assert.Empty(elders.Requests);
    }

    [Fact]
    public async Task Should_report_a_missing_page_as_gone_and_a_failing_page_as_transient_and_carry_on()
    {
        Page("/", "Start", "<a href=\"/weg\">weg</a> <a href=\"/stuk\">stuk</a> <a href=\"/goed\">goed</a>");
        _site.SetStatus("/stuk", 503);
        Page("/goed", "Goed", "g");

        var items = await Crawler.CollectAsync(Source());

        Assert.Equal([_site.Url("/"), _site.Url("/weg"), _site.Url("/stuk"), _site.Url("/goed")], items.Select(i => i.Url));
        Assert.Equal(HarvestFailureKind.Gone, Assert.IsType<HarvestFailure>(items[1]).Kind);
        Assert.Equal(HarvestFailureKind.Transient, Assert.IsType<HarvestFailure>(items[2]).Kind);
        Assert.IsType<HarvestedDocument>(items[3]);
    }

    [Fact]
    public async Task Should_fail_the_run_when_the_start_url_cannot_be_read()
    {
        _site.SetStatus("/", 500);

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Crawler.CollectAsync(Source()));

        Assert.Contains("could not be read", ex.Message);
        Assert.Contains("HTTP 500", ex.Message);
    }

    [Fact]
    public async Task Should_fail_the_run_when_one_of_several_start_urls_is_missing()
    {
        Page("/", "Start", "s");

        var ex = await Assert.ThrowsAsync<HarvestException>(() => Crawler.CollectAsync(Source() with { StartUrls = [_site.Url("/"), _site.Url("/weg")] }));

        Assert.Contains("HTTP 404", ex.Message);
    }

    [Fact]
    public async Task Should_refuse_a_source_without_start_url_or_with_an_invalid_pattern()
    {
        var none = await Assert.ThrowsAsync<HarvestException>(() => Crawler.CollectAsync(Source() with { StartUrls = [], Url = null }));
        var pattern = await Assert.ThrowsAsync<HarvestException>(() => Crawler.CollectAsync(Source() with { Exclude = ["[a-"] }));

        Assert.Contains("has no start URL", none.Message);
        Assert.Contains("'[a-' is not a valid regular expression", pattern.Message);
        Assert.Empty(_site.Requests);
    }

    [Fact]
    public async Task Should_refuse_a_loopback_start_url_without_any_request_when_private_networks_are_not_allowed()
    {
        Page("/", "Start", "s");
        using var services = new ConnectorServices(new Dictionary<string, string?> { ["AllowPrivateNetworks"] = "false" });
        var crawler = services.Provider.GetServices<ISourceConnector>().OfType<CrawlConnector>().Single();

        var ex = await Assert.ThrowsAsync<HarvestException>(() => crawler.CollectAsync(Source()));

        Assert.Contains("Search:Harvest:AllowPrivateNetworks", ex.Message);
        Assert.Empty(_site.Requests);
    }

    [Fact]
    public async Task Should_end_a_calendar_trap_at_max_depth()
    {
        for (var m = 0; m <= 100; m++)
        {
            Page($"/agenda?m={m}", $"Maand {m}", $"<a href=\"/agenda?m={m + 1}\">volgende maand</a>");
        }

        var watch = Stopwatch.StartNew();
        var items = await Crawler.CollectAsync(Source("/agenda?m=0"));

        Assert.Equal(6, items.Count);
        Assert.Equal(6, PageRequests.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Should_stop_following_a_relative_path_trap_at_the_repeated_segment_limit()
    {
        var trap = "<a href=\"a/b/\">dieper</a>";
        Page("/a/b/", "1", trap);
        Page("/a/b/a/b/", "2", trap);
        Page("/a/b/a/b/a/b/", "3", trap);

        var items = await Crawler.CollectAsync(Source("/a/b/") with { MaxDepth = 100 });

        Assert.Equal([_site.Url("/a/b/"), _site.Url("/a/b/a/b/")], items.Select(i => i.Url));
        Assert.Equal(["/a/b/", "/a/b/a/b/"], PageRequests);
    }

    [Fact]
    public async Task Should_fetch_a_page_once_whatever_session_ids_its_links_carry()
    {
        Page("/", "Start", "<a href=\"/a;jsessionid=A1\">a</a> <a href=\"/a?PHPSESSID=B2\">a</a> <a href=\"/a?sid=C3&amp;x=1\">x</a>");
        Page("/a", "A", "<a href=\"/a;jsessionid=D4\">zelf</a> <a href=\"/?PHPSESSID=E5\">home</a>");
        Page("/a?x=1", "A x", "<a href=\"/a?x=1&amp;sid=F6\">zelf</a>");

        var items = await Crawler.CollectAsync(Source() with { MaxDepth = 50 });

        Assert.Equal([_site.Url("/"), _site.Url("/a"), _site.Url("/a?x=1")], items.Select(i => i.Url));
        Assert.Equal(["/", "/a", "/a?x=1"], PageRequests);
    }

    [Fact]
    public async Task Should_take_at_most_1000_links_from_a_page_with_5000()
    {
        Page("/", "Start", string.Concat(Enumerable.Range(0, 5000).Select(i => $"<a href=\"/p/{i}\">{i}</a>")));
        for (var i = 0; i < 5000; i++)
        {
            Page($"/p/{i}", $"P{i}", "p");
        }

        var watch = Stopwatch.StartNew();
        var items = await Crawler.CollectAsync(Source() with { MaxDepth = 1 });

        Assert.Equal(1 + CrawlConnector.MaxOutlinksPerPage, items.Count);
        Assert.Equal(1 + CrawlConnector.MaxOutlinksPerPage, PageRequests.Count);
        Assert.Equal(_site.Url("/p/999"), items[^1].Url);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Should_stop_with_a_transient_failure_when_the_request_budget_runs_out()
    {
        Page("/", "Start", string.Concat(Enumerable.Range(1, 10).Select(i => $"<a href=\"/lijst{i}\">{i}</a>")));
        for (var i = 1; i <= 10; i++)
        {
            Page($"/lijst{i}", $"Lijst {i}", "l", "<meta name=\"robots\" content=\"noindex\">");
        }

        var items = await Crawler.CollectAsync(Source() with { MaxDocuments = 3 });

        Assert.Equal(3 * CrawlConnector.RequestsPerDocument, PageRequests.Count);
        Assert.Equal(_site.Url("/"), items[0].Url);
        var failure = Assert.IsType<HarvestFailure>(items[^1]);
        Assert.Equal(HarvestFailureKind.Transient, failure.Kind);
        Assert.Contains("crawl incomplete", failure.Reason);
    }

    [Fact]
    public async Task Should_report_an_unchanged_site_as_unchanged_with_304s_for_leaf_pages_and_attachments()
    {
        var pdf = FixtureDocuments.Pdf("Bijlage", ["x"]);
        Page("/", "Start", "<a href=\"/a\">a</a> <a href=\"/b\">b</a>", etag: true);
        Page("/a", "A", "<a href=\"/a.pdf\">pdf</a>", etag: true);
        Page("/b", "B", "b", etag: true);
        _site.Set("/a.pdf", pdf, "application/pdf", headers: ETag(pdf));
        var source = Source() with { MaxDepth = 1 };
        var first = await Crawler.CollectAsync(source);

        var second = await Crawler.CollectAsync(source, HarvestContexts.FromRun(first));

        Assert.Equal(first.Select(i => i.Url), second.Select(i => i.Url));
        Assert.Equal(
            ["same validators as last run", "304 Not Modified", "304 Not Modified", "304 Not Modified"],
            second.Select(i => Assert.IsType<HarvestUnchanged>(i).Reason));
        Assert.Equal(["/", "/a", "/b", "/a.pdf"], PageRequests.Skip(4));
    }

    [Fact]
    public async Task Should_keep_the_attachments_of_a_page_that_answers_304_and_pick_up_changes_on_hub_pages()
    {
        var pdf = FixtureDocuments.Pdf("Bijlage", ["x"]);
        Page("/", "Start", "<a href=\"/a\">a</a>", etag: true);
        Page("/a", "A", "<a href=\"/a.pdf\">pdf</a>", etag: true);
        _site.Set("/a.pdf", pdf, "application/pdf", headers: ETag(pdf));
        var source = Source() with { MaxDepth = 1 };
        var first = await Crawler.CollectAsync(source);

        var changedPdf = FixtureDocuments.Pdf("Bijlage", ["nieuwe versie"]);
        _site.Set("/a.pdf", changedPdf, "application/pdf", headers: ETag(changedPdf));
        Page("/", "Start", "<a href=\"/a\">a</a> <a href=\"/nieuw\">nieuw</a>", etag: true);
        Page("/nieuw", "Nieuw", "n", etag: true);
        var second = await Crawler.CollectAsync(source, HarvestContexts.FromRun(first));

        Assert.Equal([_site.Url("/"), _site.Url("/a"), _site.Url("/nieuw"), _site.Url("/a.pdf")], second.Select(i => i.Url));
        Assert.IsType<HarvestedDocument>(second[0]);
        Assert.Equal("304 Not Modified", Assert.IsType<HarvestUnchanged>(second[1]).Reason);
        Assert.IsType<HarvestedDocument>(second[2]);
        var attachment = Assert.IsType<HarvestedDocument>(second[3]);
        Assert.Equal(changedPdf, attachment.Content);
        Assert.Equal(new ParentLink(_site.Url("/a"), "A"), attachment.Parent);
    }

    private SourceDefinition Source(string start = "/") => new()
    {
        Id = "kennisbank",
        Name = "Kennisbank",
        Kind = SourceKind.Crawl,
        StartUrls = [_site.Url(start)],
        Schedule = "0 0 3 * * ?",
    };

    private void Page(string path, string title, string body, string head = "", bool etag = false)
    {
        var html = Encoding.UTF8.GetBytes($"<!DOCTYPE html><html lang=\"nl\"><head><title>{title}</title>{head}</head><body>{body}</body></html>");
        _site.Set(path, html, "text/html; charset=utf-8", headers: etag ? ETag(html) : null);
    }

    private static Dictionary<string, string> ETag(byte[] body) =>
        new() { ["ETag"] = $"\"{Convert.ToHexStringLower(SHA256.HashData(body))[..16]}\"" };
}
