using System.Diagnostics;
using System.Diagnostics.Metrics;
using Search.SearchApi.Search;

namespace Search.SearchApi.Observability;

/// <summary>Search latency by endpoint kind and outcome, and the admission queue. Never tagged with query text.</summary>
internal sealed class SearchMetrics
{
    /// <summary>Bucket bounds in seconds: from well under the usual millisecond searches up to the 2 s admission wait and beyond.</summary>
    internal static readonly double[] DurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Histogram<double> _duration;

    public SearchMetrics(IMeterFactory meters, SearchAdmission admission)
    {
        var meter = meters.Create(Telemetry.MeterName);
        _duration = meter.CreateHistogram(Telemetry.SearchDuration, "s", "Time to answer a search, suggest or similar-documents request, admission wait included.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        meter.CreateObservableGauge(Telemetry.AdmissionQueueLength, () => admission.Waiting, "{request}", "Searches waiting for an admission slot.");
        meter.CreateObservableGauge(Telemetry.AdmissionExecuting, () => admission.Executing, "{request}", "Searches holding an admission slot.");
        meter.CreateObservableCounter(Telemetry.AdmissionRejected, () => admission.Rejected, "{request}", "Searches refused with 429: queue full or wait timed out.");
    }

    internal bool DurationEnabled => _duration.Enabled;

    internal void RecordSearch(string endpoint, string outcome, TimeSpan elapsed) =>
        _duration.Record(elapsed.TotalSeconds, new TagList { { "endpoint", endpoint }, { "outcome", outcome } });
}
