using Search.Connectors.Html;

namespace Search.Connectors.Tests.Html;

public sealed class LinkExtractorTests
{
    private static readonly Uri PageUrl = new("https://kennisbank.example/beleid/aanpak/index.html");

    [Fact]
    public void Should_resolve_relative_and_absolute_attachment_links_against_the_page()
    {
        var links = Extract("""
            <a href="convenant.pdf">a</a>
            <a href="../bijlagen/plan.docx">b</a>
            <a href="/root.pdf">c</a>
            <a href="//cdn.kennisbank.example/x.pdf">d</a>
            <a href="https://elders.example/y.pdf">e</a>
            """);

        Assert.Equal(
            [
                "https://kennisbank.example/beleid/aanpak/convenant.pdf",
                "https://kennisbank.example/beleid/bijlagen/plan.docx",
                "https://kennisbank.example/root.pdf",
                "https://cdn.kennisbank.example/x.pdf",
                "https://elders.example/y.pdf",
            ],
            links.Attachments.Select(u => u.AbsoluteUri));
    }

    [Fact]
    public void Should_resolve_links_against_the_base_href()
    {
        var links = LinkExtractor.Extract(
            "<html><head><base href=\"https://kennisbank.example/archief/\"></head><body><a href=\"verslag.pdf\">v</a></body></html>", PageUrl);

        Assert.Equal(new Uri("https://kennisbank.example/archief/verslag.pdf"), Assert.Single(links.Attachments));
    }

    [Fact]
    public void Should_resolve_a_relative_base_href_against_the_page()
    {
        var links = LinkExtractor.Extract("<base href=\"/docs/\"><a href=\"x.docx\">x</a>", PageUrl);

        Assert.Equal(new Uri("https://kennisbank.example/docs/x.docx"), Assert.Single(links.Attachments));
    }

    [Fact]
    public void Should_recognise_attachments_case_insensitively_and_with_query_strings()
    {
        var links = Extract("""
            <a href="RAPPORT.PDF">a</a>
            <a href="plan.Docx?versie=3&amp;taal=nl">b</a>
            <a href="download.pdf#pagina=4">c</a>
            """);

        Assert.Equal(
            [
                "https://kennisbank.example/beleid/aanpak/RAPPORT.PDF",
                "https://kennisbank.example/beleid/aanpak/plan.Docx?versie=3&taal=nl",
                "https://kennisbank.example/beleid/aanpak/download.pdf",
            ],
            links.Attachments.Select(u => u.AbsoluteUri));
    }

    [Fact]
    public void Should_ignore_links_that_are_not_pdf_or_docx()
    {
        var links = Extract("""
            <a href="pagina.html">a</a>
            <a href="oud.doc">b</a>
            <a href="tabel.xlsx">c</a>
            <a href="foto.jpg">d</a>
            <a href="download.php?bestand=x.pdf">e</a>
            <a href="mailto:info@kennisbank.example">f</a>
            <a href="#boven">g</a>
            <a href="">h</a>
            <a>i</a>
            <img src="scan.pdf">
            <link href="stijl.pdf">
            """);

        Assert.Empty(links.Attachments);
    }

    [Fact]
    public void Should_list_each_attachment_once()
    {
        var links = Extract("""
            <a href="x.pdf">1</a>
            <a href="./x.pdf">2</a>
            <a href="https://kennisbank.example/beleid/aanpak/x.pdf#p2">3</a>
            <a href="y.pdf">4</a>
            <a href="x.pdf">5</a>
            """);

        Assert.Equal(["https://kennisbank.example/beleid/aanpak/x.pdf", "https://kennisbank.example/beleid/aanpak/y.pdf"],
            links.Attachments.Select(u => u.AbsoluteUri));
    }

    [Fact]
    public void Should_read_the_decoded_trimmed_title()
    {
        var links = Extract("<html><head><title>\n  Beleid &amp; aanpak &eacute;n meer </title></head></html>");

        Assert.Equal("Beleid & aanpak én meer", links.Title);
    }

    [Fact]
    public void Should_have_no_title_when_the_page_has_none_or_an_empty_one()
    {
        Assert.Null(Extract("<p>geen titel</p>").Title);
        Assert.Null(Extract("<title>   </title>").Title);
    }

    [Fact]
    public void Should_return_no_links_instead_of_throwing_for_html_nested_beyond_the_limit()
    {
        var html = "<title>Diep</title>" + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "<a href=\"x.pdf\">x</a>";

        var links = Extract(html);

        Assert.Null(links.Title);
        Assert.Empty(links.Attachments);
    }

    [Fact]
    public void Should_find_links_in_html_nested_within_the_limit()
    {
        var html = string.Concat(Enumerable.Repeat("<div>", 1_000)) + "<a href=\"x.pdf\">x</a>";

        Assert.Single(Extract(html).Attachments);
    }

    [Theory]
    [InlineData("https://kennisbank.example/a.pdf", true)]
    [InlineData("https://kennisbank.example/a.PDF?x=1", true)]
    [InlineData("https://kennisbank.example/a.docx", true)]
    [InlineData("https://kennisbank.example/a.doc", false)]
    [InlineData("https://kennisbank.example/a.html", false)]
    [InlineData("https://kennisbank.example/pdf", false)]
    public void Should_tell_attachments_by_path_extension(string url, bool expected)
    {
        Assert.Equal(expected, LinkExtractor.IsAttachment(new Uri(url)));
    }

    private static LinkExtractor.PageLinks Extract(string html) => LinkExtractor.Extract(html, PageUrl);
}
