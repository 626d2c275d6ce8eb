using System.Net;
using Search.Connectors.Abstractions;

namespace Search.Connectors.Http;

/// <summary>The outcome of fetching one URL: a body, or a status or error that says why not.</summary>
public sealed record FetchResult(
    Uri Url,
    Uri FinalUrl,
    HttpStatusCode? StatusCode,
    string? ContentType,
    byte[]? Body,
    DateTimeOffset? LastModified,
    HarvestFailureKind? FailureKind,
    string? Error)
{
    public bool IsSuccess => Body is not null && FailureKind is null;

    /// <summary>The server answered 304 to our conditional request: the document is unchanged.</summary>
    public bool NotModified { get; init; }

    public string? ETag { get; init; }

    /// <summary>The response headers of a successful fetch (repeated values joined by ", "), e.g. <c>X-WP-TotalPages</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public static FetchResult Failed(Uri url, HarvestFailureKind kind, string error, HttpStatusCode? status = null) =>
        new(url, url, status, null, null, null, kind, error);

    public HarvestFailure ToFailure() =>
        new(Url, FailureKind ?? HarvestFailureKind.Transient, Error ?? $"HTTP {(int?)StatusCode}");

    /// <summary>404 and 410 mean the document is gone; every other failure says nothing about it.</summary>
    public static HarvestFailureKind ClassifyStatus(HttpStatusCode status) =>
        status is HttpStatusCode.NotFound or HttpStatusCode.Gone ? HarvestFailureKind.Gone : HarvestFailureKind.Transient;
}
