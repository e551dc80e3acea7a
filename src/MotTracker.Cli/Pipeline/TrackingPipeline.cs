using System.Diagnostics;
using System.Threading.Channels;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Core.Tracking;

namespace MotTracker.Cli.Pipeline;

/// <summary>Milliseconds spent in each stage, summed over the frames of a run.</summary>
public sealed class StageTimings
{
    public double DecodeMs { get; set; }
    public double DetectMs { get; set; }
    public double EmbedMs { get; set; }
    public double AssociateMs { get; set; }
    public double WriteMs { get; set; }
    public double WallMs { get; set; }
    public int Frames { get; set; }

    /// <summary>Detector-only milliseconds per frame, when measured (--timing).</summary>
    public double? DetectorAloneMs { get; set; }
}

/// <summary>
/// Frames → detections (+ embeddings) → tracks, with decoding, inference and association running
/// concurrently. The stages are joined by small bounded channels, so a slow stage holds the others
/// back instead of letting frames pile up: memory stays flat on a video of any length.
/// </summary>
public sealed class TrackingPipeline
{
    private const int FrameQueue = 4;
    private const int DetectionQueue = 16;

    private readonly IFrameSource _source;
    private readonly IDetector _detector;
    private readonly IAppearanceEmbedder? _embedder;
    private readonly ITracker _tracker;
    private readonly OutputFilter _filter;

    public TrackingPipeline(IFrameSource source, IDetector detector, IAppearanceEmbedder? embedder, ITracker tracker, OutputFilter filter)
    {
        _filter = filter;
        _source = source;
        _detector = detector;
        _embedder = embedder;
        _tracker = tracker;
    }

    /// <summary>Called after each associated frame with the frame number (for progress displays).</summary>
    public Action<int>? FrameDone { get; init; }

    /// <summary>The pool the source rents frames from: frames go back to it once inference is done with them.</summary>
    public FramePool? Pool { get; init; }

    private sealed record FrameResult(int FrameNumber, Detection[] Detections, float[]?[]? Embeddings);

    /// <summary>Runs to the end of the source and returns the result rows (frame, track id, box, score).</summary>
    public List<MotRow> Run(StageTimings timings, CancellationToken cancellationToken = default)
    {
        var wall = Stopwatch.StartNew();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = linked.Token;
        var frames = Channel.CreateBounded<VideoFrame>(new BoundedChannelOptions(FrameQueue) { SingleReader = true, SingleWriter = true });
        var detected = Channel.CreateBounded<FrameResult>(new BoundedChannelOptions(DetectionQueue) { SingleReader = true, SingleWriter = true });

        var decode = Task.Run(() => Decode(frames.Writer, timings, token), token);
        var infer = Task.Run(() => Infer(frames.Reader, detected.Writer, timings, token), token);

        var rows = new List<MotRow>();
        try
        {
            var clock = new Stopwatch();
            var reader = detected.Reader;
            while (reader.WaitToReadAsync(token).AsTask().GetAwaiter().GetResult())
            {
                while (reader.TryRead(out var result))
                {
                    clock.Restart();
                    var tracks = _tracker.Update(result.FrameNumber, result.Detections, result.Embeddings);
                    foreach (var t in tracks)
                        if (_filter.Keeps(t)) rows.Add(new MotRow(result.FrameNumber, t.TrackId, t.Box, t.Score, -1, -1));
                    timings.AssociateMs += clock.Elapsed.TotalMilliseconds;
                    timings.Frames++;
                    FrameDone?.Invoke(result.FrameNumber);
                }
            }
        }
        catch
        {
            linked.Cancel();
            WaitQuietly(decode, infer);
            throw;
        }
        // Surface the first stage failure (its exception, not a cancellation of the others).
        Unwrap(decode);
        Unwrap(infer);
        timings.WallMs = wall.Elapsed.TotalMilliseconds;
        return rows;
    }

    private void Decode(ChannelWriter<VideoFrame> writer, StageTimings timings, CancellationToken token)
    {
        Exception? failure = null;
        try
        {
            var clock = Stopwatch.StartNew();
            foreach (var frame in _source.ReadFrames(token))
            {
                timings.DecodeMs += clock.Elapsed.TotalMilliseconds;
                writer.WriteAsync(frame, token).AsTask().GetAwaiter().GetResult();
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

    private void Infer(ChannelReader<VideoFrame> reader, ChannelWriter<FrameResult> writer, StageTimings timings, CancellationToken token)
    {
        Exception? failure = null;
        try
        {
            var clock = new Stopwatch();
            var boxes = new List<BoundingBox>();
            while (reader.WaitToReadAsync(token).AsTask().GetAwaiter().GetResult())
            {
                while (reader.TryRead(out var frame))
                {
                    clock.Restart();
                    var detections = _detector.Detect(frame.Image);
                    timings.DetectMs += clock.Elapsed.TotalMilliseconds;
                    float[][]? embeddings = null;
                    if (_embedder is not null)
                    {
                        clock.Restart();
                        boxes.Clear();
                        foreach (var d in detections) boxes.Add(d.Box);
                        embeddings = _embedder.Embed(frame.Image, boxes);
                        timings.EmbedMs += clock.Elapsed.TotalMilliseconds;
                    }
                    var result = new FrameResult(frame.FrameNumber, [.. detections], embeddings);
                    // Nothing downstream reads pixels, so the buffer can carry the next frame.
                    Pool?.Return(frame.Image);
                    writer.WriteAsync(result, token).AsTask().GetAwaiter().GetResult();
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

    private static void WaitQuietly(params Task[] tasks)
    {
        try { Task.WaitAll(tasks); }
        catch (AggregateException) { }
    }

    private static void Unwrap(Task task)
    {
        try { task.GetAwaiter().GetResult(); }
        catch (OperationCanceledException) when (!task.IsFaulted) { }
    }
}
