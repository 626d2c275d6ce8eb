namespace Search.Connectors.Http;

/// <summary>One GET, optionally conditional on what the last run saw.</summary>
public sealed record FetchRequest(Uri Url)
{
    /// <summary>Sent as If-None-Match.</summary>
    public string? ETag { get; init; }

    /// <summary>Sent as If-Modified-Since.</summary>
    public DateTimeOffset? LastModified { get; init; }

    /// <summary>The source whose credentials apply (members-only sources); null uses the fetcher's bound source, if any.
    /// See <see cref="HttpFetcher.ForSource"/>.</summary>
    public Abstractions.SourceDefinition? Source { get; init; }

    public static FetchRequest For(Uri url, Abstractions.PreviousDocument? previous) =>
        new(url) { ETag = previous?.ETag, LastModified = previous?.LastModified };
}
