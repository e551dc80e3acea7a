using System.Collections.Concurrent;

namespace MotTracker.Engine;

/// <summary>
/// A small bounded queue of frames between two pipeline threads, one writer and one reader: the runtime's
/// <see cref="BlockingCollection{T}"/>, which blocks the waiting thread itself (bounded channels used
/// before finish a blocked synchronous read or write through a thread-pool thread), plus what it lacks:
/// the writer's failure, passed on to the reader after the frames handed over before it.
/// </summary>
internal sealed class HandOff(int capacity)
{
    // Never disposed: a stage abandoned in a stalled read may still touch it after the run returns, and
    // it holds no wait handle unless one is asked for.
    private readonly BlockingCollection<FrameWork> _items = new(new ConcurrentQueue<FrameWork>(), capacity);
    private Exception? _failure;

    /// <summary>Adds a frame, waiting while the queue is full.</summary>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public void Add(FrameWork work, CancellationToken token) => _items.Add(work, token);

    /// <summary>
    /// The next frame, waiting while the queue is empty; false once the writer completed and every frame
    /// was taken. A writer that failed passes its exception on, after the frames it handed over.
    /// </summary>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public bool TryTake(out FrameWork work, CancellationToken token)
    {
        if (_items.TryTake(out work!, Timeout.Infinite, token)) return true;
        if (Volatile.Read(ref _failure) is { } failure) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return false;
    }

    /// <summary>No more frames will come; <paramref name="failure"/> is the writer's error, if it failed.</summary>
    public void Complete(Exception? failure)
    {
        Volatile.Write(ref _failure, failure);
        _items.CompleteAdding();
    }
}

/// <summary>
/// A pipeline stage's own thread. Dedicated threads, not pool tasks: each blocks most of its life
/// waiting for frames, which a pool thread should never do, and background ones so that a stage left
/// behind in a stalled read (see <see cref="TrackingPipeline.Abandoned"/>) never keeps the process alive.
/// </summary>
internal sealed class StageThread
{
    private readonly Thread _thread;

    private StageThread(string name, Action body)
    {
        _thread = new Thread(() =>
        {
            try
            {
                body();
            }
            catch (Exception ex)
            {
                // Kept for the pipeline to rethrow on its own thread: an exception escaping here would end the process.
                Failure = ex;
            }
        })
        { IsBackground = true, Name = name };
    }

    /// <summary>What ended the thread's work with an error, once it has stopped.</summary>
    public Exception? Failure { get; private set; }

    public static StageThread Start(string name, Action body)
    {
        var stage = new StageThread(name, body);
        stage._thread.Start();
        return stage;
    }

    /// <summary>Waits for every thread; false when some are still running after <paramref name="timeout"/> (infinite: waits for all).</summary>
    public static bool JoinAll(IReadOnlyList<StageThread> threads, TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            foreach (var stage in threads) stage._thread.Join();
            return true;
        }
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        foreach (var stage in threads)
        {
            var left = timeout - deadline.Elapsed;
            if (!stage._thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero)) return false;
        }
        return true;
    }
}
