using Lucene.Net.Index;

namespace Search.Indexer.Writing;

/// <summary>
/// Lucene.Net's <see cref="ConcurrentMergeScheduler"/> rethrows a failed merge (disk full, I/O error) on its merge
/// thread, where an unhandled exception ends the process. This one reports the failure instead; the writer stays
/// usable (the failed merge's files are removed), and the next commit shows whether the index can still be written.
/// Merges run at the background priority (<paramref name="nice"/>, see <see cref="BackgroundLane"/>). A merge thread
/// inherits the value of the thread that starts it (a lane thread, for writes and commits); merges started elsewhere
/// (closing the writer, a rebuild) get it here. Each merge thread is the scheduler's own and ends after its merges.
/// </summary>
internal sealed class ReportingMergeScheduler(Action<Exception> report, int nice) : ConcurrentMergeScheduler
{
    protected override void DoMerge(MergePolicy.OneMerge merge)
    {
        BackgroundLane.LowerCurrentThread(nice);
        base.DoMerge(merge);
    }

    protected override void HandleMergeException(Exception exc) => report(exc);
}
