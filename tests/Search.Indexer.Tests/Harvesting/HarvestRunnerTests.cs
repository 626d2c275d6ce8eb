using Microsoft.Extensions.DependencyInjection;
using Search.Connectors.Abstractions;
using Search.Indexer.Harvesting;
using Search.TestKit;

namespace Search.Indexer.Tests.Harvesting;

public sealed class HarvestRunnerTests : IAsyncLifetime
{
    private LoopbackSite _site = null!;

    public async Task InitializeAsync()
    {
        _site = await LoopbackSite.StartAsync();
        Page("/a.html", "Convenant aanpak hennepteelt", "Partijen pakken hennepteelt samen aan. <a href=\"/bijlagen/convenant.pdf\">Download het convenant (PDF)</a>");
        Page("/b.html", "Plan van aanpak jeugdoverlast", "Maatregelen tegen jeugdoverlast in het centrum.");
        Page("/c.html", "Nieuws: minder woninginbraken", "Het aantal woninginbraken daalde.");
        _site.Set("/bijlagen/convenant.pdf", FixtureDocuments.Pdf("Convenant hennepteelt 2022", ["Artikel 1: hennepkwekerijen worden gemeld.", "Artikel 2: evaluatie."]), "application/pdf");
        Listing("/a.html", "/b.html", "/c.html");
    }

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Should_harvest_a_sitemap_with_attachments_that_keep_their_parent_page()
    {
        using var harness = new HarvestHarness();

        var run = await harness.RunAsync(HarvestHarness.Sitemap(_site));

        Assert.True(run.Status == HarvestStatus.Succeeded, run.Error + string.Join("; ", run.Events));
        Assert.Equal(4, run.Counts.New);
        var pdf = Assert.Single(harness.Index.GetIds("oost").Select(harness.Index.Get), d => d!.Format == "pdf")!;
        Assert.Equal("Convenant hennepteelt 2022", pdf.Title);
        Assert.Equal(_site.Url("/a.html").AbsoluteUri, pdf.ParentUrl);
        Assert.Equal("Convenant aanpak hennepteelt", pdf.ParentTitle);
        Assert.Equal([0, pdf.PageStarts[1]], pdf.PageStarts);
        Assert.Equal("convenant", pdf.Type);
        Assert.Contains("hennep", pdf.Themes);
        Assert.StartsWith("KennisbankZoeken/", _site.LastUserAgent);
    }

    [Fact]
    public async Task Should_remove_a_page_that_disappeared_after_a_successful_run_and_record_why()
    {
        using var harness = new HarvestHarness();
        var source = HarvestHarness.Sitemap(_site);
        await harness.RunAsync(source);

        _site.Remove("/c.html");
        Listing("/a.html", "/b.html");
        var run = await harness.RunAsync(source);

        Assert.Equal(HarvestStatus.Succeeded, run.Status);
        Assert.Equal(1, run.Counts.Removed);
        Assert.Equal(3, harness.Index.GetIds("oost").Count);
        Assert.Contains(run.Events, e => e.Kind == "removed" && e.Url == _site.Url("/c.html").AbsoluteUri);
    }

