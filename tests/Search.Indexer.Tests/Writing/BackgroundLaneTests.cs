using System.Collections.Concurrent;
using System.Globalization;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Search.Indexer.Writing;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Search.Indexer.Tests.Writing;

public sealed class BackgroundLaneTests
{
    [Fact]
    public async Task Work_runs_on_a_lane_thread_with_the_lanes_nice_value_and_the_caller_keeps_its_own()
    {
        var callerNice = ThreadNice.Current();
        using var lane = new BackgroundLane(nice: 10, threads: 2);

        var (thread, nice) = await lane.RunAsync(() => (Environment.CurrentManagedThreadId, ThreadNice.Current()), CancellationToken.None);

        Assert.Equal(10, nice);
        Assert.NotEqual(Environment.CurrentManagedThreadId, thread);
        Assert.Equal(callerNice, ThreadNice.Current());
    }

    [Fact]
    public async Task Continuations_never_run_on_a_thread_that_inherited_the_lanes_nice_value()
    {
        // A thread-pool worker created by a lane thread would inherit its value, and later serve searches with it.
        const int Waiters = 48;
        var callerNice = ThreadNice.Current();
        using var lane = new BackgroundLane(nice: 10, threads: 2);
        ThreadPool.GetMinThreads(out var workers, out var io);

        // Below its minimum the pool adds a worker at once when work is queued, on the queuing thread.
        ThreadPool.SetMinThreads(Math.Max(workers, Waiters + 16), io);
        try
        {
            using var together = new CountdownEvent(Waiters);
            var nices = await Task.WhenAll(Enumerable.Range(0, Waiters).Select(async _ =>
            {
                await lane.RunAsync(() => 0, CancellationToken.None);
                together.Signal();
                together.Wait(TimeSpan.FromSeconds(30)); // holds this worker, so that the next continuations need new ones
                return ThreadNice.Current();
            }));

            Assert.All(nices, nice => Assert.Equal(callerNice, nice));
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, io);
        }
    }

    [Fact]
    public async Task An_exception_of_the_work_reaches_the_caller()
    {
        using var lane = new BackgroundLane(nice: 10, threads: 1);

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => lane.RunAsync(() => throw new InvalidDataException("kapot"), CancellationToken.None));

        Assert.Equal("kapot", thrown.Message);
        Assert.Equal(42, await lane.RunAsync(() => 42, CancellationToken.None)); // the lane still works
    }

    [Fact]
    public async Task Nice_value_zero_runs_the_work_inline()
    {
        using var lane = new BackgroundLane(nice: 0, threads: 1);

        var thread = await lane.RunAsync(() => Environment.CurrentManagedThreadId, CancellationToken.None);

        Assert.Equal(Environment.CurrentManagedThreadId, thread);
    }

    [Fact]
    public async Task Dispose_lets_queued_work_finish_and_refuses_new_work()
    {
        var lane = new BackgroundLane(nice: 10, threads: 1);
        using var gate = new ManualResetEventSlim();
        var first = lane.RunAsync(() => gate.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None);
        var second = lane.RunAsync(() => 7, CancellationToken.None);

        var disposing = Task.Run(lane.Dispose);
        gate.Set();
        await disposing;

        Assert.True(await first);
        Assert.Equal(7, await second);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => lane.RunAsync(() => 1, CancellationToken.None));
    }

    [Fact]
    public async Task Work_whose_token_is_cancelled_while_queued_does_not_run()
    {
        using var lane = new BackgroundLane(nice: 10, threads: 1);
        using var gate = new ManualResetEventSlim();
        using var cancel = new CancellationTokenSource();
        var blocker = lane.RunAsync(() => gate.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None);
        var ran = false;
        var queued = lane.RunAsync(() => ran = true, cancel.Token);

        await cancel.CancelAsync();
        gate.Set();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.True(await blocker);
        Assert.False(ran);
    }

    [Fact]
    public async Task The_index_flushes_and_merges_at_the_background_nice_value()
    {
        var directory = new NiceRecordingDirectory(new RAMDirectory());
        using (var index = new LuceneIndex(directory, NullLogger<LuceneIndex>.Instance, options: new LuceneIndexOptions { BackgroundNice = 7 }))
        {
            // One segment per commit: the merge policy merges them (on a merge thread) after about ten.
            for (var i = 0; i < 40 && directory.Writes.Keys.All(k => k.Context != IOContext.UsageContext.MERGE); i++)
            {
                await index.UpsertAsync([DocumentMapperTests.Sample($"d{i}", $"Convenant hennep {i}")], CancellationToken.None);
                await index.CommitAsync(CancellationToken.None);
            }
        }

        Assert.Contains(directory.Writes.Keys, k => k.Context == IOContext.UsageContext.MERGE);
        Assert.Contains(directory.Writes.Keys, k => k.Context == IOContext.UsageContext.FLUSH);
        Assert.All(directory.Writes.Keys.Where(k => k.Context is IOContext.UsageContext.MERGE or IOContext.UsageContext.FLUSH), k => Assert.Equal(7, k.Nice));
    }

    /// <summary>Records, per kind of write (flush, merge, …), the nice values of the threads that created files.</summary>
    private sealed class NiceRecordingDirectory(LuceneDirectory inner) : FilterDirectory(inner)
    {
        public ConcurrentDictionary<(IOContext.UsageContext Context, int Nice), int> Writes { get; } = new();

        public override IndexOutput CreateOutput(string name, IOContext context)
        {
            Writes.AddOrUpdate((context.Context, ThreadNice.Current()), 1, (_, n) => n + 1);
            return base.CreateOutput(name, context);
        }
    }
}

/// <summary>The calling thread's nice value, read from Linux's /proc (field 19 of the thread's stat line).</summary>
internal static class ThreadNice
{
    public static int Current()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], CultureInfo.InvariantCulture);
    }
}
