using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Writing;
using Search.TestKit;

namespace Search.Indexer.Tests.Writing;

/// <summary>
/// Reliability row 32: a second live writer fails fast with a clear message, also from another process; lock files
/// left behind by a crash do not block the next start (native OS locks die with their process).
/// </summary>
public sealed class IndexLockTests
{
    [Fact]
    public async Task Should_open_although_a_crash_left_lock_files_behind()
    {
        using var temp = new TempDirectory();
        await IndexIntegrityTests.CreateAsync(temp.Path, ("a", "b"));
        File.WriteAllText(Path.Combine(temp.Path, "write.lock"), "left by a killed process");
        File.WriteAllText(Path.Combine(temp.Path, FileSystemIndexStorage.OwnerLockFile), "left by a killed process");

        using var index = LuceneIndex.OpenFileSystem(temp.Path, NullLogger<LuceneIndex>.Instance);

        Assert.Equal(IndexHealthStatus.Healthy, index.Health.Status);
        Assert.NotNull(index.Get("a"));
    }

    [Fact]
    public async Task Should_fail_fast_while_another_process_owns_the_index_and_open_once_that_process_was_killed()
    {
        await using var site = await LoopbackSite.StartAsync();
        site.SetHtml("/p0.html", "<html><head><title>Pagina 0</title></head><body><main><p>Tekst over ondermijning.</p></main></body></html>");
        site.SetHandler("/p1.html", context => Task.Delay(Timeout.Infinite, context.RequestAborted));
        site.SetText("/sitemap.xml", LoopbackSite.Sitemap([site.Url("/p0.html"), site.Url("/p1.html")]), "application/xml");
        using var temp = new TempDirectory();
        var sources = Path.Combine(temp.Path, "sources");
        var data = Path.Combine(temp.Path, "data");
        Directory.CreateDirectory(sources);
        File.WriteAllText(Path.Combine(sources, "klein.json"), JsonSerializer.Serialize(new
        {
            id = "klein", name = "Klein", kind = "sitemap", url = site.Url("/sitemap.xml").AbsoluteUri, schedule = "0 0 3 * * ?",
        }));

        // The harvest CLI holds the index (writer open) while it waits for the page that never answers.
        using var harvest = StartHarvest(data, sources);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var holding = false;
        while (!holding && await harvest.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            holding = line.StartsWith("progress discovered=1 ", StringComparison.Ordinal);
        }

        Assert.True(holding, "the harvest ended before it held the index");

        var locked = Assert.Throws<InvalidOperationException>(() => LuceneIndex.OpenFileSystem(Path.Combine(data, "index"), NullLogger<LuceneIndex>.Instance));
        harvest.Kill(entireProcessTree: true);
        await harvest.WaitForExitAsync(deadline.Token);

        Assert.Contains("locked by another writer", locked.Message);
        Assert.True(File.Exists(Path.Combine(data, "index", FileSystemIndexStorage.OwnerLockFile)));
        using var index = LuceneIndex.OpenFileSystem(Path.Combine(data, "index"), NullLogger<LuceneIndex>.Instance);
        Assert.Equal(IndexHealthStatus.Healthy, index.Health.Status);
    }

    private static Process StartHarvest(string data, string sources)
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
                     Path.Combine(AppContext.BaseDirectory, "Search.Cli.dll"), "harvest", "--source", "klein", "--data", data, "--sources", sources,
                     "--allow-private-networks", "--Search:CommitBatchSize=1", "--Search:Harvest:MinDelayPerHost=00:00:00",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }
}
