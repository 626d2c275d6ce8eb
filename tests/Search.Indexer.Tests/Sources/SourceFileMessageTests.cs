using Search.Indexer.Sources;
using Search.TestKit;

namespace Search.Indexer.Tests.Sources;

/// <summary>
/// Administrators read these problems in the admin API and console, so they are Dutch: one row per kind of message,
/// each with a concrete bad file. Field names, enum values and configuration keys stay as they are written in the file.
/// </summary>
public sealed class SourceFileMessageTests
{
    private const string Folder = """ "id": "x", "name": "x", "kind": "folder", "path": "p", "schedule": "0 0 3 * * ?" """;
    private const string Sitemap = """ "id": "x", "name": "x", "kind": "sitemap", "url": "https://x.example/sitemap.xml", "schedule": "0 0 3 * * ?" """;

    /// <summary>Bad file, field, the exact Dutch problem.</summary>
    public static TheoryData<string, string, string> Problems => new()
    {
        { """{ "name": "x", "kind": "folder", "path": "p", "schedule": "0 0 3 * * ?" }""", "id", "Is verplicht." },
        { """{ "id": "x", "name": " ", "kind": "folder", "path": "p", "schedule": "0 0 3 * * ?" }""", "name", "Moet een niet-lege tekst zijn." },
        {
            """{ "id": "Oost!", "name": "x", "kind": "folder", "path": "p", "schedule": "0 0 3 * * ?" }""", "id",
            "'Oost!' moet bestaan uit 1 tot en met 64 kleine letters, cijfers of koppeltekens en met een letter of cijfer beginnen."
        },
        {
            """{ "id": "x", "name": "x", "kind": "ftp", "path": "p", "schedule": "0 0 3 * * ?" }""", "kind",
            "'ftp' is geen bekende soort; kies folder, sitemap, crawl, feed, wordpress of jsonapi."
        },
        {
            """{ "id": "x", "name": "x", "kind": "sitemap", "url": "file:///etc/passwd", "schedule": "0 0 3 * * ?" }""", "url",
            "'file:///etc/passwd' moet een absolute http- of https-URL zijn."
        },
        {
            """{ "id": "x", "name": "x", "kind": "folder", "path": "p", "schedule": "elke nacht" }""", "schedule",
            "'elke nacht' is geen geldige Quartz-cronexpressie (seconden minuten uren dag-van-de-maand maand dag-van-de-week), bijvoorbeeld '0 0 3 * * ?'."
        },
        {
            $$"""{ {{Folder}}, "visibility": "leden" }""", "visibility",
            "'leden' moet 'public', 'members' of 'members:<network>' zijn (met als netwerk-id kleine letters, cijfers of koppeltekens)."
        },
        { $$"""{ {{Folder}}, "visibility": "members", "restricted": "blur" }""", "restricted", "'blur' moet 'hide' of 'teaser' zijn." },
        {
            $$"""{ {{Folder}}, "restricted": "teaser" }""", "restricted",
            "'teaser' kan alleen bij bronnen die alleen voor leden zijn (visibility 'members' of 'members:<network>')."
        },
        { $$"""{ {{Folder}}, "enabled": "ja" }""", "enabled", "Moet true of false zijn." },
        { $$"""{ {{Folder}}, "maxDocuments": 2000000 }""", "maxDocuments", "Moet een geheel getal van 1 tot en met 1.000.000 zijn." },
        { $$"""{ {{Folder}}, "maxDepth": 51 }""", "maxDepth", "Moet een geheel getal van 0 tot en met 50 zijn." },
        { $$"""{ {{Sitemap}}, "startUrls": ["/alleen-een-pad"] }""", "startUrls", "Elke start-URL moet een absolute http- of https-URL zijn." },
        { $$"""{ {{Sitemap}}, "include": "/kennis/" }""", "include", "Moet een array van teksten zijn." },
        { $$"""{ {{Sitemap}}, "wordPressTypes": ["posts", "comments"] }""", "wordPressTypes", "Kies een of meer van 'posts', 'pages' en 'media'." },
        {
            $$"""{ {{Sitemap}}, "fields": "title" }""", "fields",
            "Moet een object zijn dat title, body, description, url, published en modified aan attribuutpaden koppelt."
        },
        {
            $$"""{ {{Sitemap}}, "fields": { "auteur": "author.name" } }""", "fields.auteur",
            "Onbekend veld; kies title, body, description, url, published of modified."
        },
        { $$"""{ {{Sitemap}}, "fields": { "body": "" } }""", "fields.body", "Moet een niet-leeg attribuutpad zijn, zoals 'body.value'." },
        { $$"""{ {{Sitemap}}, "auth": "basic" }""", "auth", "Moet een object zijn met ten minste 'kind' (basic, bearer, cookie of form)." },
        { $$"""{ {{Sitemap}}, "auth": { "kind": "ntlm" } }""", "auth.kind", "'ntlm' is geen bekende soort; kies basic, bearer, cookie of form." },
        { $$"""{ {{Sitemap}}, "auth": { "kind": "form" } }""", "auth.loginUrl", "Is verplicht." },
        {
            $$"""{ {{Sitemap}}, "auth": { "kind": "basic", "password": "geheim" } }""", "auth.password",
            "Geheimen horen niet in bronbestanden; zet Search:Credentials:<source id>:Password in de configuratie of in de omgeving."
        },
        { "[]", "(file)", "Het bestand moet één JSON-object bevatten." },
        {
            $$"""{ {{Sitemap}}, "contentSelector": "div > p" }""", "contentSelector",
            "Geen bruikbare selector: De stap '>' in de CSS-selector 'div > p' wordt niet ondersteund; gebruik een tag, #id, .class of [attr=waarde], of XPath."
        },
    };

