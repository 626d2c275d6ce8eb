using System.Text.RegularExpressions;
using Microsoft.Playwright;

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
