using System.Diagnostics;

namespace Search.Bench.Querying;

/// <summary>Latency percentiles (milliseconds) and throughput of one load point.</summary>
internal sealed record LatencySummary(int Clients, int Requests, int Errors, TimeSpan Elapsed, double P50, double P95, double P99, double Max)
{
    public double Throughput => Requests / Elapsed.TotalSeconds;

    /// <summary>Cores used by other processes meanwhile (see <see cref="CpuMeter"/>).</summary>
    public double ForeignCores { get; init; } = double.NaN;

    public static LatencySummary From(int clients, IEnumerable<List<double>> perClient, int errors, TimeSpan elapsed)
    {
        var all = perClient.SelectMany(l => l).Order().ToArray();
        double At(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
        return new LatencySummary(clients, all.Length, errors, elapsed, At(0.50), At(0.95), At(0.99), all.Length == 0 ? double.NaN : all[^1]);
    }
}

/// <summary>
/// Closed-loop load: each client sends its next query as soon as the previous answer is in, cycling through the query
/// set from its own offset, until the duration is up (or a request cap is reached).
/// </summary>
internal static class LoadDriver
{
    /// <summary>A bound on requests per client, whatever the duration.</summary>
    private const int MaxRequestsPerClient = 5_000_000;

    /// <summary>In-process work: one dedicated thread per client.</summary>
    public static LatencySummary RunThreads(int clients, TimeSpan duration, IReadOnlyList<string> queries, Func<Func<string, bool>> createClient)
    {
        var latencies = Enumerable.Range(0, clients).Select(_ => new List<double>(1 << 16)).ToArray();
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, clients).Select(c => new Thread(() =>
        {
            var client = createClient();
            var own = latencies[c];
            for (var i = 0; i < MaxRequestsPerClient && clock.Elapsed < duration; i++)
            {
                var query = queries[(c * 37 + i) % queries.Count];
                var started = Stopwatch.GetTimestamp();
                var ok = client(query);
                own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }) { IsBackground = true, Name = $"bench-client-{c}" }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return LatencySummary.From(clients, latencies, errors, clock.Elapsed);
    }

    /// <summary>Asynchronous work (HTTP): one loop per client.</summary>
    public static async Task<LatencySummary> RunAsync(
        int clients, TimeSpan duration, IReadOnlyList<string> queries, Func<string, CancellationToken, Task<bool>> send, CancellationToken cancellationToken)
    {
        var latencies = Enumerable.Range(0, clients).Select(_ => new List<double>(1 << 16)).ToArray();
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var own = latencies[c];
            for (var i = 0; i < MaxRequestsPerClient && clock.Elapsed < duration && !cancellationToken.IsCancellationRequested; i++)
            {
                var query = queries[(c * 37 + i) % queries.Count];
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await send(query, cancellationToken);
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }

                own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!ok)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }, cancellationToken)));
        return LatencySummary.From(clients, latencies, errors, clock.Elapsed);
    }
}
