namespace MotTracker.Engine;

/// <summary>
/// A small bounded queue of frames between two pipeline threads, one writer and one reader, that blocks
/// the waiting thread on a monitor. Bounded channels were used before: a blocked synchronous read or
/// write on one completes through the thread pool (a pool thread wakes to finish the waiting task, which
/// then wakes the waiter), so every frame crossing a stage woke two threads, and the idle pool threads
/// spun before sleeping. On video that cost about 3 ms of CPU per frame beside an 11 ms detector.
/// </summary>
internal sealed class HandOff(int capacity)
{
    private readonly Queue<FrameWork> _items = new(capacity);
    private bool _completed;
    private Exception? _failure;

    /// <summary>Adds a frame, waiting while the queue is full.</summary>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public void Add(FrameWork work, CancellationToken token)
    {
        lock (_items)
        {
            while (_items.Count >= capacity)
            {
                token.ThrowIfCancellationRequested();
                Monitor.Wait(_items);
            }
            token.ThrowIfCancellationRequested();
            _items.Enqueue(work);
            // Only the reader can be waiting now, and only on an empty queue.
            if (_items.Count == 1) Monitor.Pulse(_items);
        }
    }

    /// <summary>
    /// The next frame, waiting while the queue is empty; false once the writer completed and every frame
    /// was taken. A writer that failed passes its exception on, after the frames it handed over.
    /// </summary>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public bool TryTake(out FrameWork work, CancellationToken token)
    {
        lock (_items)
        {
            while (true)
            {
                token.ThrowIfCancellationRequested();
                if (_items.TryDequeue(out var next))
                {
                    // Only the writer can be waiting now, and only on a full queue.
                    if (_items.Count == capacity - 1) Monitor.Pulse(_items);
                    work = next;
                    return true;
                }
                if (_completed)
                {
                    if (_failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
                    work = null!;
                    return false;
                }
                Monitor.Wait(_items);
            }
        }
    }

    /// <summary>No more frames will come; <paramref name="failure"/> is the writer's error, if it failed.</summary>
    public void Complete(Exception? failure)
    {
        lock (_items)
        {
            _completed = true;
            _failure = failure;
            Monitor.PulseAll(_items);
        }
    }

    /// <summary>Wakes whoever waits, to see the cancellation.</summary>
    public void Wake()
    {
        lock (_items) Monitor.PulseAll(_items);
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
