using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Search.Bench.Querying;

/// <summary>Where the service finds its index and configuration; <paramref name="ExtraArguments"/> are further <c>--Key=value</c> settings.</summary>
internal sealed record ServiceSettings(string RepositoryRoot, string DataDirectory, string SourcesDirectory, string LogFile, IReadOnlyList<string>? ExtraArguments = null);

/// <summary>
/// The real SearchApi as a child process (<c>dotnet Search.SearchApi.dll</c>) on a free loopback port, started in the
/// repository root as <c>dotnet run --project src/SearchApi</c> would be, over an existing data directory.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ServiceLog _log;

    private ServiceProcess(Process process, ServiceLog log, Uri baseUrl, Stopwatch sinceStart)
    {
        _process = process;
        _log = log;
        BaseUrl = baseUrl;
        SinceStart = sinceStart;
    }

    public Uri BaseUrl { get; }

    /// <summary>Started just before the process was.</summary>
    public Stopwatch SinceStart { get; }

    public int ProcessId => _process.Id;

    public static ServiceProcess Start(ServiceSettings settings)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort().ToString(CultureInfo.InvariantCulture)}/");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = settings.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "Search.SearchApi.dll"),
                     "--urls", url.AbsoluteUri.TrimEnd('/'),
                     $"--Search:DataDirectory={settings.DataDirectory}",
                     $"--Search:SourcesDirectory={settings.SourcesDirectory}",
                     $"--Search:TaxonomyFile={Path.Combine(settings.RepositoryRoot, "config", "taxonomy.json")}",
                     $"--Search:AnalysisDirectory={Path.Combine(settings.RepositoryRoot, "config", "analysis")}",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var arg in settings.ExtraArguments ?? [])
        {
            start.ArgumentList.Add(arg);
        }

        var log = new ServiceLog(settings.LogFile);
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the search service.");
        process.OutputDataReceived += (_, e) => log.Write(e.Data);
        process.ErrorDataReceived += (_, e) => log.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(process, log, url, clock);
    }

    /// <summary>Polls a search until it answers 200; returns the time since the process was started.</summary>
    public async Task<TimeSpan> WaitForFirstAnswerAsync(HttpClient http, string query, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var uri = SearchUri(query);
        while (SinceStart.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The search service exited with code {_process.ExitCode}; see its log.");
            }

            try
            {
                using var response = await http.GetAsync(uri, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return SinceStart.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(5, cancellationToken);
        }

        throw new TimeoutException($"The search service did not answer a search within {timeout}.");
    }

    public Uri SearchUri(string query) => new(BaseUrl, $"api/v1/search?q={Uri.EscapeDataString(query)}&pageSize=10");

    /// <summary>Peak resident set size (VmHWM), in bytes.</summary>
    public long PeakResidentBytes() => StatusKilobytes("VmHWM:") * 1024;

    public long ResidentBytes() => StatusKilobytes("VmRSS:") * 1024;

    /// <summary>Asks the service to stop (SIGTERM, so that it closes its index writer), then kills it after 20 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            {
                await term!.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        _process.Dispose();
        _log.Dispose();
    }

    private long StatusKilobytes(string key)
    {
        var line = File.ReadLines($"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }


    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The child's stdout and stderr, in one file; lines that arrive after closing are dropped.</summary>
    private sealed class ServiceLog(string path) : IDisposable
    {
        private readonly StreamWriter _writer = new(path) { AutoFlush = true };
        private bool _closed;

        public void Write(string? line)
        {
            lock (_writer)
            {
                if (line is not null && !_closed)
                {
                    _writer.WriteLine(line);
                }
            }
        }

        public void Dispose()
        {
            lock (_writer)
            {
                _closed = true;
                _writer.Dispose();
            }
        }
    }
}
