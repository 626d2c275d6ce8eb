using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Search.SearchApi.Search;

/// <summary>The time for collecting matches ran out; what was collected so far stays usable.</summary>
public sealed class CollectionTimeExceededException() : Exception("The search ran out of time while collecting matches.");

/// <summary>
/// Passes matches on to the inner collector until a deadline (a <see cref="TimeProvider"/> timestamp) has passed, then
/// stops the search by throwing <see cref="CollectionTimeExceededException"/>; what the inner collector has is the partial
/// result. The clock is read after the first match of each segment and then every <see cref="CheckInterval"/> matches,
/// which keeps the cost per match to a counter.
/// </summary>
public sealed class DeadlineCollector(ICollector inner, TimeProvider time, long deadline) : ICollector
{
    public const int CheckInterval = 256;

    private int _untilCheck;

    public bool AcceptsDocsOutOfOrder => inner.AcceptsDocsOutOfOrder;

    public void SetScorer(Scorer scorer) => inner.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        _untilCheck = 0;
        inner.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        inner.Collect(doc);
        if (--_untilCheck < 0)
        {
            if (time.GetTimestamp() >= deadline)
            {
                throw new CollectionTimeExceededException();
            }

            _untilCheck = CheckInterval - 1;
        }
    }

    /// <summary>The timestamp <paramref name="limit"/> after <paramref name="started"/> on the given clock.</summary>
    public static long Deadline(TimeProvider time, long started, TimeSpan limit) =>
        started + (long)(limit.TotalSeconds * time.TimestampFrequency);
}
