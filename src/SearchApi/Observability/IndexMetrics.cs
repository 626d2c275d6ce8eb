using System.Diagnostics.Metrics;
using Search.Indexer;
using Search.Indexer.Writing;

namespace Search.SearchApi.Observability;

/// <summary>The index's document count and size on disk, read when metrics are collected.</summary>
internal sealed class IndexMetrics
{
    public IndexMetrics(IMeterFactory meters, IndexStatsReader stats)
    {
        var meter = meters.Create(Telemetry.MeterName);
        meter.CreateObservableGauge(Telemetry.IndexDocuments, stats.Documents, "{document}", "Live documents in the index (attachments included).");
        meter.CreateObservableGauge(Telemetry.IndexSize, stats.SizeInBytes, "By", "Size of the index's files on disk.");
    }
}

/// <summary>
/// Reads index statistics through the index's public API and its folder. One place to switch to a statistics
/// method of <see cref="LuceneIndex"/> once it has one.
/// </summary>
internal sealed class IndexStatsReader(LuceneIndex index, ResolvedPaths paths)
{
    public int Documents()
    {
        using var lease = index.AcquireSearcher();
        return lease.Searcher.IndexReader.NumDocs;
    }

    /// <summary>The summed size of the files in the index folder (a merge may delete a file while it is counted).</summary>
    public long SizeInBytes()
    {
        var folder = new DirectoryInfo(paths.IndexDirectory);
        if (!folder.Exists)
        {
            return 0;
        }

        long total = 0;
        foreach (var file in folder.EnumerateFiles())
        {
            try
            {
                total += file.Length;
            }
            catch (FileNotFoundException)
            {
                // Deleted by a merge between listing and reading: it no longer counts.
            }
        }

        return total;
    }
}
