using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Search.TestKit;
using Search.TestKit.Quality;

namespace Search.Cli.Eval;

/// <summary>
/// Measures search quality end to end: serves a judged corpus from a loopback site with a sitemap, starts the
/// real SearchApi as a child process with a sitemap source for it, waits for the harvest, runs every judged query
/// over HTTP and prints nDCG@10, MRR and recall@10 per query and per kind.
/// </summary>
public static class EvalCommand
{
    private const int K = 10;

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var corpus = Option(args, "--corpus") ?? FindUpward(Path.Combine("..", "shared", "data", "sample-corpus"));
        if (corpus is null || !File.Exists(Path.Combine(corpus, "queries.tsv")))
        {
            Console.Error.WriteLine("eval: no corpus with queries.tsv found; pass --corpus <dir> (e.g. ../shared/data/sample-corpus).");
            return 2;
        }

        var queries = JudgedQuery.ParseTsv(await File.ReadAllTextAsync(Path.Combine(corpus, "queries.tsv"), cancellationToken));
        using var work = new TempDirectory();
        await using var site = await LoopbackSite.StartAsync(cancellationToken);
        var served = ServeCorpus(site, corpus);
        Console.WriteLine($"Serving {served} documents of {Path.GetFullPath(corpus)} at {site.BaseUrl}");

        var sources = Path.Combine(work.Path, "sources");
        Directory.CreateDirectory(sources);
        await File.WriteAllTextAsync(Path.Combine(sources, "corpus.json"), JsonSerializer.Serialize(new
        {
            id = "corpus",
            name = "Evaluatiecorpus",
            kind = "sitemap",
            url = new Uri(site.BaseUrl, "sitemap.xml").AbsoluteUri,
            schedule = "0 0 3 * * ?",
            visibility = "public",
        }), cancellationToken);

        var port = FreePort();
        var serviceUrl = new Uri($"http://127.0.0.1:{port}/");
        var stopwatch = Stopwatch.StartNew();
        var settings = args.Where(a => a.StartsWith("--Search:", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)).ToArray();
        using var service = StartService(serviceUrl, work.Path, sources, Path.Combine(work.Path, "service.log"), settings);
        try
        {
            using var http = new HttpClient { BaseAddress = serviceUrl, Timeout = TimeSpan.FromSeconds(30) };
            var harvest = await WaitForHarvestAsync(http, service, TimeSpan.FromMinutes(5), cancellationToken);
            var harvestWall = stopwatch.Elapsed;
            Console.WriteLine(
                $"Harvest: status {harvest["status"]}, new {harvest["counts"]!["new"]}, failed {harvest["counts"]!["failed"]}, " +
                $"run {Duration(harvest):0.00} s (service start to harvested: {harvestWall.TotalSeconds:0.00} s)");

            var rows = new List<(JudgedQuery Query, double Ndcg, double Rr, double Recall, string Top)>();
            foreach (var query in queries)
            {
                var response = JsonNode.Parse(await http.GetStringAsync($"api/v1/search?pageSize={K}&q={Uri.EscapeDataString(query.Query)}", cancellationToken))!;
                var ranked = response["hits"]!.AsArray().Select(h => PathOf(site.BaseUrl, h!["url"]!.GetValue<string>())).ToList();
                rows.Add((query, RankingMetrics.NdcgAt(K, ranked, query.Judgments), RankingMetrics.ReciprocalRank(K, ranked, query.Judgments),
                    RankingMetrics.RecallAt(K, ranked, query.Judgments), ranked.FirstOrDefault() ?? "-"));
            }

            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"{"qid",-4} {"kind",-10} {"nDCG@10",7} {"RR",5} {"R@10",5}  query → top hit");
            foreach (var row in rows)
            {
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"{row.Query.Id,-4} {row.Query.Kind,-10} {row.Ndcg,7:0.000} {row.Rr,5:0.00} {row.Recall,5:0.00}  {row.Query.Query} → {row.Top}");
            }

            foreach (var group in rows.GroupBy(r => r.Query.Kind).Concat(rows.GroupBy(_ => "all")))
            {
                report.AppendLine(CultureInfo.InvariantCulture,
                    $"{group.Key,-10} n={group.Count(),2}  nDCG@10 {group.Average(r => r.Ndcg):0.000}  MRR@10 {group.Average(r => r.Rr):0.000}  recall@10 {group.Average(r => r.Recall):0.000}");
            }

            report.AppendLine("Worst queries (lowest nDCG@10 first):");
            foreach (var row in rows.OrderBy(r => r.Ndcg).ThenBy(r => r.Query.Id, StringComparer.Ordinal).Take(5))
            {
                var missed = row.Query.Judgments.Where(j => j.Value == 2).Select(j => j.Key).FirstOrDefault() ?? "-";
                report.AppendLine(CultureInfo.InvariantCulture, $"  {row.Query.Id} {row.Ndcg:0.000}  {row.Query.Query}  (expected e.g. {missed}; got {row.Top})");
            }

            Console.Write(report);
            if (Option(args, "--out") is { } output)
            {
                await File.WriteAllTextAsync(output, report.ToString(), cancellationToken);
            }

            return 0;
        }
        finally
        {
            if (!service.HasExited)
            {
                service.Kill(entireProcessTree: true);
                await service.WaitForExitAsync(CancellationToken.None);
            }
        }
    }

    private static int ServeCorpus(LoopbackSite site, string corpus)
    {
        var urls = new List<Uri>();
        foreach (var file in Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(corpus, file).Replace(Path.DirectorySeparatorChar, '/');
            var type = Path.GetExtension(file) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".pdf" => "application/pdf",
                _ => null,
            };
            if (type is null)
            {
                continue;
            }

            var path = "/" + string.Join('/', relative.Split('/').Select(Uri.EscapeDataString));
            site.Set(path, File.ReadAllBytes(file), type);
            urls.Add(site.Url(path));
        }

        site.SetText("/sitemap.xml", LoopbackSite.Sitemap(urls), "application/xml");
        return urls.Count;
    }

    private static Process StartService(Uri url, string dataRoot, string sources, string logFile, string[] settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Search.SearchApi.dll");
        var taxonomy = FindUpward(Path.Combine("config", "taxonomy.json"))
            ?? throw new InvalidOperationException("config/taxonomy.json not found above the current directory.");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     dll, "--urls", url.AbsoluteUri.TrimEnd('/'),
                     $"--Search:DataDirectory={Path.Combine(dataRoot, "data")}",
                     $"--Search:SourcesDirectory={sources}",
                     $"--Search:TaxonomyFile={Path.GetFullPath(taxonomy)}",
                     "--Search:Harvest:AllowPrivateNetworks=true",
                     "--Search:Harvest:MinDelayPerHost=00:00:00",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the search service.");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.WriteLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<JsonNode> WaitForHarvestAsync(HttpClient http, Process service, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            if (service.HasExited)
            {
                throw new InvalidOperationException($"The search service exited with code {service.ExitCode}.");
            }

            try
            {
                var sources = JsonNode.Parse(await http.GetStringAsync("api/v1/sources", deadline.Token))!.AsArray();
                if (sources.FirstOrDefault()?["lastHarvest"] is { } last && last["status"]!.GetValue<string>() != "running")
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    private static double Duration(JsonNode harvest) =>
        (DateTimeOffset.Parse(harvest["finishedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture)
         - DateTimeOffset.Parse(harvest["startedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture)).TotalSeconds;

    private static string PathOf(Uri siteBase, string url)
    {
        var uri = new Uri(url);
        return uri.Authority == siteBase.Authority ? Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) : url;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static string? FindUpward(string relative)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }
}
