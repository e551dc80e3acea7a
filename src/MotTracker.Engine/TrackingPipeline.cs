using System.Diagnostics;
using System.Threading.Channels;
using MotTracker.Core;
using MotTracker.Core.Tracking;

namespace MotTracker.Engine;

/// <summary>
/// Frames → (camera motion) → detections → (embeddings) → tracks → observers, every stage on its own
/// thread. The stages are joined by small bounded channels, so a slow stage holds the others back
/// instead of letting frames pile up: memory stays flat on a video of any length, and the ReID of one
/// frame runs while the next frame is detected.
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
        : this(FrameFeed.From(source), embedder is null ? [new DetectorStage(detector)] : [new DetectorStage(detector), new ReidStage(embedder, 0)], tracker, filter)
    {
    }

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
        // Without pixels (public detections, nothing drawn) every stage is a few microseconds a frame:
        // handing frames between threads would cost more than the work, so run it all on this thread.
        if (_feed.HasNoPixels && !_stages.Any(s => s.ReadsPixels) && !observers.Any(o => o.NeedsPixels))
        {
            RunInline(observers, timings, cancellationToken);
            return;
        }
        var wall = Stopwatch.StartNew();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = linked.Token;

        // The last stage that reads pixels returns the buffer to the pool; observers that draw need them too.
        bool observersReadPixels = observers.Any(o => o.NeedsPixels);
        int lastPixelStage = -1;
        for (int i = 0; i < _stages.Count; i++)
            if (_stages[i].ReadsPixels) lastPixelStage = i;
        if (observersReadPixels) lastPixelStage = _stages.Count;

        var channels = new Channel<FrameWork>[_stages.Count + 1];
        for (int i = 0; i < channels.Length; i++)
            channels[i] = Channel.CreateBounded<FrameWork>(new BoundedChannelOptions(QueueLength) { SingleReader = true, SingleWriter = true });

        var tasks = new List<Task> { Task.Run(() => Feed(channels[0].Writer, timings, lastPixelStage < 0, token), token) };
        for (int i = 0; i < _stages.Count; i++)
        {
            int index = i;
            tasks.Add(Task.Run(() => RunStage(_stages[index], channels[index].Reader, channels[index + 1].Writer, timings, index == lastPixelStage, token), token));
        }

        try
        {
            var clock = new Stopwatch();
            var reader = channels[^1].Reader;
            var kept = new List<TrackedObject>();
            while (reader.WaitToReadAsync(token).AsTask().GetAwaiter().GetResult())
            {
                while (reader.TryRead(out var work))
                    Associate(work, observers, kept, clock, timings);
            }
        }
        catch
        {
            linked.Cancel();
            WaitQuietly(tasks);
            throw;
        }
        // Surface the first stage failure (its exception, not a cancellation of the others).
        foreach (var task in tasks) Unwrap(task);
        timings.WallMs = wall.Elapsed.TotalMilliseconds;
    }

    /// <summary>Feed, stages and association one frame after another on the calling thread.</summary>
    private void RunInline(IReadOnlyList<IFrameObserver> observers, StageTimings timings, CancellationToken token)
    {
        var wall = Stopwatch.StartNew();
        var clock = new Stopwatch();
        var kept = new List<TrackedObject>();
        foreach (var work in _feed.Read(token))
        {
            foreach (var stage in _stages)
            {
                clock.Restart();
                stage.Process(work, timings);
                stage.AddTime(timings, clock.Elapsed.TotalMilliseconds);
            }
            Associate(work, observers, kept, clock, timings);
        }
        timings.WallMs = wall.Elapsed.TotalMilliseconds;
    }

    /// <summary>The tracker, the output filter and the observers for one frame, then its pixels go back to the pool.</summary>
    private void Associate(FrameWork work, IReadOnlyList<IFrameObserver> observers, List<TrackedObject> kept, Stopwatch clock, StageTimings timings)
    {
        clock.Restart();
        var tracks = _tracker.Update(work.FrameNumber, work.Detections.Span, work.Embeddings, work.CameraMotion);
        kept.Clear();
        foreach (var t in tracks)
            if (_filter.Keeps(t)) kept.Add(t);
        timings.AssociateMs += clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        var frame = new FrameTracks(work.FrameNumber, work.Image, kept, work.CameraMotion);
        foreach (var observer in observers) observer.OnFrame(frame);
        timings.WriteMs += clock.Elapsed.TotalMilliseconds;
        ReleasePixels(work);

        timings.Frames++;
        Progress?.Invoke(new TrackProgress(work.FrameNumber, timings.Frames, _feed.FrameCount));
    }

    private void ReleasePixels(FrameWork work)
    {
        if (work.Image is null) return;
        Pool?.Return(work.Image);
        work.Image = null;
    }

    private void Feed(ChannelWriter<FrameWork> writer, StageTimings timings, bool nobodyReadsPixels, CancellationToken token)
    {
        Exception? failure = null;
        try
        {
            var clock = Stopwatch.StartNew();
            foreach (var work in _feed.Read(token))
            {
                timings.DecodeMs += clock.Elapsed.TotalMilliseconds;
                if (nobodyReadsPixels) ReleasePixels(work);
                writer.WriteAsync(work, token).AsTask().GetAwaiter().GetResult();
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
            writer.TryComplete(failure);
        }
    }

    private void RunStage(PipelineStage stage, ChannelReader<FrameWork> reader, ChannelWriter<FrameWork> writer, StageTimings timings, bool releasesPixels, CancellationToken token)
    {
        Exception? failure = null;
        try
        {
            var clock = new Stopwatch();
            while (reader.WaitToReadAsync(token).AsTask().GetAwaiter().GetResult())
            {
                while (reader.TryRead(out var work))
                {
                    clock.Restart();
                    stage.Process(work, timings);
                    stage.AddTime(timings, clock.Elapsed.TotalMilliseconds);
                    if (releasesPixels) ReleasePixels(work);
                    writer.WriteAsync(work, token).AsTask().GetAwaiter().GetResult();
                }
            }
        }
        catch (Exception ex)
        {
            failure = ex;
            throw;
        }
        finally
        {
            writer.TryComplete(failure);
        }
    }

    private static void WaitQuietly(List<Task> tasks)
    {
        try { Task.WaitAll([.. tasks]); }
        catch (AggregateException) { }
    }

    private static void Unwrap(Task task)
    {
        try { task.GetAwaiter().GetResult(); }
        catch (OperationCanceledException) when (!task.IsFaulted) { }
    }
}
