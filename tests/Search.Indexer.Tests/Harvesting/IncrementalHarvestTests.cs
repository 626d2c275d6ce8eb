using System.Diagnostics;
using Search.Indexer.Harvesting;
using Search.TestKit;
using Xunit.Abstractions;

namespace Search.Indexer.Tests.Harvesting;

public sealed class IncrementalHarvestTests(ITestOutputHelper output)
{
    private const int Pages = 1000;

    [Fact]
    public async Task Should_answer_a_second_run_over_an_unchanged_site_of_1000_pages_with_conditional_gets_and_reindex_nothing()
    {
        await using var site = await LoopbackSite.StartAsync();
        var urls = new List<Uri>();
        for (var i = 0; i < Pages; i++)
        {
            var html = $"<html><head><title>Voorbeeldbrief {i}</title></head><body><main><h1>Voorbeeldbrief {i}</h1><p>Geachte heer/mevrouw, tekst {i} over woonoverlast.</p></main></body></html>";
            site.Set($"/brief-{i}.html", System.Text.Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8",
                headers: new Dictionary<string, string> { ["ETag"] = $"\"v1-{i}\"", ["Last-Modified"] = "Tue, 03 Mar 2026 10:00:00 GMT" });
            urls.Add(site.Url($"/brief-{i}.html"));
        }

        site.SetText("/sitemap.xml", LoopbackSite.Sitemap(urls), "application/xml");
        using var harness = new HarvestHarness();
        var source = HarvestHarness.Sitemap(site, "duizend");

        var clock = Stopwatch.StartNew();
        var first = await harness.RunAsync(source);
        var firstTime = clock.Elapsed;
        var requestsBefore = site.RequestLog.Count;
        clock.Restart();
        var second = await harness.RunAsync(source);
        var secondTime = clock.Elapsed;
        var conditional = site.RequestLog.Skip(requestsBefore).Count(r => r.Header("If-None-Match") is not null);

        output.WriteLine($"1,000-page loopback site: first run {firstTime.TotalSeconds:0.00} s ({first.Counts.New} new), " +
                         $"second run {secondTime.TotalSeconds:0.00} s ({second.Counts.Unchanged} unchanged, {conditional} conditional requests answered 304)");
        Assert.Equal(HarvestStatus.Succeeded, first.Status);
        Assert.Equal(Pages, first.Counts.New);
        Assert.Equal(HarvestStatus.Succeeded, second.Status);
        Assert.Equal(0, second.Counts.New + second.Counts.Changed + second.Counts.Fetched);
        Assert.Equal(Pages, second.Counts.Unchanged);
        Assert.Equal(Pages, conditional);
        Assert.Equal(Pages, harness.Index.GetIds("duizend").Count);
    }
}
