using System.Collections.Concurrent;

namespace Search.Connectors.Http;

/// <summary>
/// The robots.txt policies of one harvest run (a scoped service: each run reads a host's robots.txt once,
/// and a host that was unreachable is retried by the next run, not later in this one).
/// </summary>
public sealed class RobotsCache
{
    private readonly ConcurrentDictionary<string, Lazy<Task<RobotsPolicy>>> _policies = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The policy for the URL's origin, reading it with <paramref name="read"/> the first time.</summary>
    public async Task<RobotsPolicy> GetAsync(Uri url, Func<Uri, CancellationToken, Task<RobotsPolicy>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(read);
        var origin = new Uri(url.GetLeftPart(UriPartial.Authority) + "/");
        var key = origin.AbsoluteUri;
        var entry = _policies.GetOrAdd(key, _ => new Lazy<Task<RobotsPolicy>>(() => read(origin, cancellationToken)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A cancelled read decides nothing: the next caller reads again.
            _policies.TryRemove(new KeyValuePair<string, Lazy<Task<RobotsPolicy>>>(key, entry));
            throw;
        }
    }
}
