namespace MotTracker.Tracking.Trackers.HybridSort;

/// <summary>
/// Hybrid-SORT's parameters (Yang et al., "Hybrid-SORT: Weak Cues Matter for Online Multi-Object
/// Tracking", AAAI 2024), with the defaults of the reference (ymzis69/HybridSORT utils/args.py) and,
/// where its MOT17 setting differs, boxmot's HybridSort constructor (BYTE round on, inertia 0.05 per corner).
/// </summary>
public sealed record HybridSortOptions
{
    /// <summary>Detections scoring above this are associated first and start tracks (track_thresh 0.6).</summary>
    public double DetectionThreshold { get; init; } = 0.6;

    /// <summary>Lower score bound of the BYTE round (low_thresh 0.1).</summary>
    public double LowThreshold { get; init; } = 0.1;

    /// <summary>Minimum height-modulated IoU of an accepted match (iou_thresh 0.3).</summary>
    public double IouThreshold { get; init; } = 0.3;

    /// <summary>Consecutive hits before a track is reported (min_hits 3).</summary>
    public int MinHits { get; init; } = 3;

    /// <summary>Frames a track survives unmatched, at 30 fps; scaled by the frame rate (track_buffer 30).</summary>
    public int MaxAge { get; init; } = 30;

    /// <summary>Observations back over which the four corner directions of robust OCM are summed (deltat 3).</summary>
    public int DeltaT { get; init; } = 3;

    /// <summary>Weight of each corner's direction-consistency term (boxmot inertia 0.05; four corners).</summary>
    public double Inertia { get; init; } = 0.05;

    /// <summary>Second association of low-score detections with the tracks left over (use_byte; boxmot on).</summary>
    public bool UseByte { get; init; } = true;

    /// <summary>Weight of the tracklet-confidence term |det score - Kalman-predicted track score| in the first round (TCM_first_step_weight 1.0).</summary>
    public double TcmFirstStepWeight { get; init; } = 1.0;

    /// <summary>Weight of the tracklet-confidence term |det score - linearly predicted track score| in the BYTE round (TCM_byte_step_weight 1.0).</summary>
    public double TcmByteStepWeight { get; init; } = 1.0;

    /// <summary>Camera-motion compensation of the state when a warp is given (boxmot's ECC; the paper's MOT17 runs had none).</summary>
    public bool CameraMotionCompensation { get; init; } = true;

    /// <summary>Frame rate of the sequence, used to scale <see cref="MaxAge"/>.</summary>
    public double FrameRate { get; init; } = 30;

    /// <summary>Frames a track survives unmatched: int(fps / 30 · max_age).</summary>
    public int EffectiveMaxAge => (int)(FrameRate / 30.0 * MaxAge);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first parameter out of range.</summary>
    public void Validate()
    {
        static void Check(bool ok, string name, string rule)
        {
            if (!ok) throw new ArgumentException($"{name} {rule}", name);
        }
        Check(DetectionThreshold is >= 0 and < 1, "det-thresh", "must be in [0, 1)");
        Check(LowThreshold >= 0 && LowThreshold <= DetectionThreshold, "low-thresh", "must be between 0 and det-thresh");
        Check(IouThreshold is > 0 and <= 1, "iou-thresh", "must be in (0, 1]");
        Check(MinHits >= 0, "min-hits", "must not be negative");
        Check(MaxAge >= 0, "max-age", "must not be negative");
        Check(DeltaT >= 1, "delta-t", "must be at least 1");
        Check(Inertia >= 0 && double.IsFinite(Inertia), "inertia", "must be a non-negative number");
        Check(TcmFirstStepWeight >= 0 && double.IsFinite(TcmFirstStepWeight), "tcm-first-weight", "must be a non-negative number");
        Check(TcmByteStepWeight >= 0 && double.IsFinite(TcmByteStepWeight), "tcm-byte-weight", "must be a non-negative number");
        Check(FrameRate > 0 && double.IsFinite(FrameRate), "fps", "must be a positive number");
    }
}
