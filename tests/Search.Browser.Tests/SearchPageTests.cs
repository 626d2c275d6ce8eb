using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Search.SearchApi.Tests;

namespace Search.Browser.Tests;

/// <summary>The staff search page at <c>/</c> in headless Debian chromium, against the fixture knowledge bank.</summary>
public sealed class SearchPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Should_search_filter_by_facet_and_keep_the_state_in_the_url()
    {
        var page = await OpenAsync("/");
        await Assertions.Expect(page.Locator("#login-status")).ToHaveTextAsync("Niet ingelogd — u ziet openbare documenten");

        await page.GetByLabel("Zoekvraag").FillAsync("convenant");
        await page.GetByLabel("Zoekvraag").PressAsync("Enter");

        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"\?q=convenant$"));
        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("gevonden voor “convenant”");
        var hits = page.Locator("#hits li.hit");
        Assert.True(await hits.CountAsync() >= 2);
        Assert.True(await page.Locator("#hits .snippet mark").CountAsync() > 0);
        Assert.Equal("convenant", (await page.Locator("#hits .snippet mark").First.TextContentAsync())?.ToLowerInvariant());
        await Assertions.Expect(page.Locator("#hits .badge-type").First).ToBeVisibleAsync();
        var status = Untimed(await page.Locator("#status").TextContentAsync());
        var typeCounts = await page.Locator("#facets fieldset").Nth(1).InnerTextAsync();

        // Ticking "Netwerk West" puts the filter in the URL and recounts the other facets.
        await page.GetByLabel("Netwerk West").CheckAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"[?&]source=west(&|$)"));
        await SettledAsync(page);
        Assert.NotEqual(status, Untimed(await page.Locator("#status").TextContentAsync()));
        Assert.NotEqual(typeCounts, await page.Locator("#facets fieldset").Nth(1).InnerTextAsync());
        Assert.All(await page.Locator("#hits li.hit .meta").AllTextContentsAsync(), meta => Assert.StartsWith("Netwerk West", meta));
        Assert.True(await page.GetByLabel("Netwerk West").IsCheckedAsync());
        await Assertions.Expect(page.Locator("#facets .fresh").First).ToContainTextAsync("bijgewerkt op");

        // Back restores the unfiltered search.
        await page.GoBackAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex(@"\?q=convenant$"));
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync(new Regex("^" + Regex.Escape(status) + @" \(\d+ ms\)$"));
        Assert.False(await page.GetByLabel("Netwerk West").IsCheckedAsync());
        Assert.Equal("convenant", await page.GetByLabel("Zoekvraag").InputValueAsync());
    }

    [Fact]
    public async Task Should_open_page_two_from_the_url_and_link_an_attachment_to_its_parent_and_pdf_page()
    {
        var page = await OpenAsync("/?q=hennepteelt&pageSize=1&page=2");

        await Assertions.Expect(page.Locator("#status")).ToContainTextAsync("pagina 2 van");
        var hit = page.Locator("#hits li.hit").First;
        await Assertions.Expect(hit.Locator("h3 a")).ToHaveTextAsync("Convenant hennepteelt (ondertekende versie)");
        await Assertions.Expect(hit.Locator(".parent")).ToHaveTextAsync("Bijlage bij Convenant aanpak hennepteelt Oost");
        var href = await hit.Locator("h3 a").GetAttributeAsync("href");
        Assert.Matches(@"convenant-hennep\.pdf#page=\d+$", href);
        Assert.Equal(1, await page.Locator("#pager a[aria-current=page]").CountAsync());
        Assert.Equal("2", await page.Locator("#pager a[aria-current=page]").TextContentAsync());

        // The best snippet of "riec" lies on the second page of the PDF.
        await page.GotoAsync(new Uri(fixture.Service.BaseUrl, "/?q=riec").AbsoluteUri);
        await SettledAsync(page);
        var pdf = page.Locator("#hits li.hit", new() { Has = page.Locator(".parent") }).First;
        await Assertions.Expect(pdf.Locator(".parent")).ToContainTextAsync("Bijlage bij");
        await Assertions.Expect(pdf.Locator(".pagelink a")).ToHaveAttributeAsync("href", new Regex(@"\.pdf#page=2$"));

        await page.GotoAsync(new Uri(fixture.Service.BaseUrl, "/?q=hennep").AbsoluteUri);
        await SettledAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "search-page.png"), FullPage = true });
    }

    [Fact]
    public async Task Should_list_the_other_versions_of_a_document()
    {
        var page = await OpenAsync("/?q=waarschuwing+woonoverlast");

        var hit = page.Locator("#hits li.hit", new() { Has = page.Locator(".variants") }).First;
        await Assertions.Expect(hit.Locator(".variants")).ToHaveTextAsync(new Regex(@"^Ook gepubliceerd door Netwerk (Oost|West) \(\d+ \w+ \d{4}\)$"));
        Assert.StartsWith("https://", await hit.Locator(".variants a").GetAttributeAsync("href"));
        // The members-only copy (Netwerk Oost (leden)) is never listed to an anonymous visitor.
        Assert.DoesNotContain("leden", await page.Locator("#hits").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Should_render_a_title_with_markup_as_text()
    {
        var page = await OpenAsync("/?q=zolderkwekerij");
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };

        await Assertions.Expect(page.Locator("#hits li.hit h3 a").First).ToHaveTextAsync(KestrelSearchFactory.HostileTitle);
        Assert.Equal(0, await page.Locator("#hits img, #hits svg, #hits script").CountAsync());
        Assert.Contains("<svg onload=alert(2)>", await page.Locator("#hits .snippet").First.TextContentAsync() ?? string.Empty, StringComparison.Ordinal);
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task Should_show_tips_when_nothing_is_found_and_reach_the_results_by_the_skip_link()
    {
        var page = await OpenAsync("/?q=" + Search.SearchApi.Tests.Fixtures.MembersToken);

        await Assertions.Expect(page.Locator("#empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#empty")).ToContainTextAsync("Controleer de spelling");
        Assert.Equal(0, await page.Locator("#hits li.hit").CountAsync());

        // The search box has focus on arrival; before it come the home link and, first of all, the skip link.
        Assert.Equal("q", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("Kennisbank Zoeken", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal("Naar de zoekresultaten", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("results-heading", await page.EvaluateAsync<string>("() => document.activeElement.id"));
    }

    [Fact]
    public async Task Should_show_a_validation_error_from_the_api()
    {
        var page = await OpenAsync("/?q=convenant&pageSize=500");

        await Assertions.Expect(page.Locator("#error")).ToBeVisibleAsync();
        Assert.False(string.IsNullOrWhiteSpace(await page.Locator("#error").TextContentAsync()));
        Assert.Equal(0, await page.Locator("#hits li.hit").CountAsync());
        await Assertions.Expect(page.Locator("#empty")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Should_send_a_development_token_and_say_so()
    {
        var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var authorization = new List<string?>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/v1/search", StringComparison.Ordinal))
            {
                request.Headers.TryGetValue("authorization", out var value);
                authorization.Add(value);
            }
        };
        await page.GotoAsync(fixture.Service.BaseUrl.AbsoluteUri);
        await page.EvaluateAsync("() => sessionStorage.setItem('kbz-token', 'ontwikkeltoken')");

        await page.ReloadAsync();

        await Assertions.Expect(page.Locator("#login-status")).ToContainTextAsync("Ingelogd");
        await SettledAsync(page);
        Assert.Contains("Bearer ontwikkeltoken", authorization);
    }

    [Fact]
    public async Task Should_report_a_click_on_a_hit_title_and_count_it_in_the_analytics()
    {
        const string query = "handreiking zolderkwekerij";
        var page = await OpenAsync("/?q=handreiking+zolderkwekerij");
        // The hits link to *.example hosts, which do not resolve: the browser gets a stand-in page instead.
        await page.RouteAsync(new Regex(@"^https?://[^/]+\.example/"), route => route.FulfillAsync(new()
        {
            Status = 200, ContentType = "text/html", Body = "<!doctype html><title>Extern</title><p>Externe kennisbank</p>",
        }));
        var titles = await page.Locator("#hits li.hit h3 a").AllTextContentsAsync();
        var position = titles.ToList().IndexOf(KestrelSearchFactory.HostileTitle) + 1;
        Assert.True(position > 0, string.Join(" | ", titles));

        var click = await page.RunAndWaitForRequestAsync(
            () => page.Locator("#hits li.hit h3 a").Nth(position - 1).ClickAsync(),
            request => request.Method == "POST" && request.Url.EndsWith("/api/v1/click", StringComparison.Ordinal));

        await Assertions.Expect(page).ToHaveURLAsync("https://extra.example/zolderkwekerij.html");
        var body = JsonNode.Parse(click.PostData!)!;
        Assert.Equal(query, body["query"]!.GetValue<string>());
        Assert.Equal(position, body["position"]!.GetValue<int>());
        Assert.Equal(Fixtures.IdOf("extra", new Uri("https://extra.example/"), "zolderkwekerij.html"), body["id"]!.GetValue<string>());

        // The beacon outlives the page, so its answer is not awaited: the report shows the click once it is recorded.
        using var admin = fixture.Service.CreateClient();
        admin.DefaultRequestHeaders.Add("X-Api-Key", KestrelSearchFactory.AdminKey);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        JsonNode top;
        while (true)
        {
            var report = JsonNode.Parse(await admin.GetStringAsync("/api/v1/admin/analytics?days=1&top=100", deadline.Token))!;
            top = report["topQueries"]!.AsArray().Single(q => q!["query"]!.GetValue<string>() == query)!;
            if (top["clicks"]!.GetValue<int>() > 0)
            {
                Assert.True(report["clicks"]!.GetValue<int>() >= 1);
                break;
            }

            await Task.Delay(50, deadline.Token);
        }

        Assert.Equal(1, top["clicks"]!.GetValue<int>());
        Assert.True(top["count"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task Should_show_a_teaser_with_a_lock_and_the_log_in_text_but_never_its_text()
    {
        var page = await OpenAsync("/?q=" + Fixtures.TeaserTitleToken);

        var hit = page.Locator("#hits li.hit");
        await Assertions.Expect(hit).ToHaveCountAsync(1);
        await Assertions.Expect(hit).ToHaveClassAsync(new Regex(@"\brestricted\b"));
        await Assertions.Expect(hit.Locator("h3 a")).ToContainTextAsync(Fixtures.TeaserTitleToken);
        await Assertions.Expect(hit.Locator("h3 a")).ToHaveAttributeAsync("href", new Uri(Fixtures.OostBibBase, "handboek.html").AbsoluteUri);
        await Assertions.Expect(hit.Locator(".meta")).ToContainTextAsync(Fixtures.TeaserSourceName);
        await Assertions.Expect(hit.Locator(".lock")).ToHaveTextAsync("🔒");
        await Assertions.Expect(hit.Locator(".snippet")).ToHaveTextAsync(
            $"🔒Alleen voor leden: Log in bij {Fixtures.TeaserSourceName} om dit document te lezen");
        Assert.Equal(0, await hit.GetByRole(AriaRole.Button, new() { Name = "Tekst lezen" }).CountAsync());
        Assert.DoesNotContain(Fixtures.TeaserBodyToken, await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("handboek beschrijft", await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
    }

    private async Task<IPage> OpenAsync(string pathAndQuery)
    {
        var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1200, Height = 900 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Service.BaseUrl, pathAndQuery).AbsoluteUri);
        await SettledAsync(page);
        return page;
    }

    /// <summary>The status line without its timing, which differs per request.</summary>
    private static string Untimed(string? status) => Regex.Replace(status ?? string.Empty, @" \(\d+ ms\)$", string.Empty);

    /// <summary>Waits until the page has rendered the answer to its last search.</summary>
    private static Task SettledAsync(IPage page) => Assertions.Expect(page.Locator("#results")).Not.ToHaveAttributeAsync("aria-busy", "true");
}
