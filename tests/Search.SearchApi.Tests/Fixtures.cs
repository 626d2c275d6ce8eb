using System.Text.Json;
using Search.Connectors.Abstractions;
using Search.Indexer.Schema;
using Search.TestKit;

namespace Search.SearchApi.Tests;

/// <summary>A small knowledge bank of three sources (two public, one members-only) written for the API tests.</summary>
public static class Fixtures
{
    public const string MembersToken = "zqxr";

    public static readonly Uri OostBase = new("https://oost.example/kennisbank/");
    public static readonly Uri WestBase = new("https://west.example/");
    public static readonly Uri LedenBase = new("https://oost.example/leden/");

    public static string IdOf(string sourceId, Uri baseUrl, string relativePath) =>
        DocumentIds.For(sourceId, UrlNormalizer.Normalize(new Uri(baseUrl, relativePath)));

    private const string WoonoverlastLetter =
        "Geachte heer/mevrouw, de burgemeester heeft meldingen ontvangen over ernstige woonoverlast vanuit uw woning. Dit is een waarschuwing op grond van artikel 151d Gemeentewet. Hoogachtend, de burgemeester.";

    public static void WriteDocuments(string root)
    {
        Write(root, "oost/voorbeeldbrief-woonoverlast.html", Page("Voorbeeldbrief waarschuwing woonoverlast", "2019-05-14", WoonoverlastLetter));
        Write(root, "oost/convenant-hennep.html", Page("Convenant aanpak hennepteelt Oost", "2022-03-01",
            "Partijen spreken af hennepkwekerijen en hennepteelt gezamenlijk aan te pakken. Het OM, de politie en de gemeenten wisselen informatie uit. <a href=\"bijlagen/convenant-hennep.pdf\">Download het convenant (PDF)</a>"));
        Write(root, "oost/bijlagen/convenant-hennep.pdf", FixtureDocuments.Pdf("Convenant hennepteelt (ondertekende versie)", [
            "Artikel 1. Dit convenant regelt de aanpak van hennepteelt en cannabis in woningen.",
            "Artikel 2. Partijen melden kwekerijen aan het RIEC.",
        ], new DateTime(2022, 3, 1)));
        Write(root, "oost/plan-jeugdoverlast.html", Page("Plan van aanpak jeugdoverlast centrum", "2021-09-10",
            "Dit plan van aanpak beschrijft maatregelen tegen jeugdoverlast door jongeren in het centrum: straatcoaches, jongerenwerk en gesprekken met ouders van hangjongeren."));
        Write(root, "oost/nieuws-inbraken.html", Page("Nieuws: minder woninginbraken", "2024-01-20",
            "Het aantal woninginbraken daalde met twintig procent. Een inbreker probeerde via &lt;script&gt;alert(1)&lt;/script&gt; de website van de wijkagent te kraken, zonder succes."));
        Write(root, "west/convenant-woninginbraak.html", Page("Convenant woninginbraakpreventie West", "2022-11-02",
            "Gemeente, politie en woningcorporaties sluiten dit convenant over preventie van woninginbraak en inbraken in de regio West."));
        Write(root, "west/beleidsregel-13b.html", Page("Beleidsregel sluiting drugspanden artikel 13b Opiumwet", "2020-02-17",
            "De burgemeester sluit panden waar drugs of hennep worden verhandeld. Deze beleidsregel treedt in werking op de dag na bekendmaking."));
        Write(root, "west/handreiking-verward-gedrag.docx", FixtureDocuments.Docx("Handreiking personen met verward gedrag", [
            new DocxParagraph("Handreiking", IsHeading: true),
            new DocxParagraph("Stappenplan voor medewerkers die personen met verward gedrag tegenkomen. Bel bij acuut gevaar de politie; anders het zorg- en veiligheidshuis."),
        ], new DateTime(2023, 6, 1)));
        // Version family: the oost letter republished by west (newer) and, members-only, by leden (newest).
        Write(root, "west/voorbeeldbrieven/waarschuwing-woonoverlast.html", Page("Voorbeeldbrief waarschuwing woonoverlast", "2023-04-03", WoonoverlastLetter));
        Write(root, "leden/voorbeeldbrief-woonoverlast.html", Page("Voorbeeldbrief waarschuwing woonoverlast", "2024-02-01", WoonoverlastLetter));
        Write(root, "leden/draaiboek-geheim.html", Page("Draaiboek sluiting clubhuis (vertrouwelijk)", "2025-01-05",
            $"Vertrouwelijk draaiboek met codewoord {MembersToken}. Convenant hennep, OMG en clubhuis, alleen voor leden."));
    }

