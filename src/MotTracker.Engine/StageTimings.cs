namespace MotTracker.Engine;

/// <summary>Milliseconds spent in each stage, summed over the frames of a run, and the ReID crop counts.</summary>
public sealed class StageTimings
{
    /// <summary>Reading frames (decoding, or stepping through a detections file).</summary>
    public double DecodeMs { get; set; }

    public double CameraMotionMs { get; set; }
    public double DetectMs { get; set; }
    public double EmbedMs { get; set; }

    /// <summary>Cutting and normalising ReID crops (its own stage, beside the detector).</summary>
    public double CropMs { get; set; }
    public double AssociateMs { get; set; }

    /// <summary>Observers: writing result rows (and whatever else watches the frames).</summary>
    public double WriteMs { get; set; }

    /// <summary>Reading and checking a detections file before the run.</summary>
    public double ParseMs { get; set; }

    public double WallMs { get; set; }
    public int Frames { get; set; }

    /// <summary>Detections whose crops the ReID model embedded.</summary>
    public long CropsEmbedded { get; set; }

    /// <summary>Detections not embedded because the tracker would never read their embedding (score too low).</summary>
    public long CropsSkipped { get; set; }

    /// <summary>ReID model calls (one per group of frames when crops are batched across frames).</summary>
    public long ReidCalls { get; set; }

    /// <summary>Detector-only milliseconds per frame, when measured.</summary>
    public double? DetectorAloneMs { get; set; }
}

/// <summary>Progress after a frame was associated: its number, frames done so far and the total when known.</summary>
public readonly record struct TrackProgress(int FrameNumber, int FramesDone, int? FramesTotal);
