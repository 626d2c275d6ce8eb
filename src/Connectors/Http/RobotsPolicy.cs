using Search.Connectors.Abstractions;

namespace Search.Connectors.Http;

/// <summary>What one run may do on one host, decided from its robots.txt (RFC 9309 §2.3.1).</summary>
public sealed record RobotsPolicy
{
    private RobotsPolicy(RobotsRules rules, HarvestFailureKind? refusal, string? reason)
    {
        Rules = rules;
        Refusal = refusal;
        Reason = reason;
    }

    public RobotsRules Rules { get; }

    /// <summary>When set, every URL of the host fails with this kind for the rest of the run.</summary>
    public HarvestFailureKind? Refusal { get; }

    public string? Reason { get; }

    /// <summary>2xx: the file's rules apply.</summary>
    public static RobotsPolicy From(RobotsRules rules) => new(rules, null, null);

    /// <summary>4xx (or more than 5 redirects): the file is unavailable, so everything is allowed.</summary>
    public static RobotsPolicy Unavailable { get; } = new(RobotsRules.AllowAll, null, null);

    /// <summary>5xx, 429, timeout or unreachable: the host is disallowed completely for this run.</summary>
    public static RobotsPolicy Unreachable(string reason) =>
        new(RobotsRules.AllowAll, HarvestFailureKind.Robots, $"robots.txt could not be read ({reason}); the host is not harvested in this run.");

    /// <summary>The host may not be contacted at all (e.g. the SSRF guard refused its address).</summary>
    public static RobotsPolicy Refused(string reason) => new(RobotsRules.AllowAll, HarvestFailureKind.Rejected, reason);

    /// <summary>The gap to keep between requests to the host: the configured minimum or the Crawl-delay, whichever is longer.</summary>
    public TimeSpan GapBetweenRequests(TimeSpan minimum) =>
        Rules.CrawlDelay is { } crawlDelay && crawlDelay > minimum ? crawlDelay : minimum;

    /// <summary>Null when the URL may be fetched, else why not.</summary>
    public (HarvestFailureKind Kind, string Reason)? Check(Uri url, TimeSpan maxCrawlDelay)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (Refusal is { } refusal)
        {
            return (refusal, Reason!);
        }

        if (Rules.CrawlDelay is { } crawlDelay && crawlDelay > maxCrawlDelay)
        {
            return (HarvestFailureKind.Transient,
                $"Blocked by crawl-delay: robots.txt asks for {crawlDelay.TotalSeconds:0.###} s between requests, " +
                $"more than the {maxCrawlDelay.TotalSeconds:0.###} s this harvester waits; the host is not harvested in this run.");
        }

        if (Rules.IsAllowed(url) || Rules.Sitemaps.Contains(url))
        {
            return null;
        }

        return (HarvestFailureKind.Robots, "Disallowed by robots.txt.");
    }
}