    /// <summary>Problems that embed a parser's own message: a Dutch lead, then that message.</summary>
    public static TheoryData<string, string, string> ProblemsWithDetail => new()
    {
        { """{ "id": "x", "name": """, "(file)", "Geen geldige JSON: " },
        { $$"""{ {{Sitemap}}, "include": ["[a-"] }""", "include", "'[a-' is geen geldige reguliere expressie: " },
        { $$"""{ {{Sitemap}}, "exclude": ["(kennis"] }""", "exclude", "'(kennis' is geen geldige reguliere expressie: " },
        { $$"""{ {{Sitemap}}, "contentSelector": "div > p" }""", "contentSelector", "Geen bruikbare selector: " },
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Should_explain_each_problem_in_Dutch(string json, string field, string expected)
    {
        var (source, errors) = SourceFileLoader.Parse(json, "bron.json", "/base");

        Assert.Null(source);
        Assert.Equal(expected, Assert.Single(errors, e => e.Field == field).Problem);
    }

    [Theory]
    [MemberData(nameof(ProblemsWithDetail))]
    public void Should_lead_a_parser_message_with_a_Dutch_sentence(string json, string field, string lead)
    {
        var (source, errors) = SourceFileLoader.Parse(json, "bron.json", "/base");

        Assert.Null(source);
        var problem = Assert.Single(errors, e => e.Field == field).Problem;
        Assert.StartsWith(lead, problem, StringComparison.Ordinal);
        Assert.True(problem.Length > lead.Length, "the parser's own message follows the lead");
    }

    [Fact]
    public void Should_use_no_English_words_in_problems()
    {
        string[] english = ["must", "is required", "not a valid", "use ", "should", "only applies", "unknown", "belong"];
        var inputs = Problems.Select(row => (string)row[0]).Concat(ProblemsWithDetail.Select(row => (string)row[0]))
            .Append("""{ "id": "Oost!", "kind": "ftp", "schedule": "nooit", "visibility": "geheim", "enabled": 1, "maxDocuments": -1, "auth": { "kind": "x", "token": "t" } }""");

        var problems = inputs.SelectMany(json => SourceFileLoader.Parse(json, "bron.json", "/base").Errors)
            .Select(e => e.Field is "(file)" or "include" or "exclude" && e.Problem.Contains(": ", StringComparison.Ordinal)
                ? e.Problem[..e.Problem.IndexOf(": ", StringComparison.Ordinal)] // a parser's own message may follow the Dutch lead
                : e.Problem)
            .ToList();

        Assert.True(problems.Count >= 30, $"only {problems.Count} problems");
        Assert.All(problems, p => Assert.False(english.Any(word => p.Contains(word, StringComparison.OrdinalIgnoreCase)), p));
    }

    [Fact]
    public void Should_say_in_Dutch_that_an_id_is_used_twice_or_the_directory_is_missing()
    {
        using var dir = new TempDirectory();
        const string Json = """{ "id": "oost", "name": "Oost", "kind": "folder", "path": "p", "schedule": "0 0 3 * * ?" }""";
        File.WriteAllText(Path.Combine(dir.Path, "a.json"), Json);
        File.WriteAllText(Path.Combine(dir.Path, "b.json"), Json);
        var missing = Path.Combine(dir.Path, "bestaat-niet");

        var duplicate = Assert.Single(SourceFileLoader.LoadDirectory(dir.Path).Errors);
        var absent = Assert.Single(SourceFileLoader.LoadDirectory(missing).Errors);

        Assert.Equal(new SourceLoadError("b.json", "id", "Id 'oost' wordt al gebruikt door een ander bronbestand."), duplicate);
        Assert.Equal(new SourceLoadError(missing, "(directory)", "De map met brondefinities bestaat niet."), absent);
    }

    [Fact]
    public void Should_describe_an_error_in_Dutch_as_text()
    {
        Assert.Equal("bron.json: veld 'kind': Is verplicht.", new SourceLoadError("bron.json", "kind", "Is verplicht.").ToString());
        Assert.Equal("bron.json: Geen geldige JSON: x", new SourceLoadError("bron.json", "(file)", "Geen geldige JSON: x").ToString());
    }
}
