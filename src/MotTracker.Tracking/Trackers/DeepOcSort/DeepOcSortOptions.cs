namespace MotTracker.Tracking.Trackers.DeepOcSort;

/// <summary>
/// Deep OC-SORT's parameters (Maggiolino et al., "Deep OC-SORT: Multi-Pedestrian Tracking by Adaptive
/// Re-Identification", ICIP 2023). The OC-SORT part keeps OC-SORT's reference defaults; the appearance
/// part the reference's (GerardMaggiolino/Deep-OC-SORT, as boxmot's deepocsort.yaml).
/// </summary>
public sealed record DeepOcSortOptions
{
    /// <summary>Detections scoring above this are associated and start tracks (OC-SORT track_thresh 0.6 on MOT17).</summary>
    public double DetectionThreshold { get; init; } = 0.6;

    /// <summary>Minimum IoU of any accepted match (iou_thresh 0.3).</summary>
    public double IouThreshold { get; init; } = 0.3;

    /// <summary>Consecutive hits before a track is reported (min_hits 3).</summary>
    public int MinHits { get; init; } = 3;

    /// <summary>Frames a track survives unmatched, at 30 fps; scaled by the frame rate (max_age 30).</summary>
    public int MaxAge { get; init; } = 30;

    /// <summary>Observation gap Δt for OCM's direction (delta_t 3).</summary>
    public int DeltaT { get; init; } = 3;

    /// <summary>Weight of OCM's direction-consistency term (inertia 0.2).</summary>
    public double Inertia { get; init; } = 0.2;

    /// <summary>Base weight of the appearance similarity in the first association (w_association_emb 0.75).</summary>
    public double AppearanceWeight { get; init; } = 0.75;

    /// <summary>Dynamic appearance: the EMA momentum of a detection scoring 1; it rises to 1 at the detection threshold (alpha_fixed_emb 0.95).</summary>
    public double FixedEmbeddingAlpha { get; init; } = 0.95;

    /// <summary>Adaptive weighting's bottom: a best-to-second similarity ratio above it earns no extra weight (aw_param 0.5).</summary>
    public double AdaptiveWeightBottom { get; init; } = 0.5;

    /// <summary>Adaptive weighting on (aw_off false): distinctive appearance matches weigh up to 1 more.</summary>
    public bool AdaptiveWeighting { get; init; } = true;

    /// <summary>Camera-motion compensation on (cmc_off false), when a warp is given.</summary>
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
        Check(IouThreshold is > 0 and <= 1, "iou-thresh", "must be in (0, 1]");
        Check(MinHits >= 0, "min-hits", "must not be negative");
        Check(MaxAge >= 0, "max-age", "must not be negative");
        Check(DeltaT >= 1, "delta-t", "must be at least 1");
        Check(Inertia >= 0 && double.IsFinite(Inertia), "inertia", "must be a non-negative number");
        Check(AppearanceWeight >= 0 && double.IsFinite(AppearanceWeight), "w-assoc-emb", "must be a non-negative number");
        Check(FixedEmbeddingAlpha is >= 0 and <= 1, "alpha-fixed-emb", "must be between 0 and 1");
        Check(AdaptiveWeightBottom is >= 0 and < 1, "aw-param", "must be in [0, 1)");
        Check(FrameRate > 0 && double.IsFinite(FrameRate), "fps", "must be a positive number");
    }
}
