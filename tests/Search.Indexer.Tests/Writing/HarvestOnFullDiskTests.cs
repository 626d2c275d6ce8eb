using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Search.Connectors;
using Search.Connectors.Abstractions;
using Search.Indexer.Classification;
using Search.Indexer.Harvesting;
using Search.Indexer.Writing;
using Search.TestKit;

namespace Search.Indexer.Tests.Writing;

/// <summary>
/// Reliability row 33 end to end: a harvest on a full disk fails with the disk error in its run, records no
/// checkpoint for what was not committed, and search keeps the last commit; once there is room, the next harvest
/// fetches and indexes what the failed one could not.
/// </summary>
public sealed class HarvestOnFullDiskTests
{
    [Fact]
    public async Task Should_fail_the_harvest_keep_the_last_commit_and_complete_the_work_once_there_is_room()
    {
        await using var site = await LoopbackSite.StartAsync();
        var pages = Enumerable.Range(0, 6).ToList();
        pages.ForEach(i => site.SetHtml($"/p{i}.html", Page(i, "eerste versie")));
        site.SetText("/sitemap.xml", LoopbackSite.Sitemap(pages.Select(i => site.Url($"/p{i}.html"))), "application/xml");
        using var temp = new TempDirectory();
        FaultyDirectory? disk = null;
        using var index = LuceneIndex.OpenFileSystem(Path.Combine(temp.Path, "index"), NullLogger<LuceneIndex>.Instance, null, false, null, null,
            directory => disk = new FaultyDirectory(directory));
        using var store = new HarvestStore(Path.Combine(temp.Path, "state"));
        using var services = Services();
        var runner = new HarvestRunner(services.GetRequiredService<IServiceScopeFactory>(), index, store,
            Taxonomy.Parse(File.ReadAllText(RepoFiles.PathOf("config", "taxonomy.json"))),
            Options.Create(new SearchOptions { CommitBatchSize = 2 }), TimeProvider.System, NullLogger<HarvestRunner>.Instance, []);
        var source = new SourceDefinition
        {
            Id = "oost", Name = "Netwerk oost", Kind = SourceKind.Sitemap, Url = site.Url("/sitemap.xml"), Schedule = "0 0 3 * * ?",
        };
        Assert.Equal(HarvestStatus.Succeeded, (await runner.RunAsync(source, CancellationToken.None))!.Status);
        var checkpoints = store.Documents("oost").ToDictionary(d => d.Url, d => d.ContentHash);

        pages.ForEach(i => site.SetHtml($"/p{i}.html", Page(i, "tweede versie")));
        disk!.DiskFull = true;
        var failed = (await runner.RunAsync(source, CancellationToken.None))!;

        Assert.Equal(HarvestStatus.Failed, failed.Status);
        Assert.Contains(FaultyDirectory.Message, failed.Error);
        Assert.Equal(IndexHealthStatus.Degraded, index.Health.Status);
        Assert.Equal(checkpoints, store.Documents("oost").ToDictionary(d => d.Url, d => d.ContentHash));
        Assert.All(index.GetIds("oost"), id => Assert.Contains("eerste versie", index.Get(id)!.Body));

        disk.DiskFull = false;
        var resumed = (await runner.RunAsync(source, CancellationToken.None))!;

        Assert.Equal(HarvestStatus.Succeeded, resumed.Status);
        Assert.Equal(6, resumed.Counts.Changed);
        Assert.Equal(IndexHealthStatus.Healthy, index.Health.Status);
        Assert.Equal(6, index.GetIds("oost").Count);
        Assert.All(index.GetIds("oost"), id => Assert.Contains("tweede versie", index.Get(id)!.Body));
    }

    [Fact]
    public async Task Should_end_the_run_as_failed_not_running_when_the_index_is_unavailable()
    {
        await using var site = await LoopbackSite.StartAsync();
        site.SetHtml("/p0.html", Page(0, "eerste versie"));
        site.SetText("/sitemap.xml", LoopbackSite.Sitemap([site.Url("/p0.html")]), "application/xml");
        using var temp = new TempDirectory();
        var root = Path.Combine(temp.Path, "index");
        using (var healthy = LuceneIndex.OpenFileSystem(root, NullLogger<LuceneIndex>.Instance))
        {
            await healthy.UpsertAsync([new Schema.IndexDocument { Id = "x", SourceId = "oost", SourceName = "Netwerk oost", Url = "https://oost.example/x", Title = "Convenant", Body = "Tekst.", Type = "convenant", Format = "html" }], CancellationToken.None);
            await healthy.CommitAsync(CancellationToken.None);
        }

        var segment = System.IO.Directory.GetFiles(root, "_*.cfs").Single();
        var bytes = await File.ReadAllBytesAsync(segment);
        bytes[bytes.Length / 2] ^= 0xff;
        await File.WriteAllBytesAsync(segment, bytes);
        using var index = LuceneIndex.OpenFileSystem(root, NullLogger<LuceneIndex>.Instance);
        using var store = new HarvestStore(Path.Combine(temp.Path, "state"));
        using var services = Services();
        var runner = new HarvestRunner(services.GetRequiredService<IServiceScopeFactory>(), index, store,
            Taxonomy.Parse(File.ReadAllText(RepoFiles.PathOf("config", "taxonomy.json"))),
            Options.Create(new SearchOptions()), TimeProvider.System, NullLogger<HarvestRunner>.Instance, []);
        var source = new SourceDefinition
        {
            Id = "oost", Name = "Netwerk oost", Kind = SourceKind.Sitemap, Url = site.Url("/sitemap.xml"), Schedule = "0 0 3 * * ?",
        };

        var run = (await runner.RunAsync(source, CancellationToken.None))!;

        Assert.Equal(IndexHealthStatus.Unavailable, index.Health.Status);
        Assert.Equal(HarvestStatus.Failed, run.Status);
        Assert.StartsWith("The index could not be prepared", run.Error);
        Assert.Equal(HarvestStatus.Failed, store.Last("oost")!.Status);
        Assert.Empty(store.Documents("oost"));
    }

    private static string Page(int i, string version) =>
        $"<html><head><title>Pagina {i}</title></head><body><main><h1>Pagina {i}</h1><p>Tekst over ondermijning, {version}.</p></main></body></html>";

    private static ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Search:Harvest:AllowPrivateNetworks"] = "true",
            ["Search:Harvest:MinDelayPerHost"] = "00:00:00",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddConnectors(configuration);
        return services.BuildServiceProvider();
    }
}
