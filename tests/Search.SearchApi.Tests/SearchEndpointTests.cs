using System.Net;
using System.Text.Json.Nodes;

namespace Search.SearchApi.Tests;

public sealed class SearchEndpointTests(SearchApiFactory factory) : IClassFixture<SearchApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Should_answer_with_the_documented_response_shape()
    {
        var result = await _client.GetObjectAsync("/api/v1/search?q=convenant");

        Assert.Equal("convenant", result.Str("query"));
        Assert.True(result.Total() >= 3);
        Assert.Equal(1, result["page"]!.GetValue<int>());
        Assert.Equal(10, result["pageSize"]!.GetValue<int>());
        Assert.NotNull(result["tookMs"]);
        var hit = result.Hits().First();
        foreach (var field in new[] { "id", "title", "url", "source", "type", "themes", "published", "snippet", "score" })
        {
            Assert.True(hit.ContainsKey(field), $"hit lacks '{field}': {hit}");
        }

        Assert.NotNull(hit["source"]!["id"]);
        Assert.NotNull(hit["source"]!["name"]);
        foreach (var facet in new[] { "source", "type", "theme", "year" })
        {
            var values = result["facets"]![facet]!.AsArray();
            Assert.NotEmpty(values);
            Assert.All(values, v => Assert.True(v!["value"] is not null && v["label"] is not null && v["count"] is not null));
        }
    }

    [Fact]
    public async Task Should_rank_a_title_match_first_and_mark_matches_in_escaped_snippets()
    {
        var result = await _client.GetObjectAsync("/api/v1/search?q=jeugdoverlast");

        var first = result.Hits().First();
        Assert.Equal("Plan van aanpak jeugdoverlast centrum", first.Str("title"));
        Assert.Contains("<mark>jeugdoverlast</mark>", first.Str("snippet"));

        var escaped = await _client.GetObjectAsync("/api/v1/search?q=wijkagent");
        var snippet = escaped.Hits().Single().Str("snippet");
        Assert.Contains("&lt;script&gt;", snippet);
        Assert.DoesNotContain("<script>", snippet);
    }

    [Fact]
    public async Task Should_show_attachments_with_their_parent_page()
    {
        var result = await _client.GetObjectAsync("/api/v1/search?q=ondertekende");

        var pdf = result.Hits().Single();
        Assert.Equal("Convenant hennepteelt (ondertekende versie)", pdf.Str("title"));
        Assert.Equal(new Uri(Fixtures.OostBase, "convenant-hennep.html").AbsoluteUri, pdf["parent"]!.Str("url"));
        Assert.Equal("Convenant aanpak hennepteelt Oost", pdf["parent"]!.Str("title"));
        Assert.Equal("convenant", pdf.Str("type"));
    }

    [Fact]
    public async Task Should_give_the_pdf_page_of_the_best_snippet_and_no_page_for_html()
    {
        const string pdfTitle = "Convenant hennepteelt (ondertekende versie)";
        var onPage2 = (await _client.GetObjectAsync("/api/v1/search?q=riec")).Hits().Single(h => h.Str("title") == pdfTitle);
        var onPage1 = (await _client.GetObjectAsync("/api/v1/search?q=cannabis")).Hits().Single(h => h.Str("title") == pdfTitle);
        var html = await _client.GetObjectAsync("/api/v1/search?q=jeugdoverlast");

        Assert.Contains("<mark>RIEC</mark>", onPage2.Str("snippet"));
        Assert.Equal(2, onPage2["page"]!.GetValue<int>());
        Assert.Contains("<mark>cannabis</mark>", onPage1.Str("snippet"));
        Assert.Equal(1, onPage1["page"]!.GetValue<int>());
        Assert.All(html.Hits(), h => Assert.False(h.ContainsKey("page"), $"an HTML hit has a page: {h}"));
    }

    [Fact]
    public async Task Should_count_facets_under_the_query_and_the_other_facets_filters()
    {
        var all = await _client.GetObjectAsync("/api/v1/search");
        var convenants = await _client.GetObjectAsync("/api/v1/search?type=convenant");

        Assert.Equal(all.Facet("type")["convenant"], convenants.Total());
        Assert.All(convenants.Hits(), h => Assert.Equal("convenant", h.Str("type")));
        // Its own facet ignores its own filter, so the other types stay selectable with their counts.
        Assert.Equal(all.Facet("type"), convenants.Facet("type"));
        // The other facets count only convenants.
        Assert.Equal(convenants.Total(), convenants.Facet("source").Values.Sum());
        Assert.Equal(1, convenants.Facet("source")["west"]);
        Assert.Equal(2, convenants.Facet("source")["oost"]);

        var westConvenants = await _client.GetObjectAsync("/api/v1/search?type=convenant&source=west");
        Assert.Equal(1, westConvenants.Total());
        Assert.Equal(convenants.Facet("source"), westConvenants.Facet("source"));
        Assert.Equal(1, westConvenants.Facet("type")["convenant"]);
        Assert.Equal(1, westConvenants.Facet("type")["beleidsregel"]);
    }

    [Fact]
    public async Task Should_or_repeated_values_of_one_filter_and_and_different_filters()
    {
        var one = (await _client.GetObjectAsync("/api/v1/search?type=beleidsregel")).Total();
        var two = (await _client.GetObjectAsync("/api/v1/search?type=beleidsregel&type=voorbeeldbrief")).Total();
        var year = await _client.GetObjectAsync("/api/v1/search?year=2022");

        Assert.Equal(1, one);
        Assert.Equal(2, two);
        Assert.Equal(3, year.Total());
        Assert.All(year.Hits(), h => Assert.StartsWith("2022-", h.Str("published")));
        Assert.Equal(0, (await _client.GetObjectAsync("/api/v1/search?year=2022&type=beleidsregel")).Total());
    }

    [Fact]
    public async Task Should_page_without_overlap_and_sort_by_date()
    {
        var page1 = await _client.GetObjectAsync("/api/v1/search?pageSize=3&page=1&sort=date");
        var page2 = await _client.GetObjectAsync("/api/v1/search?pageSize=3&page=2&sort=date");
        var beyond = await _client.GetObjectAsync("/api/v1/search?pageSize=3&page=9&sort=date");

        Assert.Equal(page1.Total(), page2.Total());
        Assert.Equal(3, page1.Hits().Count());
        Assert.Empty(page1.Hits().Select(h => h.Str("id")).Intersect(page2.Hits().Select(h => h.Str("id"))));
        var dates = page1.Hits().Concat(page2.Hits()).Select(h => h.Str("published")).ToList();
        Assert.Equal(dates.OrderDescending(StringComparer.Ordinal), dates);
        Assert.Empty(beyond.Hits());
    }

    [Fact]
    public async Task Should_fall_back_to_any_word_when_no_document_has_all_words()
    {
        var result = await _client.GetObjectAsync("/api/v1/search?q=jeugdoverlast+onvindbaarwoord");

        Assert.True(result.Total() >= 1);
        Assert.NotNull(result["notice"]);
    }

    [Fact]
    public async Task Should_keep_the_acronym_OM_apart_from_the_word_om()
    {
        var acronym = await _client.GetObjectAsync("/api/v1/search?q=OM");

        Assert.Equal("Convenant aanpak hennepteelt Oost", Assert.Single(acronym.Hits()).Str("title"));
    }

    [Fact]
    public async Task Should_find_the_acronym_OM_by_its_written_out_form()
    {
        var result = await _client.GetObjectAsync("/api/v1/search?q=openbaar+ministerie");

        Assert.Equal("Convenant aanpak hennepteelt Oost", Assert.Single(result.Hits()).Str("title"));
    }

    [Fact]
    public async Task Should_match_a_compound_query_word_by_its_parts()
    {
        var result = await _client.GetObjectAsync("/api/v1/search?q=jongerenoverlast");

        Assert.Equal("Plan van aanpak jeugdoverlast centrum", result.Hits().First().Str("title"));
    }

    [Fact]
    public async Task Should_correct_a_typo_and_say_what_it_searched()
    {
        var corrected = await _client.GetObjectAsync("/api/v1/search?q=straatcoachs");
        var suggestedOnly = await _client.GetObjectAsync("/api/v1/search?q=jeugdoverlast+straatcoachs");

        Assert.Equal("straatcoaches", corrected.Str("didYouMean"));
        Assert.Equal(1, corrected.Total());
        Assert.Contains("straatcoaches", corrected.Str("notice"));
        Assert.Equal("jeugdoverlast straatcoaches", suggestedOnly.Str("didYouMean"));
    }

    [Fact]
    public async Task Should_never_suggest_words_that_only_members_only_documents_contain()
    {
        var typo = await _client.GetObjectAsync("/api/v1/search?q=zqxt");
        var completion = await _client.GetObjectAsync("/api/v1/suggest?q=zqx");

        Assert.Null(typo["didYouMean"]);
        Assert.Empty(completion["suggestions"]!.AsArray());
    }

    [Fact]
    public async Task Should_suggest_titles_and_words_while_typing()
    {
        var result = await _client.GetObjectAsync("/api/v1/suggest?q=woninginb");

        var suggestions = result["suggestions"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Contains(suggestions, s => s.Str("kind") == "title" && s.Str("text") == "Convenant woninginbraakpreventie West" && s["url"] is not null);
        Assert.Contains(suggestions, s => s.Str("kind") == "term" && s.Str("text").StartsWith("woninginbra", StringComparison.Ordinal));
        Assert.All(suggestions, s => Assert.Contains("woninginb", s.Str("text"), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Should_read_an_unknown_field_prefix_as_words()
    {
        var result = await _client.GetObjectAsync("/api/v1/search?q=" + Uri.EscapeDataString("Let op: straatcoaches"));

        Assert.Equal(1, result.Total());
    }

    [Fact]
    public async Task Should_never_show_members_only_documents_to_anonymous_callers()
    {
        var token = await _client.GetObjectAsync($"/api/v1/search?q={Fixtures.MembersToken}");
        var all = await _client.GetObjectAsync("/api/v1/search?pageSize=50");
        var filtered = await _client.GetObjectAsync("/api/v1/search?source=leden");
        using var document = await _client.GetAsync($"/api/v1/documents/{Fixtures.IdOf("leden", Fixtures.LedenBase, "draaiboek-geheim.html")}");

        Assert.Equal(0, token.Total());
        Assert.All(token["facets"]!.AsObject(), f => Assert.Empty(f.Value!.AsArray()));
        Assert.DoesNotContain(all.Hits(), h => h["source"]!.Str("id") == "leden");
        Assert.DoesNotContain("leden", all.Facet("source").Keys);
        Assert.Equal(0, filtered.Total());
        Assert.Equal(HttpStatusCode.NotFound, document.StatusCode);
        Assert.DoesNotContain(Fixtures.MembersToken, await document.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_return_a_document_with_its_text()
    {
        var id = Fixtures.IdOf("west", Fixtures.WestBase, "beleidsregel-13b.html");

        var document = await _client.GetObjectAsync($"/api/v1/documents/{id}");

        Assert.Equal(id, document.Str("id"));
        Assert.Equal("Beleidsregel sluiting drugspanden artikel 13b Opiumwet", document.Str("title"));
        Assert.Equal("beleidsregel", document.Str("type"));
        Assert.Equal("2020-02-17", document.Str("published"));
        Assert.Contains("De burgemeester sluit panden", document.Str("text"));
        Assert.DoesNotContain("cookiebeleid", document.Str("text"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("west", document["source"]!.Str("id"));
    }

    [Fact]
    public async Task Should_find_similar_documents_but_never_itself_or_hidden_ones()
    {
        var id = Fixtures.IdOf("oost", Fixtures.OostBase, "convenant-hennep.html");

        var similar = await _client.GetObjectAsync($"/api/v1/documents/{id}/similar");
        using var unknown = await _client.GetAsync("/api/v1/documents/bestaat-niet/similar");
        using var hidden = await _client.GetAsync($"/api/v1/documents/{Fixtures.IdOf("leden", Fixtures.LedenBase, "draaiboek-geheim.html")}/similar");

        var hits = similar.Hits().ToList();
        Assert.NotEmpty(hits);
        Assert.Equal("Convenant hennepteelt (ondertekende versie)", hits[0].Str("title"));
        Assert.DoesNotContain(hits, h => h.Str("id") == id || h["source"]!.Str("id") == "leden");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    [Fact]
    public async Task Should_list_sources_with_counts_and_last_harvest()
    {
        using var response = await _client.GetAsync("/api/v1/sources");
        var sources = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Select(s => s!.AsObject()).ToList();

        var oost = sources.Single(s => s.Str("id") == "oost");
        Assert.Equal("Netwerk Oost", oost.Str("name"));
        Assert.Equal("folder", oost.Str("kind"));
        Assert.Equal(5, oost["documentCount"]!.GetValue<int>());
        Assert.Equal("succeeded", oost["lastHarvest"]!.Str("status"));
        Assert.Equal(5, oost["lastHarvest"]!["counts"]!["new"]!.GetValue<int>());
        Assert.NotNull(oost["lastHarvest"]!["startedAt"]);
        Assert.NotNull(oost["lastHarvest"]!["finishedAt"]);
        Assert.Equal(0, sources.Single(s => s.Str("id") == "leden")["documentCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Should_report_health_serve_openapi_and_the_search_page()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/ready")).StatusCode);

        var openApi = await _client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/search", openApi);
        Assert.Contains("/api/v1/documents/{id}", openApi);

        using var page = await _client.GetAsync("/");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("Kennisbank Zoeken", await page.Content.ReadAsStringAsync());
    }
}
