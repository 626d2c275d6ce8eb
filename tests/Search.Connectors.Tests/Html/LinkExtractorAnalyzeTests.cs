using Search.Connectors.Html;

namespace Search.Connectors.Tests.Html;

public sealed class LinkExtractorAnalyzeTests
{
    private static readonly Uri PageUrl = new("https://kennisbank.example/beleid/index.html");

    [Fact]
    public void Should_list_followable_page_links_once_in_document_order_without_fragments()
    {
        var page = Analyze("""
            <a href="aanpak.html">1</a>
            <a href="/nieuws/?pagina=2">2</a>
            <a href="aanpak.html#stap-2">3</a>
            <area href="kaart.html">
            <iframe src="/ingebed"></iframe>
            <frame src="menu.html">
            <a href="https://elders.example/">4</a>
            """);

        Assert.Equal(
            [
                "https://kennisbank.example/beleid/aanpak.html",
                "https://kennisbank.example/nieuws/?pagina=2",
                "https://kennisbank.example/beleid/kaart.html",
                "https://kennisbank.example/ingebed",
                "https://kennisbank.example/beleid/menu.html",
                "https://elders.example/",
            ],
            page.Links.Select(u => u.AbsoluteUri));
        Assert.True(page.Parsed);
    }

    [Fact]
    public void Should_leave_out_other_schemes_assets_and_unsupported_files()
    {
        var page = Analyze("""
            <a href="mailto:info@kennisbank.example">a</a>
            <a href="javascript:void(0)">b</a>
            <a href="tel:+31201234567">c</a>
            <a href="ftp://kennisbank.example/x">d</a>
            <a href="foto.JPG">e</a>
            <a href="stijl.css">f</a>
            <a href="script.js">g</a>
            <a href="tabel.xlsx">h</a>
            <a href="oud.doc">i</a>
            <a href="archief.zip">j</a>
            <a href="#boven">k</a>
            <a href="">l</a>
            <img src="scan.html">
            <link href="stijl.html">
            """);

        Assert.Equal(["https://kennisbank.example/beleid/index.html"], page.Links.Select(u => u.AbsoluteUri));
        Assert.Empty(page.Attachments);
    }

    [Fact]
    public void Should_separate_attachments_from_page_links()
    {
        var page = Analyze("<a href=\"plan.pdf\">p</a> <a href=\"plan.html\">h</a> <a href=\"verslag.DOCX?v=2\">d</a>");

        Assert.Equal(["https://kennisbank.example/beleid/plan.pdf", "https://kennisbank.example/beleid/verslag.DOCX?v=2"],
            page.Attachments.Select(u => u.AbsoluteUri));
        Assert.Equal(["https://kennisbank.example/beleid/plan.html"], page.Links.Select(u => u.AbsoluteUri));
    }

    [Fact]
    public void Should_leave_out_links_marked_rel_nofollow()
    {
        var page = Analyze("<a rel=\"external NoFollow\" href=\"/login\">in</a> <a rel=\"nofollow\" href=\"x.pdf\">x</a> <a href=\"/ok\">ok</a>");

        Assert.Equal(["https://kennisbank.example/ok"], page.Links.Select(u => u.AbsoluteUri));
        Assert.Empty(page.Attachments);
    }

    [Fact]
    public void Should_read_the_canonical_url_resolved_against_the_base()
    {
        var page = Analyze("<head><base href=\"/archief/\"><link rel=\"Canonical\" href=\"artikel?id=7#top\"></head>");

        Assert.Equal(new Uri("https://kennisbank.example/archief/artikel?id=7"), page.Canonical);
    }

    [Fact]
    public void Should_have_no_canonical_url_without_a_canonical_link()
    {
        Assert.Null(Analyze("<link rel=\"stylesheet\" href=\"s.css\"><link rel=\"canonical\" href=\"mailto:x@y.z\">").Canonical);
    }

    [Theory]
    [InlineData("<meta name=\"robots\" content=\"noindex\">", true, false)]
    [InlineData("<meta name=\"ROBOTS\" content=\"NOFOLLOW\">", false, true)]
    [InlineData("<meta name=\"robots\" content=\"noindex, nofollow\">", true, true)]
    [InlineData("<meta name=\"robots\" content=\"none\">", true, true)]
    [InlineData("<meta name=\"robots\" content=\"index,follow\">", false, false)]
    [InlineData("<meta name=\"description\" content=\"noindex nofollow\">", false, false)]
    [InlineData("", false, false)]
    public void Should_read_meta_robots(string head, bool noIndex, bool noFollow)
    {
        var page = Analyze($"<html><head>{head}</head><body><a href=\"x.html\">x</a></body></html>");

        Assert.Equal(noIndex, page.NoIndex);
        Assert.Equal(noFollow, page.NoFollow);
        Assert.Single(page.Links);
    }

    [Fact]
    public void Should_report_an_unparsed_page_instead_of_throwing_for_html_nested_beyond_the_limit()
    {
        var html = "<title>Diep</title>" + string.Concat(Enumerable.Repeat("<div>", 20_000)) + "<a href=\"x.html\">x</a>";

        var page = Analyze(html);

        Assert.False(page.Parsed);
        Assert.Empty(page.Links);
        Assert.Null(page.Title);
    }

    [Fact]
    public void Should_read_the_title_like_extract()
    {
        Assert.Equal("Beleid & aanpak", Analyze("<title> Beleid &amp; aanpak </title>").Title);
    }

    private static LinkExtractor.PageAnalysis Analyze(string html) => LinkExtractor.Analyze(html, PageUrl);
}
