using System.Text.RegularExpressions;
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

    [Fact]
    public async Task Should_add_rename_disable_enable_harvest_and_delete_a_sitemap_source()
    {
        var site = fixture.Partner;
        site.SetHtml("/lus/draaiboek.html", """
            <!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Draaiboek woninginval Lusdorp</title></head>
            <body><main><h1>Draaiboek woninginval Lusdorp</h1><p>Afspraken over de woninginval bij een hennepkwekerij.</p></main></body></html>
            """);
        site.SetText("/lus/sitemap.xml", Search.TestKit.LoopbackSite.Sitemap([site.Url("/lus/draaiboek.html")]), "application/xml");
        var page = await SignInAsync();
        var row = page.Locator("#sources tbody tr[data-source=lusbron]");
        var cells = row.Locator("td");

        // Added through the form: listed, enabled, and harvested at once.
        var form = page.Locator("#source-form");
        await form.GetByLabel("Id", new() { Exact = true }).FillAsync("lusbron");
        await form.GetByLabel("Naam", new() { Exact = true }).FillAsync("Lusbron");
        await form.Locator("select[name=kind]").SelectOptionAsync("sitemap");
        await form.GetByLabel("URL", new() { Exact = true }).FillAsync(site.Url("/lus/sitemap.xml").AbsoluteUri);
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();

        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Bron lusbron is opgeslagen.");
        await Assertions.Expect(cells.Nth(1)).ToHaveTextAsync("Lusbron");
        await Assertions.Expect(cells.Nth(2)).ToHaveTextAsync("sitemap");
        await Assertions.Expect(cells.Nth(3)).ToHaveTextAsync("ingeschakeld");
        var first = Assert.Single(await FinishedRunsAsync(page, row, expected: 1));
        Assert.Equal(["geslaagd", "1", "0", "0", "0", "0"], first[1..7]);

        // Renamed through the edit form.
        await row.GetByRole(AriaRole.Button, new() { Name = "Bewerken" }).ClickAsync();
        await Assertions.Expect(page.Locator("#source-form-title")).ToHaveTextAsync("Bron lusbron bewerken");
        Assert.False(await form.GetByLabel("Id", new() { Exact = true }).IsEditableAsync());
        await Assertions.Expect(form.GetByLabel("URL", new() { Exact = true })).ToHaveValueAsync(site.Url("/lus/sitemap.xml").AbsoluteUri);
        await form.GetByLabel("Naam", new() { Exact = true }).FillAsync("Lusbron hernoemd");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();

        await Assertions.Expect(cells.Nth(1)).ToHaveTextAsync("Lusbron hernoemd");
        await Assertions.Expect(page.Locator("#source-form-title")).ToHaveTextAsync("Bron toevoegen");

        // Disabled and enabled again.
        await row.GetByRole(AriaRole.Button, new() { Name = "Uitschakelen" }).ClickAsync();
        await Assertions.Expect(cells.Nth(3)).ToHaveTextAsync("uitgeschakeld");
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Bron lusbron is uitgeschakeld.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Inschakelen" }).ClickAsync();
        await Assertions.Expect(cells.Nth(3)).ToHaveTextAsync("ingeschakeld");
        await Assertions.Expect(cells.Nth(1)).ToHaveTextAsync("Lusbron hernoemd");

        // "Nu oogsten" adds a second run; the document is unchanged.
        await row.GetByRole(AriaRole.Button, new() { Name = "Nu oogsten" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync(new Regex(@"^Oogst van lusbron gestart \(run .+\)\.$"));
        var runs = await FinishedRunsAsync(page, row, expected: 2);
        Assert.Equal(["geslaagd", "0", "0", "1", "0", "0"], runs[0][1..7]);
        Assert.Equal(first, runs[1]);
        await Assertions.Expect(page.Locator("#runs .source-id")).ToHaveTextAsync("lusbron");

        // Deleted (the confirm dialog is accepted).
        await row.GetByRole(AriaRole.Button, new() { Name = "Verwijderen" }).ClickAsync();
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("Bron lusbron is verwijderd.");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#sources tbody tr[data-source=extra]")).ToHaveCountAsync(1);
    }

    private async Task<IPage> SignInAsync()
    {
        var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await page.GotoAsync(new Uri(fixture.Service.BaseUrl, "admin").AbsoluteUri);
        await page.GetByLabel("Beheersleutel").FillAsync(KestrelSearchFactory.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanmelden" }).ClickAsync();
        await Assertions.Expect(page.Locator("#sources tbody tr[data-source=extra]")).ToHaveCountAsync(1);
        return page;
    }

    /// <summary>
    /// Opens the source's runs view until it lists <paramref name="expected"/> runs, none still running (the console does
    /// not refresh it by itself), and returns the cell texts of each row, newest first.
    /// </summary>
    private static async Task<IReadOnlyList<string[]>> FinishedRunsAsync(IPage page, ILocator sourceRow, int expected)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            await page.RunAndWaitForResponseAsync(
                () => sourceRow.GetByRole(AriaRole.Button, new() { Name = "Runs" }).ClickAsync(),
                response => response.Url.EndsWith("/runs", StringComparison.Ordinal));
            var rows = new List<string[]>();
            foreach (var tr in await page.Locator("#runs tbody tr").AllAsync())
            {
                rows.Add([.. await tr.Locator("td").AllTextContentsAsync()]);
            }

            if (rows.Count == expected && rows.All(r => r.Length > 1 && r[1] != "bezig"))
            {
                return rows;
            }

            Assert.False(deadline.IsCancellationRequested, $"Runs view: {string.Join(" | ", rows.Select(r => string.Join(", ", r)))}");
            await page.WaitForTimeoutAsync(100);
        }
    }
}
