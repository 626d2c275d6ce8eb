using System.Collections.Concurrent;

namespace Search.Connectors.Http;

/// <summary>
/// Per-host politeness shared by every run (a singleton): at most one request in flight per host (host and port),
/// and a gap between the end of one request and the start of the next.
/// </summary>
public sealed class HostGate(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The key requests are serialised on: host and port (two sources on one server share it).</summary>
    public static string KeyOf(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return $"{url.IdnHost}:{url.Port}";
    }

    /// <summary>
    /// Waits until no other request to the host is in flight and the gap asked for by the previous one has passed.
    /// Disposing the lease ends the request; the next may start <paramref name="gapAfter"/> later.
    /// </summary>
    public async Task<IDisposable> EnterAsync(string host, TimeSpan gapAfter, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(host, _ => new Slot());
        await slot.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Timers may round down: wait again until the gap has really passed (never faster than asked).
            while (slot.NotBefore is { } notBefore && time.GetElapsedTime(time.GetTimestamp(), notBefore) is var wait && wait > TimeSpan.Zero)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            slot.Lock.Release();
            throw;
        }

        return new Lease(slot, time, gapAfter);
    }

    private sealed class Slot
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        /// <summary>Timestamp (of the <see cref="TimeProvider"/>) before which the next request may not start.</summary>
        public long? NotBefore { get; set; }
    }

    private sealed class Lease(Slot slot, TimeProvider time, TimeSpan gapAfter) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slot.NotBefore = time.GetTimestamp() + (long)(gapAfter.TotalSeconds * time.TimestampFrequency);
                slot.Lock.Release();
            }
        }
    }
}
