namespace Search.SearchApi.Partners;

/// <summary>The outcome of <see cref="FixedWindowRateLimiter.TryAcquire"/>: allowed, or refused until <paramref name="RetryAfter"/> has passed.</summary>
public readonly record struct RateDecision(bool Allowed, TimeSpan RetryAfter)
{
    /// <summary>Whole seconds for a <c>Retry-After</c> header (at least 1).</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
}

/// <summary>
/// Counts requests per bucket (a partner key, a client IP) in one-minute windows that start at a bucket's first
/// request. Time comes from <see cref="TimeProvider"/>, so tests advance a fake clock instead of sleeping.
/// </summary>
public sealed class FixedWindowRateLimiter(TimeProvider time)
{
    /// <summary>Above this many buckets, expired windows are dropped so one-off client IPs cannot grow memory without bound.</summary>
    public const int PruneAbove = 10_000;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, (DateTimeOffset Start, int Count)> _windows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public RateDecision TryAcquire(string bucket, int limitPerWindow)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_windows.TryGetValue(bucket, out var window) || now - window.Start >= Window)
            {
                if (_windows.Count >= PruneAbove)
                {
                    Prune(now);
                }

                window = (now, 0);
            }

            if (window.Count >= limitPerWindow)
            {
                return new RateDecision(false, window.Start + Window - now);
            }

            _windows[bucket] = (window.Start, window.Count + 1);
            return new RateDecision(true, TimeSpan.Zero);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var expired in _windows.Where(w => now - w.Value.Start >= Window).Select(w => w.Key).ToList())
        {
            _windows.Remove(expired);
        }
    }
}
