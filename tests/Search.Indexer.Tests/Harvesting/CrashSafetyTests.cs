using System.Diagnostics;
using System.Text.Json;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Harvesting;
using Search.Indexer.Writing;
using Search.TestKit;

namespace Search.Indexer.Tests.Harvesting;

/// <summary>
/// Runs the real harvest (the CLI, out of process) and kills it with SIGKILL at random moments: the index must
/// stay consistent (CheckIndex clean), every document state recorded as a checkpoint must be in the index, and
/// the next run must complete the work.
/// </summary>
public sealed class CrashSafetyTests
{
    private const int Pages = 300;
    private const int Kills = 4;

    [Fact]
    public async Task Should_leave_a_consistent_index_after_kill_9_and_complete_on_the_next_run()
    {
        await using var site = await LoopbackSite.StartAsync();
        var urls = Enumerable.Range(0, Pages).Select(i =>
        {
            site.SetHtml($"/p{i}.html", Page(i));
            return site.Url($"/p{i}.html");
        }).ToList();
        site.SetText("/sitemap.xml", LoopbackSite.Sitemap(urls), "application/xml");
        using var temp = new TempDirectory();
        var sources = Path.Combine(temp.Path, "sources");
        var data = Path.Combine(temp.Path, "data");
        System.IO.Directory.CreateDirectory(sources);
        File.WriteAllText(Path.Combine(sources, "groot.json"), JsonSerializer.Serialize(new
        {
            id = "groot", name = "Groot", kind = "sitemap", url = site.Url("/sitemap.xml").AbsoluteUri, schedule = "0 0 3 * * ?",
        }));

        var random = new Random(20261129);
        for (var kill = 0; kill < Kills; kill++)
        {
            // The next page hangs until the harvest dies, so the kill always lands mid-run, after `killAfter` documents.
            var killAfter = random.Next(5, Pages - 5);
            site.SetHandler($"/p{killAfter}.html", context => Task.Delay(Timeout.Infinite, context.RequestAborted));
            var (exited, _) = await RunHarvestAsync(data, sources, killAfterDocuments: killAfter);
            site.Remove($"/p{killAfter}.html");
            site.SetHtml($"/p{killAfter}.html", Page(killAfter));
            Assert.False(exited, $"the harvest finished before document {killAfter}");
            AssertConsistent(data);
        }

        var (completed, output) = await RunHarvestAsync(data, sources, killAfterDocuments: null);

        Assert.True(completed, output);
        Assert.Contains("succeeded", output);
        AssertConsistent(data);
        using var index = LuceneIndex.OpenFileSystem(Path.Combine(data, "index"), NullLogger<LuceneIndex>.Instance);
        Assert.Equal(Pages, index.GetIds("groot").Count);
        using var store = new HarvestStore(Path.Combine(data, "state"));
        Assert.Equal(HarvestStatus.Succeeded, store.Last("groot")!.Status);
        Assert.Equal(Kills, store.History("groot").Count(r => r.Status == HarvestStatus.Cancelled && r.Error!.Contains("Interrupted", StringComparison.Ordinal)));
    }

    private static string Page(int i) =>
        $"<html><head><title>Pagina {i}</title></head><body><main><h1>Pagina {i}</h1><p>Tekst over ondermijning nummer {i}.</p></main></body></html>";

    /// <summary>The index passes CheckIndex, and every checkpointed document state refers to a document in the index.</summary>
    private static void AssertConsistent(string data)
    {
        using (var directory = new NIOFSDirectory(new DirectoryInfo(Path.Combine(data, "index"))))
        {
            var status = new CheckIndex(directory).DoCheckIndex();
            Assert.True(status.Clean, "CheckIndex found problems");
        }

        using var index = LuceneIndex.OpenFileSystem(Path.Combine(data, "index"), NullLogger<LuceneIndex>.Instance);
        using var store = new HarvestStore(Path.Combine(data, "state"));
        var ids = index.GetIds("groot");
        Assert.All(store.Documents("groot"), state => Assert.Contains(state.DocumentId, ids));
    }

    private static async Task<(bool Exited, string Output)> RunHarvestAsync(string data, string sources, int? killAfterDocuments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "Search.Cli.dll"), "harvest", "--source", "groot", "--data", data, "--sources", sources,
                     "--allow-private-networks", "--Search:CommitBatchSize=20", "--Search:Harvest:MinDelayPerHost=00:00:00",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        deadline.Token.Register(() => process.Kill(entireProcessTree: true));
        while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
        {
            output.AppendLine(line);
            if (killAfterDocuments is { } after && line.StartsWith($"progress discovered={after} ", StringComparison.Ordinal))
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(deadline.Token);
                return (false, output.ToString());
            }
        }

        await process.WaitForExitAsync(CancellationToken.None);
        Assert.False(deadline.IsCancellationRequested, "The harvest did not finish within 60 s. Output:\n" + output + await errors);
        return (process.ExitCode == 0, output + await errors);
    }
}
