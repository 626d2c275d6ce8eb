using Microsoft.Playwright;

namespace Search.Browser.Tests;

/// <summary>The admin console at /admin in headless Debian chromium, signed in with the admin key.</summary>
public sealed class AdminConsoleTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Should_sign_in_list_sources_dry_run_a_source_and_create_and_revoke_a_partner_key()
    {
        var site = fixture.Partner;
        site.SetHtml("/beheer/protocol.html", """
            <!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Protocol hennepruiming gemeente Proef</title></head>
            <body><main><h1>Protocol hennepruiming gemeente Proef</h1><p>Afspraken tussen politie, netbeheerder en woningcorporatie
            over het ruimen van een hennepkwekerij.</p></main></body></html>
            """);
        site.SetText("/beheer/sitemap.xml", Search.TestKit.LoopbackSite.Sitemap([site.Url("/beheer/protocol.html")]), "application/xml");
        await using var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();

        await page.GotoAsync(new Uri(fixture.Service.BaseUrl, "admin").AbsoluteUri);
        await page.GetByLabel("Beheersleutel").FillAsync(KestrelSearchFactory.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanmelden" }).ClickAsync();

        var sources = page.Locator("#sources tbody tr");
        await Assertions.Expect(page.Locator("#sources tbody tr[data-source=extra]")).ToContainTextAsync("Netwerk Extra");
        Assert.True(await sources.CountAsync() >= 2);
        Assert.Equal(KestrelSearchFactory.AdminKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('kbz-admin-key')"));

        // Validation errors are shown per field.
        var form = page.Locator("#source-form");
        await form.GetByLabel("Id", new() { Exact = true }).FillAsync("Fout!");
        await form.GetByLabel("Naam", new() { Exact = true }).FillAsync("Proefbron");
        await form.GetByLabel("URL", new() { Exact = true }).FillAsync(site.Url("/beheer/sitemap.xml").AbsoluteUri);
        await page.GetByRole(AriaRole.Button, new() { Name = "Proefoogst" }).ClickAsync();
        await Assertions.Expect(form.Locator(".errors li[data-field=id]")).ToHaveCountAsync(1);

        await form.GetByLabel("Id", new() { Exact = true }).FillAsync("proefbron");
        await page.GetByRole(AriaRole.Button, new() { Name = "Proefoogst" }).ClickAsync();
        var preview = page.Locator("#dry-run-results .preview");
        await Assertions.Expect(preview.Locator("h5")).ToHaveTextAsync("Protocol hennepruiming gemeente Proef");
        await Assertions.Expect(preview.Locator(".text")).ToContainTextAsync("hennepkwekerij");
        await Assertions.Expect(form.Locator(".errors li")).ToHaveCountAsync(0);
        Assert.Equal(0, await page.Locator("#sources tbody tr[data-source=proefbron]").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, "admin-console.png"), FullPage = true });

        // Partner keys: the key is shown once, then revoked.
        await page.GetByRole(AriaRole.Button, new() { Name = "Partnersleutels" }).ClickAsync();
        var partnerForm = page.Locator("#partner-form");
        await partnerForm.GetByLabel("Naam", new() { Exact = true }).FillAsync("Gemeente Proef");
        await partnerForm.GetByLabel("Toegestane origins (één per regel)").FillAsync("https://www.gemeente-proef.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sleutel aanmaken" }).ClickAsync();
        await Assertions.Expect(page.Locator("#new-key")).ToBeVisibleAsync();
        Assert.True((await page.Locator("#new-key code").TextContentAsync())!.Length >= 40);
        var row = page.Locator("#partner-keys tbody tr", new() { HasText = "Gemeente Proef" });
        await Assertions.Expect(row).ToContainTextAsync("actief");
        Assert.DoesNotContain(await page.Locator("#new-key code").TextContentAsync() ?? "-", await page.Locator("#partner-keys").InnerTextAsync(), StringComparison.Ordinal);

        await row.GetByRole(AriaRole.Button, new() { Name = "Intrekken" }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("ingetrokken");

        await page.GetByRole(AriaRole.Button, new() { Name = "Auditlog" }).ClickAsync();
        await Assertions.Expect(page.Locator("#audit-log tbody")).ToContainTextAsync("DELETE /api/v1/admin/partner-keys/{id}");
    }
}
