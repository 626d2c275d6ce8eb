using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Cli.Faults;
using Search.Indexer.Harvesting;
using Search.Indexer.Writing;
using Search.TestKit;

namespace Search.Indexer.Tests.Harvesting;

/// <summary>
/// A loopback website of numbered pages listed in a sitemap, a source file for it (<c>groot</c>) and a data folder,
/// harvested by the real CLI in a child process that tests can kill.
/// </summary>
internal sealed class CrashSafetySite : IAsyncDisposable
{
    public const string SourceId = "groot";

    private readonly TempDirectory _temp = new();

    private CrashSafetySite(LoopbackSite site, int pages)
    {
        Site = site;
        Pages = pages;
        System.IO.Directory.CreateDirectory(SourcesDirectory);
        var urls = Enumerable.Range(0, pages).Select(i =>
        {
            site.SetHtml($"/p{i}.html", Page(i));
            return site.Url($"/p{i}.html");
        }).ToList();
        site.SetText("/sitemap.xml", LoopbackSite.Sitemap(urls), "application/xml");
        File.WriteAllText(Path.Combine(SourcesDirectory, SourceId + ".json"), JsonSerializer.Serialize(new
        {
            id = SourceId, name = "Groot", kind = "sitemap", url = site.Url("/sitemap.xml").AbsoluteUri, schedule = "0 0 3 * * ?",
        }));
    }

    public LoopbackSite Site { get; }

    public int Pages { get; }

    public string DataDirectory => Path.Combine(_temp.Path, "data");

    public string SourcesDirectory => Path.Combine(_temp.Path, "sources");

    public string IndexDirectory => Path.Combine(DataDirectory, "index");

    public static async Task<CrashSafetySite> StartAsync(int pages) => new(await LoopbackSite.StartAsync(), pages);

    public static string Page(int i) =>
        $"<html><head><title>Pagina {i}</title></head><body><main><h1>Pagina {i}</h1><p>Tekst over ondermijning nummer {i}.</p></main></body></html>";

    /// <summary>Page <paramref name="i"/> answers only when the client gives up: a harvest reaching it stays there until killed.</summary>
    public void Hang(int i) => Site.SetHandler($"/p{i}.html", context => Task.Delay(Timeout.Infinite, context.RequestAborted));

    public void Restore(int i)
    {
        Site.Remove($"/p{i}.html");
        Site.SetHtml($"/p{i}.html", Page(i));
    }

    /// <summary>
    /// Runs <c>harvest --source groot</c>; with <paramref name="killAfterDocuments"/> it is killed with SIGKILL as soon as
    /// it reports that many documents. Returns whether it exited by itself with code 0, and its output.
    /// </summary>
    public async Task<(bool Completed, string Output)> RunHarvestAsync(int? killAfterDocuments)
    {
        await using var child = CliProcess.Start(
        [
            "harvest", "--source", SourceId, "--data", DataDirectory, "--sources", SourcesDirectory,
            "--allow-private-networks", "--Search:CommitBatchSize=20", "--Search:Harvest:MinDelayPerHost=00:00:00",
        ]);
        var output = new StringBuilder();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            if (killAfterDocuments is { } after)
            {
                var reached = await child.WaitForLineAsync(
                    line => line.StartsWith($"progress discovered={after} ", StringComparison.Ordinal), line => output.AppendLine(line), deadline.Token);
                if (reached is not null)
                {
                    await child.KillHardAsync();
                    return (false, output.ToString());
                }
            }
            else
            {
                await child.WaitForLineAsync(_ => false, line => output.AppendLine(line), deadline.Token);
            }

            await child.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("The harvest did not finish within 60 s. Output:\n" + output + child.StandardError);
        }

        return (child.ExitCode == 0, output + child.StandardError);
    }

    /// <summary>The index passes CheckIndex, and every checkpointed document state refers to a document in the index.</summary>
    public IndexInspection AssertConsistent()
    {
        var inspection = IndexInspection.Of(IndexDirectory);
        Assert.True(inspection.Clean, "CheckIndex: " + inspection.Problem);
        using var store = new HarvestStore(Path.Combine(DataDirectory, "state"));
        Assert.All(store.Documents(SourceId), state => Assert.Contains(state.DocumentId, inspection.Ids));
        return inspection;
    }

    public IReadOnlySet<string> IndexedIds()
    {
        using var index = LuceneIndex.OpenFileSystem(IndexDirectory, NullLogger<LuceneIndex>.Instance);
        return index.GetIds(SourceId);
    }

    public async ValueTask DisposeAsync()
    {
        await Site.DisposeAsync();
        _temp.Dispose();
    }
}
