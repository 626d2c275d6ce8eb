using Search.Indexer.Classification;

namespace Search.Indexer.Tests.Classification;

public sealed class DocumentClassifierTests
{
    private static readonly Taxonomy RepoTaxonomy = Taxonomy.Parse(File.ReadAllText(RepoFiles.PathOf("config", "taxonomy.json")));

    [Theory]
    [InlineData("Voorbeeldbrief waarschuwing woonoverlast", "https://x.example/a.html", "voorbeeldbrief")]
    [InlineData("Convenant aanpak hennepteelt 2022", "https://x.example/a.html", "convenant")]
    [InlineData("Woninginbraakconvenant Zuid", "https://x.example/a.html", "convenant")]
    [InlineData("Plan van aanpak jeugdoverlast centrum", "https://x.example/a.html", "plan-van-aanpak")]
    [InlineData("Beleidsregel sluiting drugspanden", "https://x.example/a.html", "beleidsregel")]
    [InlineData("Toolkit inbraakpreventie", "https://x.example/a.html", "handreiking")]
    [InlineData("Nieuws: minder inbraken", "https://x.example/a.html", "nieuws")]
    [InlineData("Minder inbraken in de regio", "https://x.example/nieuws/minder-inbraken.html", "nieuws")]
    [InlineData("Over ons", "https://x.example/over-ons.html", "overig")]
    public void Should_type_documents_by_title_then_url(string title, string url, string expected) =>
        Assert.Equal(expected, DocumentClassifier.Classify(RepoTaxonomy, title, url, "Korte tekst.").Type);

    [Fact]
    public void Should_type_by_keywords_when_title_and_url_say_nothing()
    {
        var result = DocumentClassifier.Classify(RepoTaxonomy, "Bericht aan bewoners", "https://x.example/a", "Geachte heer/mevrouw, ... Hoogachtend, de burgemeester");

        Assert.Equal("voorbeeldbrief", result.Type);
    }

    [Fact]
    public void Should_assign_themes_from_title_or_repeated_keywords()
    {
        var result = DocumentClassifier.Classify(RepoTaxonomy, "Aanpak woninginbraken", "https://x.example/a",
            "Een hennepkwekerij werd gevonden. Cannabis en wiet in de schuur. Ook OMG-leden waren aanwezig.");

        Assert.Contains("woninginbraken", result.Themes);
        Assert.Contains("hennep", result.Themes);
        Assert.DoesNotContain("omg", result.Themes);
        Assert.DoesNotContain("verwarde-personen", result.Themes);
    }

    [Fact]
    public void Should_match_whole_words_unless_a_star_says_otherwise()
    {
        var taxonomy = Taxonomy.Parse("""
            { "types": [ { "id": "brief", "titlePatterns": [ "brief" ] } ],
              "themes": [ { "id": "omg", "keywords": [ "omg" ], "minMatches": 1 }, { "id": "inbraak", "keywords": [ "*inbraak*" ], "minMatches": 1 } ] }
            """);

        var result = DocumentClassifier.Classify(taxonomy, "Briefing over de omgeving", "https://x.example/", "De omgeving en de woninginbraakpreventie.");

        Assert.Equal("overig", result.Type);
        Assert.Equal(["inbraak"], result.Themes);
    }

    [Fact]
    public void Should_report_missing_ids_in_the_taxonomy_file() =>
        Assert.Throws<FormatException>(() => Taxonomy.Parse("""{ "types": [ { "label": "Zonder id" } ] }"""));
}
