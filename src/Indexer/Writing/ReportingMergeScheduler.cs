using Lucene.Net.Index;

namespace Search.Indexer.Writing;

/// <summary>
/// Lucene.Net's <see cref="ConcurrentMergeScheduler"/> rethrows a failed merge (disk full, I/O error) on its merge
/// thread, where an unhandled exception ends the process. This one reports the failure instead; the writer stays
/// usable (the failed merge's files are removed), and the next commit shows whether the index can still be written.
/// </summary>
internal sealed class ReportingMergeScheduler(Action<Exception> report) : ConcurrentMergeScheduler
{
    protected override void HandleMergeException(Exception exc) => report(exc);
}
