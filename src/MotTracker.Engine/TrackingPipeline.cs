using System.Diagnostics;
using System.Runtime.ExceptionServices;
using MotTracker.Core;
using MotTracker.Tracking;

namespace MotTracker.Engine;

/// <summary>
/// Frames → (camera motion) → detections → (embeddings) → tracks → observers, every stage on its own
/// thread. The stages are joined by small bounded queues (<see cref="HandOff"/>), so a slow stage holds the others back
/// instead of letting frames pile up: memory stays flat on a video of any length, and the ReID of one
/// frame runs while the next frame is detected. A <see cref="GroupingStage"/> (ReID across frames) holds
/// a fixed number of frames at most; association still takes the frames one by one in order.
/// </summary>
public sealed class TrackingPipeline
{
    /// <summary>Frames in flight between two stages: enough to ride out jitter, few enough to keep memory flat.</summary>
    private const int QueueLength = 2;

    private readonly FrameFeed _feed;
    private readonly IReadOnlyList<PipelineStage> _stages;
    private readonly ITracker _tracker;
    private readonly OutputFilter _filter;

    /// <summary>A pipeline over explicit stages (the engine composes them; tests may too).</summary>
    public TrackingPipeline(FrameFeed feed, IReadOnlyList<PipelineStage> stages, ITracker tracker, OutputFilter filter)
    {
        _feed = feed;
        _stages = stages;
        _tracker = tracker;
        _filter = filter;
    }

    /// <summary>The classic detector pipeline: frames from a source, detections, optional embeddings of every box.</summary>
    public TrackingPipeline(IFrameSource source, IDetector detector, IAppearanceEmbedder? embedder, ITracker tracker, OutputFilter filter)
        : this(FrameFeed.From(source), embedder is null ? [new DetectorStage(detector)] : [new DetectorStage(detector), .. ReidStages.For(embedder, 0)], tracker, filter)
    {
    }

    /// <summary>How long a stopped run waits for its stage threads before it leaves them behind.</summary>
    internal static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    /// <summary>
    /// After <see cref="Run"/> threw: some stage thread did not stop in time (blocked in a read) and may
    /// still use the stages' resources, so they must not be freed under it.
    /// </summary>
    public bool Abandoned { get; private set; }

    /// <summary>Called after each associated frame (for progress displays).</summary>
    public Action<TrackProgress>? Progress { get; init; }

    /// <summary>The pool the source rents frames from: each frame goes back once the last reader of its pixels is done.</summary>
    public FramePool? Pool { get; init; }

