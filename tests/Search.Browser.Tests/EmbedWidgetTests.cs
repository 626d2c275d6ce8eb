using Microsoft.Playwright;

namespace Search.Browser.Tests;

/// <summary>The embed widget and the iframe page inside foreign pages, in headless Debian chromium.</summary>
public sealed class EmbedWidgetTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>A partner page whose CSS would turn every element red and huge, if it could reach the widget.</summary>
    private const string HostileCss = "* { color: rgb(255, 0, 0) !important; font-size: 40px !important; font-family: serif !important; }";

    [Fact]
    public async Task Should_render_the_widget_in_a_shadow_root_untouched_by_the_page_css()
    {
        var page = await OpenPartnerPageAsync(fixture.Partner, "/widget.html");

        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('.kbz-zoeken').shadowRoot !== null"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelectorAll('.kbz-zoeken input, .kbz-zoeken label').length"));
        var label = page.Locator(".kbz-zoeken label");
        Assert.Equal("Zoeken in de kennisbank", await label.TextContentAsync());
        var style = await label.EvaluateAsync<string[]>("e => { const s = getComputedStyle(e); return [s.color, s.fontSize]; }");
        Assert.NotEqual("rgb(255, 0, 0)", style[0]);
        Assert.Equal("16px", style[1]);
        Assert.Equal("rgb(255, 0, 0)", await page.Locator("h1").EvaluateAsync<string>("e => getComputedStyle(e).color"));
        // Theming reaches in only through the documented custom properties.
        Assert.Equal("rgb(0, 100, 0)", await page.Locator(".kbz-zoeken button[type=submit]").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
    }

    [Fact]
    public async Task Should_search_with_the_keyboard_and_show_hostile_titles_as_text()
    {
        var page = await OpenPartnerPageAsync(fixture.Partner, "/widget.html");
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };

        await page.GetByLabel("Zoeken in de kennisbank").FocusAsync();
        await page.Keyboard.TypeAsync("zolderkwekerij");
        await page.Keyboard.PressAsync("Enter");

        var link = page.Locator(".kbz-zoeken li.hit a").First;
        await Assertions.Expect(link).ToHaveTextAsync(KestrelSearchFactory.HostileTitle);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.querySelector('.kbz-zoeken').shadowRoot.querySelectorAll('img, svg, script').length"));
        Assert.Contains("<svg onload=alert(2)>", await page.Locator(".kbz-zoeken .snippet").First.TextContentAsync() ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("zolderkwekerij", await page.Locator(".kbz-zoeken mark").First.TextContentAsync());

        // Results are real links in the tab order.
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("A", await page.EvaluateAsync<string>("() => document.querySelector('.kbz-zoeken').shadowRoot.activeElement?.tagName"));
        await page.Locator(".kbz-zoeken .kbz").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "embed-widget.png") });
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task Should_show_public_documents_only_and_page_through_them()
    {
        var page = await OpenPartnerPageAsync(fixture.Partner, "/widget.html");
        var input = page.GetByLabel("Zoeken in de kennisbank");

        await input.FillAsync(Search.SearchApi.Tests.Fixtures.MembersToken);
        await input.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".kbz-zoeken .status")).ToContainTextAsync("Geen resultaten");

        await input.FillAsync("convenant");
        await input.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".kbz-zoeken .status")).ToContainTextAsync("pagina 1 van");
        Assert.Equal(2, await page.Locator(".kbz-zoeken li.hit").CountAsync());
        var first = await page.Locator(".kbz-zoeken li.hit a").AllTextContentsAsync();
        await page.Locator(".kbz-zoeken button.next").ClickAsync();
        await Assertions.Expect(page.Locator(".kbz-zoeken .status")).ToContainTextAsync("pagina 2 van");
        var second = await page.Locator(".kbz-zoeken li.hit a").AllTextContentsAsync();
        Assert.Empty(first.Intersect(second));
        var text = await page.Locator(".kbz-zoeken").InnerTextAsync();
        Assert.DoesNotContain("vertrouwelijk", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Should_work_as_an_iframe_on_the_partner_page()
    {
        var page = await OpenPartnerPageAsync(fixture.Partner, "/iframe.html");
        var frame = page.FrameLocator("iframe");
        var input = frame.GetByLabel("Zoeken in de kennisbank");

        await input.FillAsync("zolderkwekerij");
        await input.PressAsync("Enter");

        await Assertions.Expect(frame.Locator("li.hit a").First).ToHaveTextAsync(KestrelSearchFactory.HostileTitle);
        Assert.Equal("_blank", await frame.Locator("li.hit a").First.GetAttributeAsync("target"));
        await page.Locator("iframe").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "embed-iframe.png") });
    }

    [Fact]
    public async Task Should_get_no_results_on_a_page_from_an_origin_the_key_does_not_allow()
    {
        var page = await OpenPartnerPageAsync(fixture.Stranger, "/widget.html");
        var input = page.GetByLabel("Zoeken in de kennisbank");

        await input.FillAsync("convenant");
        await input.PressAsync("Enter");

        await Assertions.Expect(page.Locator(".kbz-zoeken .status")).ToHaveTextAsync("De zoekdienst is niet bereikbaar.");
        Assert.Equal(0, await page.Locator(".kbz-zoeken li.hit").CountAsync());
    }

    private async Task<IPage> OpenPartnerPageAsync(Search.TestKit.LoopbackSite site, string path)
    {
        var service = fixture.Service.BaseUrl;
        site.SetHtml("/widget.html", $$"""
            <!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Gemeente Voorbeeld</title>
            <style>{{HostileCss}} .kbz-zoeken { --kbz-accent: rgb(0, 100, 0); max-width: 640px; }</style></head>
            <body><h1>Gemeente Voorbeeld</h1>
            <script src="{{service}}embed.js" data-key="{{fixture.Key}}" data-page-size="2" async></script>
            </body></html>
            """);
        site.SetHtml("/iframe.html", $$"""
            <!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Gemeente Voorbeeld</title><style>{{HostileCss}}</style></head>
            <body><h1>Gemeente Voorbeeld</h1>
            <iframe src="{{service}}embed?key={{Uri.EscapeDataString(fixture.Key)}}" title="Zoeken in de kennisbank" width="640" height="480"></iframe>
            </body></html>
            """);
        var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 900, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(site.Url(path).AbsoluteUri);
        await page.Locator(path == "/iframe.html" ? "iframe" : ".kbz-zoeken label").WaitForAsync();
        return page;
    }
}
