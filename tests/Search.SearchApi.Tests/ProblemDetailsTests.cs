using System.Net;
using System.Text.Json.Nodes;

namespace Search.SearchApi.Tests;

public sealed class ProblemDetailsTests(SearchApiFactory factory) : IClassFixture<SearchApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string, string> BadSearches => new()
    {
        { "/api/v1/search?q=hennep&pageSize=1000", "pageSize" },
        { "/api/v1/search?q=hennep&pageSize=0", "pageSize" },
        { "/api/v1/search?q=hennep&page=-1", "page" },
        { "/api/v1/search?q=hennep&page=abc", "page" },
        { "/api/v1/search?q=hennep&page=200&pageSize=50", "page" },
        { "/api/v1/search?q=hennep&sort=populair", "sort" },
        { "/api/v1/search?year=twintig", "year" },
        { "/api/v1/search?q=" + new string('a', 501), "q" },
    };

    [Theory]
    [MemberData(nameof(BadSearches))]
    public async Task Should_answer_bad_parameters_with_400_problem_details_naming_the_parameter(string url, string parameter)
    {
        var problem = await ProblemAsync(url, HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]![parameter]);
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        Assert.NotNull(problem["traceId"]);
    }

    [Theory]
    [InlineData("\"straatcoaches jongerenwerk", 1)]
    [InlineData("(straatcoaches OR", 1)]
    [InlineData("straatcoaches AND", 1)]
    [InlineData("*traatcoaches", 0)]
    [InlineData("title:[a TO z] straatcoaches", 1)]
    public async Task Should_degrade_broken_syntax_to_a_plain_word_search_with_a_notice(string query, int expected)
    {
        var result = await _client.GetObjectAsync("/api/v1/search?q=" + Uri.EscapeDataString(query));

        Assert.Equal(expected, result.Total());
        Assert.Contains("syntaxfout", result.Str("notice"));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("()")]
    [InlineData("AND OR NOT")]
    [InlineData("((((((((((((((((((hennep))))))))))))))))))")]
    public async Task Should_answer_queries_without_searchable_words_or_too_deep_with_400(string query)
    {
        var problem = await ProblemAsync("/api/v1/search?q=" + Uri.EscapeDataString(query), HttpStatusCode.BadRequest);

        Assert.Contains("zoekvraag", problem["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Should_refuse_queries_with_too_many_terms()
    {
        var query = string.Join(' ', Enumerable.Range(0, 130).Select(i => $"{(char)('a' + (i / 26))}{(char)('a' + (i % 26))}"));

        var problem = await ProblemAsync("/api/v1/search?q=" + Uri.EscapeDataString(query), HttpStatusCode.BadRequest);

        Assert.Contains("te lang", problem["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/hen.*/")]
    [InlineData("hennep~")]
    [InlineData("title:convenant")]
    [InlineData("hennep -woninginbraak")]
    [InlineData("\"aanpak hennepteelt\"")]
    public async Task Should_accept_the_supported_syntax(string query)
    {
        using var response = await _client.GetAsync("/api/v1/search?q=" + Uri.EscapeDataString(query));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Should_answer_unknown_documents_and_routes_with_404_problem_details()
    {
        var document = await ProblemAsync("/api/v1/documents/bestaat-niet", HttpStatusCode.NotFound);
        Assert.Equal("Document niet gevonden", document["title"]!.GetValue<string>());

        await ProblemAsync("/api/v1/bestaat-niet", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Should_answer_an_unknown_route_and_a_wrong_method_in_dutch()
    {
        var route = await ProblemAsync("/api/v1/bestaat-niet", HttpStatusCode.NotFound);
        Assert.Equal("Niet gevonden", route["title"]!.GetValue<string>());
        Assert.Equal("Deze pagina of API bestaat niet.", route["detail"]!.GetValue<string>());

        using var response = await _client.DeleteAsync("/api/v1/search?q=hennep");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Methode niet toegestaan", problem["title"]!.GetValue<string>());
        Assert.Equal("DELETE is op dit adres niet toegestaan; wel: GET.", problem["detail"]!.GetValue<string>());
        Assert.NotNull(problem["traceId"]);
    }

    private async Task<JsonObject> ProblemAsync(string url, HttpStatusCode expected)
    {
        using var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == expected, $"{url}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!.AsObject();
    }
}
