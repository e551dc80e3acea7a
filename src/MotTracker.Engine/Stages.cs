using MotTracker.Core;
using MotTracker.Core.MotChallenge;

namespace MotTracker.Engine;

/// <summary>One frame travelling through the pipeline, filled in by each stage.</summary>
public sealed class FrameWork(int frameNumber, BgrImage? image)
{
    public int FrameNumber { get; } = frameNumber;

    /// <summary>The pixels, until the last stage that reads them hands the buffer back to the pool.</summary>
    public BgrImage? Image { get; internal set; } = image;

    public ReadOnlyMemory<Detection> Detections { get; set; } = ReadOnlyMemory<Detection>.Empty;

    /// <summary>
    /// An array rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/> behind <see cref="Detections"/>, which the
    /// pipeline returns once the frame is associated: a long public-detection run then allocates nothing per frame.
    /// </summary>
    internal Detection[]? RentedDetections { get; set; }

    /// <summary>One entry per detection (null where not embedded), or null when no appearance stage runs.</summary>
    public float[]?[]? Embeddings { get; set; }

    public AffineWarp? CameraMotion { get; set; }

    /// <summary>The frame's ReID crops, cut and normalised by <see cref="ReidCropStage"/>, until <see cref="ReidBatchStage"/> embeds them.</summary>
    internal PreparedCrops? ReidCrops { get; set; }
}

/// <summary>One step between reading a frame and associating it; each runs on its own thread.</summary>
public abstract class PipelineStage
{
    /// <summary>Whether <see cref="Process"/> reads the frame's pixels (the last such stage returns them to the pool).</summary>
    public abstract bool ReadsPixels { get; }

    public abstract void Process(FrameWork work, StageTimings timings);

    /// <summary>Adds the time one <see cref="Process"/> call took to this stage's counter.</summary>
    public abstract void AddTime(StageTimings timings, double milliseconds);
}

/// <summary>
/// A stage that may hold frames back to work on several together (one model run over the crops of a few
/// frames). What goes together depends only on the frames themselves, never on timing, so a run's results
/// do not depend on the machine's load. Frames leave in the order they came.
/// </summary>
public abstract class GroupingStage : PipelineStage
{
    /// <summary>Takes one frame in; true when <see cref="Finish"/> has work to do now.</summary>
    public abstract bool Hold(FrameWork work);

    /// <summary>
    /// Does the work that is due and appends the frames now complete, in order, to <paramref name="done"/>;
    /// with <paramref name="all"/> (the input ended) every held frame.
    /// </summary>
    public abstract void Finish(StageTimings timings, List<FrameWork> done, bool all);

    /// <summary>One frame on its own, finished at once (for callers that run stages one frame at a time).</summary>
    public sealed override void Process(FrameWork work, StageTimings timings)
    {
        Hold(work);
        Finish(timings, [], all: true);
    }
}

/// <summary>The detector model on the frame's pixels.</summary>
public sealed class DetectorStage(IDetector detector) : PipelineStage
{
    public override bool ReadsPixels => true;

    public override void Process(FrameWork work, StageTimings timings) =>
        work.Detections = detector.Detect(work.Image ?? throw new InvalidOperationException("the detector stage needs frames")).ToArray();

    public override void AddTime(StageTimings timings, double milliseconds) => timings.DetectMs += milliseconds;
}

/// <summary>
/// Public detections (a det.txt read frame by frame) as the detection stage: the frame's rows, in file
/// order (the order ByteTrack's reference feeds them), as person detections. Frames arrive in order, so
/// the reader's windows are walked once.
/// </summary>
public sealed class PublicDetectionStage(DetectionFrameReader frames) : PipelineStage
{
    private readonly DetectionFrameCursor _cursor = new(frames);

    public override bool ReadsPixels => false;

    public override void Process(FrameWork work, StageTimings timings)
    {
        var rows = _cursor.RowsAt(work.FrameNumber);
        if (rows.Length == 0)
        {
            work.Detections = ReadOnlyMemory<Detection>.Empty;
            return;
        }
        var detections = System.Buffers.ArrayPool<Detection>.Shared.Rent(rows.Length);
        for (int i = 0; i < rows.Length; i++) detections[i] = new Detection(rows[i].Box, rows[i].Score);
        work.Detections = new ReadOnlyMemory<Detection>(detections, 0, rows.Length);
        work.RentedDetections = detections;
    }

