using System.Diagnostics;
using System.Diagnostics.Metrics;
using Search.Indexer.Harvesting;

namespace Search.SearchApi.Observability;

/// <summary>Harvest runs, their durations and document outcomes per source, recorded when a run finishes.</summary>
internal sealed class HarvestMetrics : IHarvestObserver
{
    /// <summary>Bucket bounds in seconds: a folder of a few files up to a crawl of hours.</summary>
    internal static readonly double[] DurationBuckets = [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200];

    private readonly Counter<long> _runs;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _documents;

    public HarvestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Telemetry.MeterName);
        _runs = meter.CreateCounter<long>(Telemetry.HarvestRuns, "{run}", "Finished harvest runs by source and status.");
        _duration = meter.CreateHistogram(Telemetry.HarvestRunDuration, "s", "Duration of finished harvest runs.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _documents = meter.CreateCounter<long>(Telemetry.HarvestDocuments, "{document}", "Documents seen by harvest runs, by outcome.");
    }

    public void RunFinished(HarvestRun run)
    {
        var status = run.Status.ToString().ToLowerInvariant();
        var tags = new TagList { { "source", run.SourceId }, { "status", status } };
        _runs.Add(1, tags);
        if (run.FinishedAt is { } finished)
        {
            _duration.Record(Math.Max(0, (finished - run.StartedAt).TotalSeconds), tags);
        }

        var counts = run.Counts;
        Add(run.SourceId, "new", counts.New);
        Add(run.SourceId, "changed", counts.Changed);
        Add(run.SourceId, "unchanged", counts.Unchanged);
        Add(run.SourceId, "removed", counts.Removed);
        Add(run.SourceId, "failed", counts.Failed);
    }

    private void Add(string source, string outcome, int count) =>
        _documents.Add(count, new TagList { { "source", source }, { "outcome", outcome } });
}
