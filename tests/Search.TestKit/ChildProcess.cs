using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Search.TestKit;

/// <summary>
/// A child process whose stdout is read line by line (in order, also the lines still in the pipe after it died) and
/// whose stderr is collected. <see cref="KillHard"/> sends SIGKILL: no finaliser, no <c>Dispose</c>, no flush runs.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly StringBuilder _errors = new();
    private readonly Task _pump;
    private readonly Task _errorPump;

    private ChildProcess(Process process)
    {
        _process = process;
        _pump = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                _lines.Writer.TryWrite(line);
            }

            _lines.Writer.TryComplete();
        });
        _errorPump = Task.Run(async () =>
        {
            var text = await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
            lock (_errors)
            {
                _errors.Append(text);
            }
        });
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the child wrote to stderr (complete once it has exited and <see cref="WaitForExitAsync"/> returned).</summary>
    public string StandardError
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Runs a .NET application: <c>dotnet &lt;assembly&gt; …</c>.</summary>
    public static ChildProcess StartDotnet(string assemblyPath, IEnumerable<string> arguments, string? workingDirectory = null) =>
        Start("dotnet", [assemblyPath, .. arguments], workingDirectory);

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new ChildProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}."));
    }

    /// <summary>The next stdout line, or null when stdout has closed (the child exited or was killed).</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (await _lines.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_lines.Reader.TryRead(out var line))
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>Reads stdout until a line matches; null when stdout closed first.</summary>
    public async Task<string?> WaitForLineAsync(Func<string, bool> match, Action<string>? seen, CancellationToken cancellationToken)
    {
        while (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            seen?.Invoke(line);
            if (match(line))
            {
                return line;
            }
        }

        return null;
    }

    /// <summary>SIGKILL the child (and anything it started), and wait until it is gone.</summary>
    public async Task KillHardAsync()
    {
        KillHard();
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public void KillHard()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>Every stdout line not read yet, up to the end of the stream.</summary>
    public async Task<IReadOnlyList<string>> ReadRemainingLinesAsync(CancellationToken cancellationToken)
    {
        var rest = new List<string>();
        while (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            rest.Add(line);
        }

        return rest;
    }

    public async Task WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(_pump, _errorPump).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            KillHard();
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await Task.WhenAll(_pump, _errorPump).ConfigureAwait(false);
        _process.Dispose();
    }
}