    [Fact]
    public async Task Should_remove_a_listed_page_only_after_404_on_two_consecutive_runs()
    {
        using var harness = new HarvestHarness();
        var source = HarvestHarness.Sitemap(_site);
        await harness.RunAsync(source);

        _site.Remove("/b.html");
        var first = await harness.RunAsync(source);
        var second = await harness.RunAsync(source);

        Assert.Equal(HarvestStatus.Succeeded, first.Status);
        Assert.Equal(1, first.Counts.Gone);
        Assert.Equal(0, first.Counts.Removed);
        Assert.Equal(1, second.Counts.Removed);
        Assert.Equal(3, harness.Index.GetIds("oost").Count);
        Assert.Contains(second.Events, e => e.Kind == "removed" && e.Reason.Contains("two consecutive", StringComparison.Ordinal) || e.Reason.Contains("2 consecutive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_reset_the_404_strikes_when_a_page_comes_back()
    {
        using var harness = new HarvestHarness();
        var source = HarvestHarness.Sitemap(_site);
        await harness.RunAsync(source);

        _site.SetStatus("/b.html", 404);
        await harness.RunAsync(source);
        Page("/b.html", "Plan van aanpak jeugdoverlast", "Weer terug.");
        await harness.RunAsync(source);
        _site.SetStatus("/b.html", 410);
        var run = await harness.RunAsync(source);

        Assert.Equal(0, run.Counts.Removed);
        Assert.Equal(4, harness.Index.GetIds("oost").Count);
    }

    [Fact]
    public async Task Should_not_reindex_an_unchanged_site_and_say_so_in_the_counts()
    {
        using var harness = new HarvestHarness();
        var source = HarvestHarness.Sitemap(_site);
        await harness.RunAsync(source);

        var second = await harness.RunAsync(source);
        Page("/b.html", "Plan van aanpak jeugdoverlast", "Nieuwe maatregelen tegen jeugdoverlast.");
        var third = await harness.RunAsync(source);

        Assert.Equal(HarvestStatus.Succeeded, second.Status);
        Assert.Equal(0, second.Counts.New + second.Counts.Changed);
        Assert.Equal(4, second.Counts.Unchanged);
        Assert.Equal(1, third.Counts.Changed);
        Assert.Equal(3, third.Counts.Unchanged);
        Assert.Contains("Nieuwe maatregelen", harness.Index.GetIds("oost").Select(harness.Index.Get).Single(d => d!.Url.EndsWith("/b.html", StringComparison.Ordinal))!.Body);
    }

    [Fact]
    public async Task Should_remove_nothing_when_the_site_answers_500()
    {
        using var harness = new HarvestHarness();
        var source = HarvestHarness.Sitemap(_site);
        await harness.RunAsync(source);

        _site.FailAll(500);
        var run = await harness.RunAsync(source);

        Assert.Equal(HarvestStatus.Failed, run.Status);
        Assert.Contains("HTTP 500", run.Error);
        Assert.Equal(0, run.Counts.Removed);
        Assert.Equal(4, harness.Index.GetIds("oost").Count);
    }

    [Fact]
    public async Task Should_remove_nothing_when_some_pages_fail_transiently()
    {
        using var harness = new HarvestHarness();
        var source = HarvestHarness.Sitemap(_site);
        await harness.RunAsync(source);

        _site.SetStatus("/a.html", 503);
        Listing("/a.html", "/b.html");
        var run = await harness.RunAsync(source);

        Assert.Equal(HarvestStatus.Partial, run.Status);
        Assert.Equal(0, run.Counts.Removed);
        Assert.Equal(4, harness.Index.GetIds("oost").Count);
        Assert.Equal("Convenant aanpak hennepteelt", harness.Index.GetIds("oost").Select(harness.Index.Get).Single(d => d!.Url.EndsWith("/a.html", StringComparison.Ordinal))!.Title);
    }

    [Fact]
    public async Task Should_apply_a_changed_visibility_to_unchanged_documents_and_back()
    {
        using var harness = new HarvestHarness();
        var source = HarvestHarness.Sitemap(_site);
        await harness.RunAsync(source);

        var members = await harness.RunAsync(source with { Visibility = Visibility.Members });
        var labelsWhileMembers = harness.Index.GetIds("oost").Select(id => harness.Index.Get(id)!.Access.Single()).Distinct().ToList();
        await harness.RunAsync(source);
        var labelsAfter = harness.Index.GetIds("oost").Select(id => harness.Index.Get(id)!.Access.Single()).Distinct().ToList();

        Assert.Equal(0, members.Counts.New + members.Counts.Changed);
        Assert.Equal(["members"], labelsWhileMembers);
        Assert.Equal(["public"], labelsAfter);
    }

    [Fact]
    public async Task Should_harvest_a_site_of_300_pages_with_attachments_completely()
    {
        await using var site = await LoopbackSite.StartAsync();
        var pages = new List<Uri>();
        for (var i = 0; i < 300; i++)
        {
            var attachment = i % 10 == 0 ? $"<a href=\"/bijlagen/besluit-{i}.pdf\">Besluit {i} (PDF)</a>" : string.Empty;
            site.SetHtml($"/pagina-{i}.html", Html($"Beleidsregel nummer {i}", $"Tekst van regel {i} over ondermijning en Bibob. {attachment}"));
            if (i % 10 == 0)
            {
                site.Set($"/bijlagen/besluit-{i}.pdf", FixtureDocuments.Pdf($"Besluit {i}", [$"Besluitnummer {i} uniekwoord{i}"]), "application/pdf");
            }

            pages.Add(site.Url($"/pagina-{i}.html"));
        }

        site.SetText("/sitemap.xml", LoopbackSite.Sitemap(pages), "application/xml");
        using var harness = new HarvestHarness();

        var run = await harness.RunAsync(HarvestHarness.Sitemap(site, "groot"));

        Assert.Equal(HarvestStatus.Succeeded, run.Status);
        Assert.Equal(330, run.Counts.New);
        Assert.Equal(330, harness.Index.GetIds("groot").Count);
        var besluit = harness.Index.GetIds("groot").Select(harness.Index.Get).Single(d => d!.Title == "Besluit 150")!;
        Assert.Equal(site.Url("/pagina-150.html").AbsoluteUri, besluit.ParentUrl);
    }

    [Fact]
    public async Task Should_never_run_one_source_twice_at_once_and_stop_cleanly_on_cancel()
    {
        var connector = new BlockingConnector();
        using var harness = new HarvestHarness(services => services.AddSingleton<ISourceConnector>(connector));
        var source = HarvestHarness.Sitemap(_site);
        using var cancel = new CancellationTokenSource();

        var first = harness.Runner.RunAsync(source, cancel.Token);
        await connector.Started.Task;
        var second = await harness.Runner.RunAsync(source, CancellationToken.None);
        cancel.Cancel();
        var run = await first;

        Assert.Null(second);
        Assert.Equal(HarvestStatus.Cancelled, run!.Status);
        Assert.Equal(1, run.Counts.New);
        Assert.False(harness.Runner.IsRunning(source.Id));
    }

    private void Page(string path, string title, string body) => _site.SetHtml(path, Html(title, body));

    private void Listing(params string[] paths) =>
        _site.SetText("/sitemap.xml", LoopbackSite.Sitemap(paths.Select(_site.Url)), "application/xml");

    private static string Html(string title, string body) => $"""
        <!doctype html><html lang="nl"><head><title>{title} | Testnetwerk</title></head>
        <body><nav><a href="/">Home</a></nav><main><h1>{title}</h1><p>{body}</p></main><footer>Colofon</footer></body></html>
        """;

    private sealed class BlockingConnector : ISourceConnector
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SourceKind Kind => SourceKind.Sitemap;

        public async IAsyncEnumerable<HarvestItem> HarvestAsync(SourceDefinition source, HarvestContext context, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            yield return new HarvestedDocument(new Uri("https://x.example/een.html"), "text/html", "<html><body><main><h1>Een</h1><p>Tekst</p></main></body></html>"u8.ToArray(), null);
            Started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }
    }
}
