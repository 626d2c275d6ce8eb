namespace Search.SearchApi.Observability;

/// <summary>Names of the service's meter and instruments (OpenTelemetry names; Prometheus turns dots into underscores and adds unit suffixes).</summary>
public static class Telemetry
{
    /// <summary>The meter of every instrument below.</summary>
    public const string MeterName = "KennisbankZoeken";

    /// <summary>Histogram, seconds; tags <c>endpoint</c> and <c>outcome</c>.</summary>
    public const string SearchDuration = "search.request.duration";

    /// <summary>Gauge: searches waiting for an admission slot.</summary>
    public const string AdmissionQueueLength = "search.admission.queue_length";

    /// <summary>Gauge: searches holding an admission slot.</summary>
    public const string AdmissionExecuting = "search.admission.executing";

    /// <summary>Counter: searches refused with 429 because the queue was full or the wait timed out.</summary>
    public const string AdmissionRejected = "search.admission.rejected";

    /// <summary>Counter; tags <c>source</c> and <c>status</c>.</summary>
    public const string HarvestRuns = "harvest.runs";

    /// <summary>Histogram, seconds; tags <c>source</c> and <c>status</c>.</summary>
    public const string HarvestRunDuration = "harvest.run.duration";

    /// <summary>Counter; tags <c>source</c> and <c>outcome</c> (new, changed, unchanged, removed, failed).</summary>
    public const string HarvestDocuments = "harvest.documents";

    /// <summary>Gauge: live documents in the index (attachments count as documents).</summary>
    public const string IndexDocuments = "index.documents";

    /// <summary>Gauge, bytes: the index's files on disk.</summary>
    public const string IndexSize = "index.size";

    /// <summary>Gauge: segments of the current index generation.</summary>
    public const string IndexSegments = "index.segments";

    /// <summary>Meters of the platform that are exported too: HTTP server durations (route templates, never query strings), unhandled exceptions, GC and CPU.</summary>
    public static readonly string[] PlatformMeters = ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Diagnostics", "System.Runtime"];
}
