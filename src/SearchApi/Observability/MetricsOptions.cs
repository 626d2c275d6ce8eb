using Microsoft.Extensions.Options;

namespace Search.SearchApi.Observability;

/// <summary>The Prometheus scrape endpoint. Bound from <c>Search:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Search:Metrics";

    public const int MinScrapeKeyLength = 16;

    /// <value>The default is true: metrics are collected and served.</value>
    public bool Enabled { get; set; } = true;

    /// <value>The default is <c>/metrics</c>.</value>
    public string Path { get; set; } = "/metrics";

    /// <value>The default is true: scrapes from this machine (loopback, or an in-process or Unix-socket caller) need no key.</value>
    public bool AllowLoopback { get; set; } = true;

    /// <summary>A key a remote scraper sends as <c>Authorization: Bearer {key}</c>.</summary>
    /// <value>The default is none: only local scrapes are answered.</value>
    public string? ScrapeKey { get; set; }
}

/// <summary>Reports every problem of the <c>Search:Metrics</c> section at once, with the key and the value.</summary>
internal sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
{
    public ValidateOptionsResult Validate(string? name, MetricsOptions options)
    {
        List<string>? failures = null;
        void Fail(string message) => (failures ??= []).Add(message);

        if (string.IsNullOrEmpty(options.Path) || options.Path[0] != '/' || options.Path.Length < 2 || options.Path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            Fail($"Search:Metrics:Path must start with '/' and lie outside /api/, was '{options.Path}'.");
        }

        if (options.ScrapeKey is { } key && key.Length < MetricsOptions.MinScrapeKeyLength)
        {
            Fail($"Search:Metrics:ScrapeKey must be at least {MetricsOptions.MinScrapeKeyLength} characters, was {key.Length}.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
