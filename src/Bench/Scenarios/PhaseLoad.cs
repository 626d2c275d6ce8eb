using System.Net;
using Search.Bench.Querying;

namespace Search.Bench.Scenarios;

/// <summary>Answers of one phase by kind: 200, 429 (refused by admission), other 4xx, 5xx, and transport errors (no answer).</summary>
internal sealed class StatusCounts
{
    private int _ok;
    private int _busy;
    private int _client;
    private int _server;
    private int _transport;
    private readonly List<string> _serverSamples = [];

    public int Ok => Volatile.Read(ref _ok);

    public int Busy => Volatile.Read(ref _busy);

    public int ClientErrors => Volatile.Read(ref _client);

    public int ServerErrors => Volatile.Read(ref _server);

    public int TransportErrors => Volatile.Read(ref _transport);

    public void Record(HttpStatusCode status)
    {
        switch ((int)status)
        {
            case 200:
                Interlocked.Increment(ref _ok);
                break;
            case 429:
                Interlocked.Increment(ref _busy);
                break;
            case >= 500:
                Interlocked.Increment(ref _server);
                break;
            default:
                Interlocked.Increment(ref _client);
                break;
        }
    }

    public void RecordTransportError() => Interlocked.Increment(ref _transport);

    /// <summary>Keeps the first few 5xx answers (status and the start of the body), so that a report says what failed.</summary>
    public void SampleServerError(HttpStatusCode status, string body)
    {
        lock (_serverSamples)
        {
            if (_serverSamples.Count < 3)
            {
                _serverSamples.Add($"{(int)status} {body[..Math.Min(body.Length, 300)]}");
            }
        }
    }

    public IReadOnlyList<string> ServerErrorSamples
    {
        get
        {
            lock (_serverSamples)
            {
                return [.. _serverSamples];
            }
        }
    }

    public override string ToString() => $"200: {Ok}, 429: {Busy}, other 4xx: {ClientErrors}, 5xx: {ServerErrors}, transport errors: {TransportErrors}";
}

/// <summary>A timed phase of closed-loop searches and what came back.</summary>
internal sealed record PhaseResult(string Name, LatencySummary Latency, StatusCounts Counts);

/// <summary>Closed-loop search clients over HTTP (<see cref="LoadDriver"/>) that also count every answer by status.</summary>
internal static class PhaseLoad
{
    public static HttpClient CreateClient(Uri baseUrl) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 1024,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = baseUrl,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static async Task<PhaseResult> RunAsync(
        string name, HttpClient http, int servicePid, int clients, TimeSpan duration, IReadOnlyList<string> queries, CancellationToken cancellationToken)
    {
        var counts = new StatusCounts();
        var meter = CpuMeter.Start(servicePid); // the service's CPU is ours, not other load
        var summary = await LoadDriver.RunAsync(clients, duration, queries, (query, token) => SendAsync(http, query, counts, token), cancellationToken);
        return new PhaseResult(name, summary with { ForeignCores = meter.ForeignCores() }, counts);
    }

    private static async Task<bool> SendAsync(HttpClient http, string query, StatusCounts counts, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"api/v1/search?q={Uri.EscapeDataString(query)}&pageSize=10", HttpCompletionOption.ResponseContentRead, cancellationToken);
            counts.Record(response.StatusCode);
            if ((int)response.StatusCode >= 500)
            {
                counts.SampleServerError(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
            }

            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            counts.RecordTransportError();
            return false;
        }
    }

    public static string Describe(PhaseResult r) =>
        $"{r.Name,-22} {r.Latency.Clients,3} clients: {r.Latency.Throughput,7:N0} q/s  p50 {r.Latency.P50,8:N1}  p95 {r.Latency.P95,8:N1}  p99 {r.Latency.P99,8:N1} ms  {r.Counts}  other load {r.Latency.ForeignCores:0.0} cores"
        + string.Concat(r.Counts.ServerErrorSamples.Select(sample => Environment.NewLine + "    5xx answer: " + sample));
}
