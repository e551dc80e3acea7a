namespace MotTracker.Tracking.Trackers.StrongSort;

/// <summary>
/// StrongSORT's parameters (Du et al., "StrongSORT: Make DeepSORT Great Again", IEEE TMM 2023), with the
/// defaults of the reference (dyhBUPT/StrongSORT opts.py, as boxmot's strongsort.yaml).
/// </summary>
public sealed record StrongSortOptions
{
    /// <summary>Detections scoring below this are ignored (reference opts min_confidence 0.6).</summary>
    public double MinConfidence { get; init; } = 0.6;

    /// <summary>Largest cost of an appearance match: λ·cosine distance + (1 - λ)·Mahalanobis (max_cos_dist 0.4).</summary>
    public double MaxCosineDistance { get; init; } = 0.4;

    /// <summary>Largest 1 - IoU in the IoU stage, and of motion-only matches (max_iou_dist 0.7).</summary>
    public double MaxIouDistance { get; init; } = 0.7;

    /// <summary>Frames a confirmed track survives unmatched, at 30 fps; scaled by the frame rate (max_age 30).</summary>
    public int MaxAge { get; init; } = 30;

    /// <summary>Consecutive hits that confirm a track (n_init 3).</summary>
    public int NInit { get; init; } = 3;

    /// <summary>Weight λ of the appearance cost against the Mahalanobis distance (paper eq. 4, mc_lambda 0.98).</summary>
    public double MotionLambda { get; init; } = 0.98;

    /// <summary>Momentum of the EMA appearance feature (paper eq. 2, ema_alpha 0.9).</summary>
    public float EmaAlpha { get; init; } = 0.9f;

    /// <summary>NSA Kalman: the measurement noise shrinks with the detection's confidence (paper eq. 3; on).</summary>
    public bool NsaKalman { get; init; } = true;

    /// <summary>Frame rate of the sequence, used to scale <see cref="MaxAge"/>.</summary>
    public double FrameRate { get; init; } = 30;

    /// <summary>Frames a confirmed track survives unmatched: int(fps / 30 · max_age).</summary>
    public int EffectiveMaxAge => (int)(FrameRate / 30.0 * MaxAge);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first parameter out of range.</summary>
    public void Validate()
    {
        static void Check(bool ok, string name, string rule)
        {
            if (!ok) throw new ArgumentException($"{name} {rule}", name);
        }
        Check(MinConfidence is >= 0 and <= 1, "min-confidence", "must be between 0 and 1");
        Check(MaxCosineDistance is > 0 and <= 2, "max-cosine-distance", "must be in (0, 2]");
        Check(MaxIouDistance is > 0 and <= 1, "max-iou-distance", "must be in (0, 1]");
        Check(MaxAge >= 0, "max-age", "must not be negative");
        Check(NInit >= 1, "n-init", "must be at least 1");
        Check(MotionLambda is >= 0 and <= 1, "mc-lambda", "must be between 0 and 1");
        Check(EmaAlpha is >= 0 and < 1, "ema-alpha", "must be in [0, 1)");
        Check(FrameRate > 0 && double.IsFinite(FrameRate), "fps", "must be a positive number");
    }
}
