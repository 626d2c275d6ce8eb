using System.Text;
using Search.Indexer.Extraction;

namespace Search.Indexer.Tests.Extraction;

public sealed class HtmlExtractorTests
{
    private const string Chrome = """
        <header class="site-header"><div class="logo">Veiligheidsnetwerk Testland</div>
          <nav><ul><li><a href="/">Home</a></li><li><a href="/kennisbank">Kennisbank</a></li><li><a href="/contact">Contact</a></li></ul></nav>
        </header>
        <nav class="breadcrumb"><a href="/">Home</a> › <a href="/kennisbank">Kennisbank</a></nav>
        """;

    private const string Footer = """
        <aside class="sidebar"><h3>Gerelateerde documenten</h3><ul><li><a href="/x">Toolkit jeugdoverlast</a></li></ul>
          <div class="newsletter">Meld u aan voor de nieuwsbrief</div></aside>
        <footer><p>Postbus 123, 1234 AB Testland</p><a href="/privacy">Privacyverklaring</a> <a href="/cookies">Cookiebeleid</a></footer>
        """;

    [Fact]
    public void Should_take_main_content_without_navigation_header_footer_and_sidebar()
    {
        var html = $"""
            <!doctype html><html lang="nl"><head><title>Convenant aanpak hennepteelt | Testland</title>
            <meta name="description" content="Afspraken over de aanpak van hennepteelt.">
            <meta property="article:published_time" content="2022-04-12T09:00:00+02:00"></head>
            <body>{Chrome}<main><article><h1>Convenant aanpak hennepteelt</h1>
            <p>Partijen spreken af hennepkwekerijen gezamenlijk aan te pakken, met informatie-uitwisseling tussen gemeente, politie en netbeheerder.</p>
            <h2>Artikel 1</h2><p>Dit convenant geldt voor vier jaar.</p></article>
            <aside class="related">Lees ook: nieuws over wietteelt</aside></main>{Footer}
            <script>var tracking = "geheim";</script></body></html>
            """;

        var content = HtmlExtractor.Extract(html);

        Assert.Equal("Convenant aanpak hennepteelt", content.Title);
        Assert.Equal("Afspraken over de aanpak van hennepteelt.", content.Description);
        Assert.Equal(new DateOnly(2022, 4, 12), content.Published);
        Assert.Contains("hennepkwekerijen gezamenlijk aan te pakken", content.Body);
        Assert.Contains("Dit convenant geldt voor vier jaar.", content.Body);
        foreach (var boilerplate in new[] { "Kennisbank", "Postbus", "Cookiebeleid", "nieuwsbrief", "Gerelateerde", "tracking", "Lees ook" })
        {
            Assert.DoesNotContain(boilerplate, content.Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Should_find_content_in_a_div_layout_by_text_density()
    {
        var html = $"""
            <html><head><title>Beleidsregel sluiting drugspanden – Testland</title></head><body>
            <div id="wrapper">{Chrome}
              <div class="col-left"><ul><li><a href="/a">Thema woninginbraken</a></li><li><a href="/b">Thema hennep</a></li><li><a href="/c">Thema ondermijning</a></li></ul></div>
              <div class="content">
                <h1>Beleidsregel sluiting drugspanden</h1>
                <p class="datum">Gepubliceerd op 12 maart 2018</p>
                <p>De burgemeester is bevoegd een woning of lokaal te sluiten als daar drugs worden verkocht, afgeleverd of verstrekt, of daartoe aanwezig zijn.</p>
                <p>Bij een eerste overtreding met een handelshoeveelheid volgt een sluiting van drie maanden, bij herhaling van zes maanden.</p>
                <p>Deze beleidsregel treedt in werking op de dag na bekendmaking, en vervangt eerdere regels.</p>
              </div>
              <div class="col-right"><p>Nieuwsbrief, contact, volg ons op sociale media.</p></div>
            </div>{Footer}</body></html>
            """;

        var content = HtmlExtractor.Extract(html);

        Assert.Equal("Beleidsregel sluiting drugspanden", content.Title);
        Assert.Equal(new DateOnly(2018, 3, 12), content.Published);
        Assert.Contains("De burgemeester is bevoegd", content.Body);
        Assert.Contains("bij herhaling van zes maanden", content.Body);
        Assert.DoesNotContain("Thema hennep", content.Body);
        Assert.DoesNotContain("Postbus", content.Body);
    }

    [Fact]
    public void Should_let_a_source_selector_override_detection()
    {
        const string html = """
            <html><body><main><p>Algemene inleiding die niet bedoeld is.</p><div class="doc-body"><p>Alleen deze tekst telt voor de index.</p></div></main></body></html>
            """;

        Assert.Equal("Alleen deze tekst telt voor de index.", HtmlExtractor.Extract(html, "div.doc-body").Body);
        Assert.Equal("Alleen deze tekst telt voor de index.", HtmlExtractor.Extract(html, "//div[@class='doc-body']").Body);
    }

    [Fact]
    public void Should_read_time_element_and_modified_dates()
    {
        const string html = """
            <html><head><title>Nieuws: minder inbraken</title><meta name="dcterms.modified" content="2023-01-05"></head>
            <body><article><h1>Minder inbraken</h1><time datetime="2021-06-03">3 juni 2021</time><p>Het aantal woninginbraken daalde in de hele regio.</p></article></body></html>
            """;

        var content = HtmlExtractor.Extract(html);

        Assert.Equal(new DateOnly(2021, 6, 3), content.Published);
        Assert.Equal(new DateOnly(2023, 1, 5), content.Modified);
    }

    [Fact]
    public void Should_decode_entities_and_keep_dutch_characters()
    {
        const string html = "<html><body><main><h1>Idee&euml;n &amp; co&ouml;rdinatie</h1><p>Overleg over camera&#39;s.</p></main></body></html>";

        var content = HtmlExtractor.Extract(html);

        Assert.Equal("Ideeën & coördinatie", content.Title);
        Assert.Contains("Overleg over camera's.", content.Body);
    }

    [Fact]
    public void Should_refuse_absurdly_deep_nesting_instead_of_crashing()
    {
        var html = new StringBuilder("<html><body>");
        for (var i = 0; i < 20_000; i++)
        {
            html.Append("<div>");
        }

        html.Append("diep</body></html>");

        Assert.Throws<ExtractionException>(() => HtmlExtractor.Extract(html.ToString()));
    }

    [Fact]
    public void Should_fall_back_to_the_page_title_without_site_name()
    {
        const string html = "<html><head><title>Handreiking verward gedrag | Veiligheidsnetwerk Testland</title></head><body><div><p>Korte tekst.</p></div></body></html>";

        Assert.Equal("Handreiking verward gedrag", HtmlExtractor.Extract(html).Title);
    }
}
