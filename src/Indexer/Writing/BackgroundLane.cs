using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Search.Indexer.Writing;

/// <summary>
/// Work that can wait for searches — index writes, commits, refreshes, extraction of harvested documents — on
/// dedicated threads with a lower scheduling priority (a Linux nice value; a lower thread priority elsewhere). On a
/// busy machine the kernel runs search threads first; on an idle one the work still gets every core. Nothing is
/// starved: a nice thread keeps a small share of a contended core. With nice value 0 the work runs inline on the
/// caller's thread, as it would without a lane.
/// </summary>
/// <remarks>
/// A Linux thread inherits the nice value of the thread that creates it. The thread pool creates a worker on the thread
/// that queues work when it needs one, so a lane thread that completed a task itself (queuing its continuation) could
/// leave searches running on a nice worker. Results are therefore handed to one completion thread at normal priority,
/// which completes the tasks; continuations run on the thread pool. Merge threads that the writer starts from a lane
/// thread do inherit the value, as intended.
/// </remarks>
public sealed class BackgroundLane : IDisposable
{
    private readonly BlockingCollection<Action> _queue = new();
    private readonly BlockingCollection<Action> _completions = new();
    private readonly Thread[] _threads;
    private readonly Thread? _completer;

    /// <param name="nice">The nice value of the lane's threads (0–19); 0 runs work inline.</param>
    /// <param name="threads">How many threads take work (at least 1).</param>
    public BackgroundLane(int nice, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nice, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nice, 19);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Nice = nice;
        _threads = nice == 0 ? [] : new Thread[threads];
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"Background lane {i + 1}" };
            _threads[i].Start();
        }

        if (nice != 0)
        {
            _completer = new Thread(Complete) { IsBackground = true, Name = "Background lane completions" };
            _completer.Start();
        }
    }

    public int Nice { get; }

    /// <summary>Runs <paramref name="work"/> on the lane; its result or exception comes back through the task.</summary>
    public Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Nice == 0)
        {
            try
            {
                return Task.FromResult(work());
            }
            catch (Exception ex)
            {
                return Task.FromException<T>(ex);
            }
        }

        // Continuations run on the thread pool, not on the lane.
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            _queue.Add(() =>
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    _completions.Add(() => done.TrySetCanceled(cancellationToken));
                    return;
                }

                try
                {
                    var result = work();
                    _completions.Add(() => done.TrySetResult(result));
                }
                catch (Exception ex)
                {
                    _completions.Add(() => done.TrySetException(ex));
                }
            }, CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(BackgroundLane));
        }

        return done.Task;
    }

    public Task RunAsync(Action work, CancellationToken cancellationToken) =>
        RunAsync(() =>
        {
            work();
            return true;
        }, cancellationToken);

    /// <summary>Lets queued work finish and stops the threads.</summary>
    public void Dispose()
    {
        if (_queue.IsAddingCompleted)
        {
            return;
        }

        _queue.CompleteAdding();
        foreach (var thread in _threads.Where(t => t != Thread.CurrentThread))
        {
            thread.Join();
        }

        // Every lane thread has handed over its last result.
        _completions.CompleteAdding();
        _completer?.Join();
        _queue.Dispose();
        _completions.Dispose();
    }

    private void Work()
    {
        LowerCurrentThread(Nice);
        foreach (var work in _queue.GetConsumingEnumerable())
        {
            work();
        }
    }

    private void Complete()
    {
        foreach (var complete in _completions.GetConsumingEnumerable())
        {
            complete();
        }
    }

    /// <summary>
    /// Gives the calling thread the nice value (Linux: per thread; elsewhere a lower thread priority). Best effort: where
    /// the system refuses, the work runs at normal priority. Only for threads this process owns for background work: the
    /// value stays with the thread.
    /// </summary>
    public static void LowerCurrentThread(int nice)
    {
        if (nice <= 0)
        {
            return;
        }

        if (OperatingSystem.IsLinux())
        {
            _ = SetPriority(PrioProcess, GetThreadId(), nice);
            return;
        }

        Thread.CurrentThread.Priority = nice >= 10 ? ThreadPriority.Lowest : ThreadPriority.BelowNormal;
    }

    private const int PrioProcess = 0;

    // On Linux, setpriority with a thread id sets that one thread's nice value (not the whole process's).
    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();
}