    /// <summary>
    /// Runs to the end of the feed, handing every frame's filtered tracks (and its pixels, while they are
    /// still valid) to <paramref name="observers"/> in frame order on the calling thread.
    /// </summary>
    public void Run(IReadOnlyList<IFrameObserver> observers, StageTimings timings, CancellationToken cancellationToken = default)
    {
        var wall = Stopwatch.StartNew();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = linked.Token;

        // The last stage that reads pixels returns the buffer to the pool; observers that draw need them too.
        bool observersReadPixels = observers.Any(o => o.NeedsPixels);
        int lastPixelStage = -1;
        for (int i = 0; i < _stages.Count; i++)
            if (_stages[i].ReadsPixels) lastPixelStage = i;
        if (observersReadPixels) lastPixelStage = _stages.Count;

        if (lastPixelStage < 0 && !_feed.CarriesPixels)
        {
            RunInline(observers, timings, token);
            timings.WallMs = wall.Elapsed.TotalMilliseconds;
            return;
        }

        var queues = new HandOff[_stages.Count + 1];
        for (int i = 0; i < queues.Length; i++) queues[i] = new HandOff(QueueLength);
        // Every wait on a queue observes the token, so a cancelled run (or one whose last step failed and
        // cancelled the link) wakes the threads blocked on a full or empty queue.

        var threads = new List<StageThread>
        {
            StageThread.Start("mottrack feed", () => Feed(queues[0], timings, lastPixelStage < 0, token)),
        };
        for (int i = 0; i < _stages.Count; i++)
        {
            int index = i;
            threads.Add(StageThread.Start($"mottrack stage {index + 1}", _stages[index] is GroupingStage grouping
                ? () => RunGroupingStage(grouping, queues[index], queues[index + 1], timings, index == lastPixelStage, token)
                : () => RunStage(_stages[index], queues[index], queues[index + 1], timings, index == lastPixelStage, token)));
        }

        try
        {
            var associate = new Associator(this, observers, timings);
            var last = queues[^1];
            while (last.TryTake(out var work, token))
                associate.Frame(work);
        }
        catch
        {
            linked.Cancel();
            // A stage blocked inside a read that ignores cancellation (a stalled network stream in the
            // native decoder) would hold this thread, and with it the deletion of the run's temporary
            // files, until the read returns, maybe never. Give the stages a moment, then leave them.
            if (!StageThread.JoinAll(threads, StopGrace)) Abandoned = true;
            throw;
        }
        // Surface the first stage failure (its exception, not a cancellation of the others).
        StageThread.JoinAll(threads, Timeout.InfiniteTimeSpan);
        foreach (var thread in threads)
        {
            if (thread.Failure is { } failure && !(failure is OperationCanceledException && token.IsCancellationRequested))
                ExceptionDispatchInfo.Throw(failure);
        }
        timings.WallMs = wall.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// Public detections without pixels: every stage is a cheap lookup, so one thread runs them in turn.
    /// Threads joined by channels would only hand each frame over two or three times (some 18,000 context
    /// switches on MOT17-04's 1,050 frames, a third of the run's CPU time on two cores) for no overlap.
    /// </summary>
    private void RunInline(IReadOnlyList<IFrameObserver> observers, StageTimings timings, CancellationToken token)
    {
        var associate = new Associator(this, observers, timings);
        var clock = Stopwatch.StartNew();
        foreach (var work in _feed.Read(token))
        {
            timings.DecodeMs += clock.Elapsed.TotalMilliseconds;
            foreach (var stage in _stages)
            {
                clock.Restart();
                stage.Process(work, timings);
                stage.AddTime(timings, clock.Elapsed.TotalMilliseconds);
            }
            associate.Frame(work);
            clock.Restart();
        }
    }

    /// <summary>The last step of every frame, on the calling thread: association, output filter, observers, progress.</summary>
    private sealed class Associator(TrackingPipeline pipeline, IReadOnlyList<IFrameObserver> observers, StageTimings timings)
    {
        private readonly Stopwatch _clock = new();
        private readonly List<TrackedObject> _kept = [];
        private int _done;

        public void Frame(FrameWork work)
        {
            _clock.Restart();
            var tracks = pipeline._tracker.Update(work.FrameNumber, work.Detections.Span, work.Embeddings, work.CameraMotion);
            _kept.Clear();
            foreach (var t in tracks)
                if (pipeline._filter.Keeps(t)) _kept.Add(t);
            timings.AssociateMs += _clock.Elapsed.TotalMilliseconds;

            _clock.Restart();
            var frame = new FrameTracks(work.FrameNumber, work.Image, _kept, work.CameraMotion);
            foreach (var observer in observers) observer.OnFrame(frame);
            timings.WriteMs += _clock.Elapsed.TotalMilliseconds;
            pipeline.ReleasePixels(work);
            if (work.RentedDetections is { } rented)
            {
                // The tracker only reads the span during Update; nothing keeps the array.
                System.Buffers.ArrayPool<Detection>.Shared.Return(rented);
                work.RentedDetections = null;
            }

            timings.Frames++;
            _done++;
            pipeline.Progress?.Invoke(new TrackProgress(work.FrameNumber, _done, pipeline._feed.FrameCount));
        }
    }

    private void ReleasePixels(FrameWork work)
    {
        if (work.Image is null) return;
        Pool?.Return(work.Image);
        work.Image = null;
    }

    private void Feed(HandOff output, StageTimings timings, bool nobodyReadsPixels, CancellationToken token)
    {
        Exception? failure = null;
        try
        {
            var clock = Stopwatch.StartNew();
            foreach (var work in _feed.Read(token))
            {
                timings.DecodeMs += clock.Elapsed.TotalMilliseconds;
                if (nobodyReadsPixels) ReleasePixels(work);
                output.Add(work, token);
                clock.Restart();
            }
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            output.Complete(failure);
        }
    }

    private void RunStage(PipelineStage stage, HandOff input, HandOff output, StageTimings timings, bool releasesPixels, CancellationToken token)
    {
        Exception? failure = null;
        try
        {
            var clock = new Stopwatch();
            while (input.TryTake(out var work, token))
            {
                clock.Restart();
                stage.Process(work, timings);
                stage.AddTime(timings, clock.Elapsed.TotalMilliseconds);
                if (releasesPixels) ReleasePixels(work);
                output.Add(work, token);
            }
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            output.Complete(failure);
        }
    }

    /// <summary>
    /// A stage that holds frames to work on them together: frames are handed on, in order, as the stage
    /// completes them, and whatever it still holds when the input ends.
    /// </summary>
    private void RunGroupingStage(GroupingStage stage, HandOff input, HandOff output, StageTimings timings, bool releasesPixels, CancellationToken token)
    {
        Exception? failure = null;
        var done = new List<FrameWork>();
        var clock = new Stopwatch();
        void Finish(bool all)
        {
            clock.Restart();
            stage.Finish(timings, done, all);
            stage.AddTime(timings, clock.Elapsed.TotalMilliseconds);
            foreach (var work in done)
            {
                if (releasesPixels) ReleasePixels(work);
                output.Add(work, token);
            }
            done.Clear();
        }

        try
        {
            while (input.TryTake(out var work, token))
                if (stage.Hold(work)) Finish(all: false);
            Finish(all: true);
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            output.Complete(failure);
        }
    }
}
