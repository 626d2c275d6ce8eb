namespace Search.Connectors.Http;

/// <summary>One GET, optionally conditional on what the last run saw.</summary>
public sealed record FetchRequest(Uri Url)
{
    /// <summary>Sent as If-None-Match.</summary>
    public string? ETag { get; init; }

    /// <summary>Sent as If-Modified-Since.</summary>
    public DateTimeOffset? LastModified { get; init; }

    public static FetchRequest For(Uri url, Abstractions.PreviousDocument? previous) =>
        new(url) { ETag = previous?.ETag, LastModified = previous?.LastModified };
}