    public override void AddTime(StageTimings timings, double milliseconds) => timings.DetectMs += milliseconds;
}

/// <summary>
/// A det.txt's rows frame by frame for stages that are handed frames in increasing order: the reader's
/// windows are walked once, and a frame with no rows (or one the feed skipped) gets an empty span.
/// </summary>
internal sealed class DetectionFrameCursor(DetectionFrameReader frames)
{
    private IEnumerator<(int Frame, ReadOnlyMemory<MotRow> Rows)>? _cursor;
    private bool _more = true;

    public ReadOnlySpan<MotRow> RowsAt(int frameNumber)
    {
        if (_cursor is null)
        {
            _cursor = frames.Frames().GetEnumerator();
            _more = _cursor.MoveNext();
        }
        while (_more && _cursor.Current.Frame < frameNumber)
            _more = _cursor.MoveNext();
        return _more && _cursor.Current.Frame == frameNumber ? _cursor.Current.Rows.Span : [];
    }
}

/// <summary>Camera motion from the previous frame to this one, for trackers that compensate it.</summary>
public sealed class CameraMotionStage(ICameraMotionEstimator estimator) : PipelineStage
{
    public override bool ReadsPixels => true;

    public override void Process(FrameWork work, StageTimings timings) =>
        work.CameraMotion = estimator.Estimate(work.Image ?? throw new InvalidOperationException("camera-motion estimation needs frames"));

    public override void AddTime(StageTimings timings, double milliseconds) => timings.CameraMotionMs += milliseconds;
}

/// <summary>
/// Camera motion read from a GMC file instead of estimated: the warp from the previous frame this stage
/// saw to this one, composed over any frames in between, so a feed that skips frames still hands the
/// tracker the whole motion. Past the file's last line it fails naming that line (a video longer than
/// its file).
/// </summary>
public sealed class FileCameraMotionStage(GmcFile file) : PipelineStage
{
    private int _lastFrame;

    public override bool ReadsPixels => false;

    public override void Process(FrameWork work, StageTimings timings)
    {
        work.CameraMotion = file.Between(_lastFrame, work.FrameNumber);
        _lastFrame = work.FrameNumber;
    }

    public override void AddTime(StageTimings timings, double milliseconds) => timings.CameraMotionMs += milliseconds;
}

/// <summary>
/// Appearance vectors for one frame's detections, all crops in one model call (the embedder loops when
/// its model takes a fixed batch of one). Only detections scoring at least <paramref name="minScore"/>
/// are embedded: below it the tracker never reads an embedding, so the crop would be wasted work.
/// Used for embedders that cannot prepare crops apart (<see cref="ReidStages.For"/> picks).
/// </summary>
public sealed class ReidStage(IAppearanceEmbedder embedder, double minScore) : PipelineStage
{
    private readonly List<BoundingBox> _boxes = [];
    private readonly List<int> _indices = [];

    public override bool ReadsPixels => true;

    public override void Process(FrameWork work, StageTimings timings)
    {
        var detections = work.Detections.Span;
        _boxes.Clear();
        _indices.Clear();
        for (int i = 0; i < detections.Length; i++)
        {
            if (detections[i].Score < minScore) continue;
            _boxes.Add(detections[i].Box);
            _indices.Add(i);
        }
        var embeddings = new float[]?[detections.Length];
        if (_boxes.Count > 0)
        {
            var vectors = embedder.Embed(work.Image ?? throw new InvalidOperationException("the ReID stage needs frames"), _boxes);
            for (int k = 0; k < _indices.Count; k++) embeddings[_indices[k]] = vectors[k];
            timings.ReidCalls++;
        }
        work.Embeddings = embeddings;
        timings.CropsEmbedded += _boxes.Count;
        timings.CropsSkipped += detections.Length - _boxes.Count;
    }

    public override void AddTime(StageTimings timings, double milliseconds) => timings.EmbedMs += milliseconds;
}
