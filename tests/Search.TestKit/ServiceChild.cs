using System.Collections.Concurrent;

namespace Search.TestKit;

/// <summary>
/// An ASP.NET Core application as a child process on <c>http://127.0.0.1:0</c>: started with <c>--urls</c>, its real
/// port read from the "Now listening on:" line it logs. Every stdout line is kept in <see cref="Log"/>.
/// </summary>
public sealed class ServiceChild : IAsyncDisposable
{
    private const string ListeningPrefix = "Now listening on: ";

    private readonly ChildProcess _process;
    private readonly Task _pump;

    private ServiceChild(ChildProcess process, Uri baseUrl, ConcurrentQueue<string> log, Task pump)
    {
        _process = process;
        BaseUrl = baseUrl;
        Log = log;
        _pump = pump;
    }

    public Uri BaseUrl { get; }

    public ConcurrentQueue<string> Log { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet &lt;assembly&gt; --urls http://127.0.0.1:0 …</c> and waits until it listens.</summary>
    public static async Task<ServiceChild> StartAsync(string assemblyPath, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var process = ChildProcess.StartDotnet(assemblyPath, ["--urls", "http://127.0.0.1:0", .. arguments], workingDirectory);
        var log = new ConcurrentQueue<string>();
        using var deadline = new CancellationTokenSource(timeout);
        string? listening;
        try
        {
            listening = await process.WaitForLineAsync(l => l.Contains(ListeningPrefix, StringComparison.Ordinal), log.Enqueue, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            listening = null;
        }

        if (listening is null)
        {
            await process.DisposeAsync();
            throw new InvalidOperationException(
                $"{Path.GetFileName(assemblyPath)} did not report a listening address within {timeout}. Output:\n{string.Join('\n', log)}\n{process.StandardError}");
        }

        var url = new Uri(listening[(listening.IndexOf(ListeningPrefix, StringComparison.Ordinal) + ListeningPrefix.Length)..].Trim().TrimEnd('/') + "/");
        var pump = Task.Run(async () =>
        {
            while (await process.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
            {
                log.Enqueue(line);
            }
        });
        return new ServiceChild(process, url, log, pump);
    }

    /// <summary>SIGKILL: no shutdown hooks run, the index writer is not closed, a running harvest stays "running" on disk.</summary>
    public async Task KillHardAsync()
    {
        await _process.KillHardAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
    }
}