    public static void WriteSources(string sourcesDirectory, string documentsRoot)
    {
        WriteSource(sourcesDirectory, "oost", "Netwerk Oost", Path.Combine(documentsRoot, "oost"), OostBase, "public");
        WriteSource(sourcesDirectory, "west", "Netwerk West", Path.Combine(documentsRoot, "west"), WestBase, "public");
        WriteSource(sourcesDirectory, "leden", "Netwerk Oost (leden)", Path.Combine(documentsRoot, "leden"), LedenBase, "members");
    }

    public static void WriteSource(string sourcesDirectory, string id, string name, string path, Uri baseUrl, string visibility, string restricted = "hide") =>
        File.WriteAllText(Path.Combine(sourcesDirectory, id + ".json"), JsonSerializer.Serialize(new
        {
            id,
            name,
            kind = "folder",
            path,
            baseUrl = baseUrl.AbsoluteUri,
            schedule = "0 0 3 1 1 ? 2099", // never during a test run (a cron at 03:00 fired during CI once)
            visibility,
            restricted,
            enabled = true,
        }));

    /// <summary>In the title and body of the one document only members of network oost may read (source <c>oostleden</c>, <c>members:oost</c>).</summary>
    public const string OostToken = "vlorbaxt";

    /// <summary>In the title of a teaser document (source <c>oostbib</c>, <c>members:oost</c>, <c>restricted: teaser</c>).</summary>
    public const string TeaserTitleToken = "grimbolt";

    /// <summary>In the body only of the teaser document: never findable without access.</summary>
    public const string TeaserBodyToken = "snurfpak";

    public const string TeaserSourceName = "Bibliotheek Oost (leden)";

    public static readonly Uri OostLedenBase = new("https://oost.example/netwerkleden/");
    public static readonly Uri OostBibBase = new("https://oost.example/bibliotheek/");

    /// <summary>The members:oost and teaser sources and their documents (next to the three of <see cref="WriteSources"/>).</summary>
    public static void WriteAccessSources(string sourcesDirectory, string documentsRoot)
    {
        Write(documentsRoot, "oostleden/werkinstructie.html", Page($"Werkinstructie {OostToken} hennepteelt", "2025-02-01",
            $"Interne werkinstructie {OostToken} voor het netwerk Oost over hennepteelt, hennepkwekerijen en het convenant hennep. Hennepteelt melden bij het RIEC."));
        // A members:oost copy of west's policy rule: a version family member only oost members may see.
        Write(documentsRoot, "oostleden/beleidsregel-13b.html", Page("Beleidsregel sluiting drugspanden artikel 13b Opiumwet", "2024-06-01",
            "De burgemeester sluit panden waar drugs of hennep worden verhandeld. Deze beleidsregel treedt in werking op de dag na bekendmaking."));
        Write(documentsRoot, "oostbib/handboek.html", Page($"Handboek {TeaserTitleToken} ondermijning", "2024-09-09",
            $"Het handboek beschrijft de methode {TeaserBodyToken} voor bestuurlijke aanpak van ondermijning, alleen voor leden van netwerk Oost."));
        WriteSource(sourcesDirectory, "oostleden", "Netwerk Oost (netwerkleden)", Path.Combine(documentsRoot, "oostleden"), OostLedenBase, "members:oost");
        WriteSource(sourcesDirectory, "oostbib", TeaserSourceName, Path.Combine(documentsRoot, "oostbib"), OostBibBase, "members:oost", restricted: "teaser");
    }

    private static string Page(string title, string published, string body) => $"""
        <!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{title} | Testnetwerk</title>
        <meta name="description" content="{title}.">
        <meta property="article:published_time" content="{published}T10:00:00+01:00"></head>
        <body><header><nav><a href="/">Home</a> <a href="/kennisbank">Kennisbank</a></nav></header>
        <main><article><h1>{title}</h1><p>{body}</p></article></main>
        <footer>Colofon en cookiebeleid</footer></body></html>
        """;

    private static void Write(string root, string relative, string content) => Write(root, relative, System.Text.Encoding.UTF8.GetBytes(content));

    private static void Write(string root, string relative, byte[] content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }
}
