using System.Collections.Concurrent;
using System.Diagnostics;
using Search.Bench.Querying;

namespace Search.Bench.Scenarios;

/// <summary>How one hostile request was answered: every status seen and the latencies (ms).</summary>
internal sealed record HostileResult(HostileQuery Query, IReadOnlyList<int> Statuses, IReadOnlyList<double> Milliseconds)
{
    public double Median => Milliseconds.Count == 0 ? double.NaN : Milliseconds.Order().ElementAt(Milliseconds.Count / 2);

    public double Max => Milliseconds.Count == 0 ? double.NaN : Milliseconds.Max();

    public string StatusText => string.Join(", ", Statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => g.Key == 0 ? $"no answer ×{g.Count()}" : $"{g.Key} ×{g.Count()}"));

    /// <summary>Refused (4xx), or answered, within <see cref="HostileScenario.TargetMilliseconds"/>, never with a 5xx or no answer.</summary>
    public bool MetTarget => Statuses.All(s => s is >= 200 and < 500) && Max <= HostileScenario.TargetMilliseconds;
}

internal sealed record HostileOutcome(
    IReadOnlyList<HostileResult> Probes, PhaseResult Alone, PhaseResult WithHostile, IReadOnlyList<HostileResult> DuringLoad, int HostileClients, int HostileRate)
{
    public double P95Ratio => WithHostile.Latency.P95 / Alone.Latency.P95;
}

/// <summary>
/// Normal queries' latency alone, then while 1–2 clients send the hostile requests of rows 38–42 at a fixed rate;
/// before that, each hostile request on its own against an otherwise idle service.
/// </summary>
internal static class HostileScenario
{
    public const double TargetMilliseconds = 50;
    public const double TargetRatio = 1.2;
    private const int ProbeRepeats = 3;

    public static async Task<HostileOutcome> RunAsync(ScenarioOptions options, HttpClient http, int servicePid, IReadOnlyList<string> queries, CancellationToken cancellationToken)
    {
        var hostile = HostileQueries.All();
        var probes = new List<HostileResult>();
        foreach (var query in hostile)
        {
            var statuses = new List<int>();
            var times = new List<double>();
            for (var i = 0; i < ProbeRepeats; i++)
            {
                var (status, ms) = await SendAsync(http, query, cancellationToken);
                statuses.Add(status);
                times.Add(ms);
            }

            var result = new HostileResult(query, statuses, times);
            probes.Add(result);
            Console.WriteLine($"  row {query.Row} {query.Name,-52} {result.StatusText,-12} median {result.Median,8:N1} ms  max {result.Max,8:N1} ms  {(result.MetTarget ? "ok" : "MISSED")}");
        }

        var alone = await PhaseLoad.RunAsync("normal alone", http, servicePid, options.Clients, options.Duration, queries, cancellationToken);
        Console.WriteLine("  " + PhaseLoad.Describe(alone));

        var seen = hostile.ToDictionary(q => q, _ => new ConcurrentQueue<(int Status, double Ms)>());
        using var stop = new CancellationTokenSource();
        var interval = TimeSpan.FromSeconds(options.HostileClients / (double)options.HostileRate);
        var attackers = Enumerable.Range(0, options.HostileClients).Select(c => Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            for (var i = c; !stop.IsCancellationRequested; i += options.HostileClients)
            {
                var query = hostile[i % hostile.Count];
                seen[query].Enqueue(await SendAsync(http, query, CancellationToken.None));
                try
                {
                    await timer.WaitForNextTickAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }, CancellationToken.None)).ToList();
        PhaseResult withHostile;
        try
        {
            withHostile = await PhaseLoad.RunAsync("normal + hostile", http, servicePid, options.Clients, options.Duration, queries, cancellationToken);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(attackers);
        }

        Console.WriteLine("  " + PhaseLoad.Describe(withHostile));
        var during = hostile.Select(q => new HostileResult(q, seen[q].Select(x => x.Status).ToList(), seen[q].Select(x => x.Ms).ToList())).ToList();
        return new HostileOutcome(probes, alone, withHostile, during, options.HostileClients, options.HostileRate);
    }

    /// <summary>Status (0 = no answer) and milliseconds until the whole answer was read.</summary>
    private static async Task<(int Status, double Ms)> SendAsync(HttpClient http, HostileQuery query, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.GetAsync(query.PathAndQuery, HttpCompletionOption.ResponseContentRead, cancellationToken);
            return ((int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return (0, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
