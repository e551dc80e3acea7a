using MotTracker.Tracking;
using MotTracker.Tracking.PostProcessing;
using MotTracker.Inference.Detectors;
using MotTracker.Inference.Runtime;

namespace MotTracker.Engine;

/// <summary>Where a run's detections come from.</summary>
public enum DetectionSource
{
    /// <summary>A MOTChallenge sequence folder with det/det.txt: its public detections; anything else: the detector.</summary>
    Auto,

    /// <summary>A detections file (<see cref="TrackRequest.Detections"/> or the sequence's det/det.txt).</summary>
    PublicDetections,

    /// <summary>The detector model on every frame.</summary>
    Detector,
}

/// <summary>How the camera's motion between frames is estimated (for trackers that compensate it).</summary>
public enum CameraMotionMode
{
    None,

    /// <summary>Corners tracked by sparse optical flow, a RANSAC similarity fit (BoT-SORT's GMC "sparseOptFlow").</summary>
    Sparse,

    /// <summary>OpenCV's enhanced-correlation-coefficient alignment (BoT-SORT's GMC "ecc").</summary>
    Ecc,

    /// <summary>
    /// Read from a BoT-SORT GMC file (<see cref="Core.MotChallenge.GmcFile"/>): <see cref="TrackRequest.CameraMotionFile"/>,
    /// or the sequence folder's gmc.txt. Needs no pixels.
    /// </summary>
    File,
}

/// <summary>Which models run and how. Names are manifest names ('mottrack models list') or .onnx paths.</summary>
public sealed record ModelSettings
{
    public const string DefaultDetector = "yolox_nano";

    /// <summary>The detector; null means <see cref="DefaultDetector"/> when a detector runs.</summary>
    public string? Detector { get; init; }

    /// <summary>The ReID model; null runs no appearance stage.</summary>
    public string? Reid { get; init; }

    /// <summary>
    /// Detector settings. The score threshold defaults to 0.1 here (not the library's 0.3): ByteTrack's
    /// second association needs the low-score boxes.
    /// </summary>
    public DetectorOptions DetectorOptions { get; init; } = new() { ScoreThreshold = 0.1 };

    public ExecutionDevice Device { get; init; } = ExecutionDevice.Cpu;

    /// <summary>
    /// Intra-op threads per model; 0 chooses: with detector and ReID both running, each gets half the
    /// cores (at least one) so the two overlapping stages share the machine instead of oversubscribing it;
    /// a model running alone gets every core. Fixed per run, never derived from how many runs go in
    /// parallel, so results do not depend on it.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>
    /// Detector settings given explicitly (command-line names: conf, nms, imgsz, classes): a detection
    /// cache is checked against these, and only these, besides the models named.
    /// </summary>
    public IReadOnlySet<string> Given { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// Where each of <see cref="Given"/> that a settings file gave comes from (<c>FILE:LINE</c>, by the same
    /// names); absent for the command line's. A cache mismatch names it, since the user may not have typed it.
    /// </summary>
    public IReadOnlyDictionary<string, string> GivenIn { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>Everything that describes one tracking run: what to read, which models and tracker, which outputs.</summary>
public sealed record TrackRequest
{
    /// <summary>A video file or stream URL, an image folder, or a MOTChallenge sequence folder.</summary>
    public required string Input { get; init; }

    public DetectionSource DetectionSource { get; init; } = DetectionSource.Auto;

    /// <summary>A detections file to track instead of the sequence's det/det.txt (public detections only).</summary>
    public string? Detections { get; init; }

    public ModelSettings Models { get; init; } = new();

    /// <summary>A name from <see cref="TrackerFactory.Trackers"/>.</summary>
    public string Tracker { get; init; } = TrackerFactory.DefaultName;

    /// <summary>The tracker's options; <see cref="TrackerSettings.FrameRate"/> is replaced by <see cref="FrameRate"/> or the input's rate.</summary>
    public TrackerSettings TrackerSettings { get; init; } = new();

    /// <summary>Frame rate the tracker scales its frame counts by; null takes the input's (seqinfo.ini, the video, or 30).</summary>
    public double? FrameRate { get; init; }

    /// <summary>The people-only output filter applied after the tracker.</summary>
    public OutputFilter OutputFilter { get; init; } = new();

    /// <summary>
    /// Camera motion; null chooses ("auto"), for a tracker that uses camera motion (or when
    /// <see cref="RecordCameraMotion"/>): the sequence folder's gmc.txt when present, else sparse when
    /// frames are read, else none.
    /// </summary>
    public CameraMotionMode? CameraMotion { get; init; }

    /// <summary>The GMC file <see cref="CameraMotionMode.File"/> reads; null reads the sequence folder's gmc.txt.</summary>
    public string? CameraMotionFile { get; init; }

    /// <summary>
    /// Produce the camera motion even when the tracker ignores it, because an output records it
    /// (<c>--save-cmc</c>); "auto" then resolves as for a tracker that uses it.
    /// </summary>
    public bool RecordCameraMotion { get; init; }

    /// <summary>
    /// Offline post-processing of the finished tracks before they are written (interpolation, GSI). With
    /// it, or with a tracker whose design includes an offline step (<c>ocsort-offline</c>), the rows are
    /// held until the end of the input instead of streamed: memory then grows with the number of boxes.
    /// </summary>
    public PostProcessKind PostProcess { get; init; } = PostProcessKind.None;

    /// <summary>Longest gap (missing frames) interpolation fills; null keeps the tracker's default (<see cref="TrackerFactory.PostProcessDefaults"/>).</summary>
    public int? MaxGap { get; init; }

    /// <summary>Tracklet linking (<see cref="Tracking.PostProcessing.TrackletLinking"/>) before <see cref="PostProcess"/> (<c>--postprocess link[,gsi]</c>).</summary>
    public bool Link { get; init; }

    /// <summary>Longest gap linking bridges; null keeps <see cref="Tracking.PostProcessing.LinkOptions"/>' default.</summary>
    public int? LinkMaxGap { get; init; }

    /// <summary>GSI's τ; null keeps the default (10).</summary>
    public double? GsiTau { get; init; }

    /// <summary>
    /// Read every frame's pixels even when no stage needs them (for an output drawn on the frames). On
    /// public detections this needs the sequence's frames.
    /// </summary>
    public bool ReadFrames { get; init; }

    /// <summary>
    /// Whether the input is a live stream: reopened when it drops (<see cref="ReconnectTimeout"/>), its
    /// result file written in place and flushed every frame. Null decides by the URL's scheme (rtsp,
    /// rtsps, rtmp, rtmps, udp, rtp, srt, tcp are live; http(s) is a finite file unless told); true needs a URL.
    /// </summary>
    public bool? Live { get; init; }

    /// <summary>Longest outage of a live stream before the run ends; null reconnects forever. Live input only.</summary>
    public TimeSpan? ReconnectTimeout { get; init; }
}
