using System.Diagnostics.Metrics;
using Search.Indexer.Writing;

namespace Search.SearchApi.Observability;

/// <summary>The index's document count, segments and size on disk, read from the index owner when metrics are collected.</summary>
internal sealed class IndexMetrics
{
    public IndexMetrics(IMeterFactory meters, LuceneIndex index)
    {
        var meter = meters.Create(Telemetry.MeterName);
        meter.CreateObservableGauge(Telemetry.IndexDocuments, () => index.GetStats().Documents, "{document}", "Live documents in the index (attachments included).");
        meter.CreateObservableGauge(Telemetry.IndexSize, () => index.GetStats().SizeInBytes, "By", "Size of the current index generation's files on disk.");
        meter.CreateObservableGauge(Telemetry.IndexSegments, () => index.GetStats().Segments, "{segment}", "Segments of the current index generation.");
    }
}
