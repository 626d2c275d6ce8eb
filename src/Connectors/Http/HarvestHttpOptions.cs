using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Search.Connectors.Http;

/// <summary>How harvesting talks to websites. Bound from <c>Search:Harvest</c>.</summary>
public sealed class HarvestHttpOptions : IValidatableObject
{
    public const string SectionName = "Search:Harvest";

    /// <summary>Allow sources on loopback, private and link-local addresses.</summary>
    /// <value>The default is <c>false</c>: such hosts are refused on the address actually dialled.</value>
    public bool AllowPrivateNetworks { get; set; }

    /// <value>The default names the service and its contact page.</value>
    [Required]
    public string UserAgent { get; set; } = "KennisbankZoeken/1.0 (+https://kennisbank-zoeken.example/bot)";

    /// <value>The default is 10 seconds per attempt (until the response headers arrive).</value>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <value>The default is 60 seconds per document, retries and body included.</value>
    [Range(typeof(TimeSpan), "00:00:00.200", "01:00:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <value>The default is 3 retries.</value>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <value>The default first back-off is 2 seconds (exponential, with jitter).</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <value>The default caps any back-off, Retry-After included, at 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <value>The default is 25 MiB after decompression.</value>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxResponseBytes { get; set; } = 25L * 1024 * 1024;

    /// <value>The default is 10 redirects.</value>
    [Range(0, 20)]
    public int MaxRedirects { get; set; } = 10;

    /// <summary>The least time between the end of one request to a host (host and port) and the start of the next,
    /// across all runs; a robots.txt <c>Crawl-delay</c> that asks for more wins.</summary>
    /// <value>The default is 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MinDelayPerHost { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest robots.txt <c>Crawl-delay</c> honoured. A host asking for more is not harvested
    /// in that run (its URLs fail as transient, "blocked by crawl-delay"): never faster than asked.</summary>
    /// <value>The default is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxCrawlDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Loopback or private endpoints (<c>ip:port</c>, e.g. <c>10.1.2.3:443</c> or <c>[::1]:8080</c>) that may be
    /// dialled although <see cref="AllowPrivateNetworks"/> is false, e.g. one intranet knowledge bank. Checked on the
    /// address actually dialled, like every other connection.</summary>
    /// <value>The default is empty.</value>
    public IList<string> AllowedPrivateEndpoints { get; } = [];

    /// <summary>Failure ratio over the sampling window that opens a host's circuit.</summary>
    [Range(0.1, 1.0)]
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <value>The default keeps an open circuit open for 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The parsed <see cref="AllowedPrivateEndpoints"/>; invalid entries are reported by validation.</summary>
    public IReadOnlyList<IPEndPoint> ParseAllowedPrivateEndpoints() =>
        AllowedPrivateEndpoints.Select(e => IPEndPoint.TryParse(e, out var endpoint) ? endpoint : null).OfType<IPEndPoint>().ToArray();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in AllowedPrivateEndpoints)
        {
            if (!IPEndPoint.TryParse(entry ?? string.Empty, out var endpoint) || endpoint.Port == 0)
            {
                yield return new ValidationResult(
                    $"{nameof(AllowedPrivateEndpoints)} entries must be 'ip:port' with a port, was '{entry}'.", [nameof(AllowedPrivateEndpoints)]);
            }
        }
    }
}
