using System.Net;
using System.Text.Json.Nodes;
using Search.SearchApi.Search;

namespace Search.SearchApi.Tests.Search;

/// <summary>
/// Hostile queries (reliability goals, rows 38–41): refused with a Dutch ProblemDetails 400 before any expensive work,
/// or searched as harmless plain words; the service keeps answering afterwards.
/// </summary>
public sealed class HostileQueryTests(SearchApiFactory factory) : IClassFixture<SearchApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Should_refuse_a_megabyte_of_wildcard_clauses_by_its_length()
    {
        // Row 38: q=a* OR b* OR … of about a megabyte.
        var query = string.Join(" OR ", Enumerable.Range(0, 170_000).Select(i => (char)('a' + (i % 26)) + "*"));
        Assert.True(query.Length > 1_000_000);

        var problem = await ProblemAsync("/api/v1/search?q=" + Uri.EscapeDataString(query));

        Assert.Contains($"maximum is {SearchRequest.MaxQueryLength}", problem["errors"]!["q"]![0]!.GetValue<string>());
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Should_refuse_as_many_wildcard_clauses_as_fit_in_the_length_by_the_clause_cap()
    {
        // Row 38 within the length limit: two-letter prefixes (each searched in three fields) exceed the clause cap.
        var query = string.Join(" OR ", Enumerable.Range(0, 70).Select(i => $"{(char)('a' + (i / 26))}{(char)('a' + (i % 26))}*"));
        Assert.True(query.Length <= SearchRequest.MaxQueryLength);

        var problem = await ProblemAsync("/api/v1/search?q=" + Uri.EscapeDataString(query));

        Assert.Contains("te lang", problem["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData('(')]
    [InlineData('-')]
    public async Task Should_refuse_a_long_chain_of_parentheses_or_minus_signs_by_its_length(char repeated)
    {
        // Row 39: 50,000 of them.
        var problem = await ProblemAsync("/api/v1/search?q=" + Uri.EscapeDataString(new string(repeated, 50_000) + "hennep"));

        Assert.NotNull(problem["errors"]!["q"]);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Should_refuse_deep_nesting_within_the_length_limit_before_parsing()
    {
        // Row 39: as deep as the length allows.
        var query = new string('(', 240) + "hennep" + new string(')', 240);

        var problem = await ProblemAsync("/api/v1/search?q=" + Uri.EscapeDataString(query));

        Assert.Contains("te diep genest", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_search_a_chain_of_minus_signs_within_the_length_limit_as_its_word()
    {
        var result = await _client.GetObjectAsync("/api/v1/search?q=" + Uri.EscapeDataString(new string('-', 480) + " straatcoaches"));

        Assert.Equal(1, result.Total());
    }

    [Theory]
    [InlineData("/(.*a){50}/")]
    [InlineData("/(.*a){50}/ straatcoaches")]
    public async Task Should_read_a_regular_expression_as_literal_text(string query)
    {
        // Row 40: regular expressions are not supported; the slashes are escaped, nothing is expanded.
        using var response = await _client.GetAsync("/api/v1/search?q=" + Uri.EscapeDataString(query));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(query.Contains("straatcoaches", StringComparison.Ordinal) ? 1 : 0, result.Total());
    }

    [Fact]
    public async Task Should_search_leading_wildcards_as_plain_letters()
    {
        // Row 40: *a*b*c*d*e* would scan every term of the index; leading wildcards are off, the letters are searched as such.
        var result = await _client.GetObjectAsync("/api/v1/search?q=" + Uri.EscapeDataString("*a*b*c*d*e*"));

        Assert.Equal(0, result.Total());
        Assert.Contains("syntaxfout", result.Str("notice"));
    }

    [Fact]
    public async Task Should_search_a_long_fuzzy_term_as_plain_words()
    {
        // Row 40: x~2 on a 200-character term is not expanded; a short fuzzy term still is.
        var fuzzyLong = await _client.GetObjectAsync("/api/v1/search?q=" + Uri.EscapeDataString(new string('x', 200) + "~2"));
        var fuzzyShort = await _client.GetObjectAsync("/api/v1/search?q=" + Uri.EscapeDataString("straatcoachs~"));

        Assert.Contains("syntaxfout", fuzzyLong.Str("notice"));
        Assert.Equal(1, fuzzyShort.Total());
        Assert.False(fuzzyShort.ContainsKey("notice"));
    }

    [Theory]
    [InlineData("page=100000&pageSize=1000", "pageSize")]
    [InlineData("page=100000&pageSize=10", "page")]
    [InlineData("page=101&pageSize=10", "page")]
    public async Task Should_refuse_paging_beyond_the_window(string paging, string parameter)
    {
        // Row 41: at most 1,000 hits can be paged through, at most 50 per page.
        var problem = await ProblemAsync("/api/v1/search?q=hennep&" + paging);

        Assert.NotNull(problem["errors"]![parameter]);
    }

    private async Task AssertStillServingAsync() =>
        Assert.Equal(1, (await _client.GetObjectAsync("/api/v1/search?q=straatcoaches")).Total());

    private async Task<JsonObject> ProblemAsync(string url)
    {
        using var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url[..Math.Min(url.Length, 200)]}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        var detail = problem["detail"]!.GetValue<string>();
        Assert.Matches(@"\b(de|het|een|zoekvraag|zoekopdracht)\b", detail); // Dutch, for the searcher
        Assert.NotNull(problem["traceId"]);
        return problem;
    }

}
