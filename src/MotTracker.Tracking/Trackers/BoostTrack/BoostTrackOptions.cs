namespace MotTracker.Tracking.Trackers.BoostTrack;

/// <summary>
/// BoostTrack's parameters (Stanojević &amp; Todorović, "BoostTrack: boosting the similarity measure and
/// detection confidence for improved multiple object tracking", MVA 2024) and the switches of its
/// BoostTrack++ extensions (arXiv 2408.13003), with the defaults of boxmot's configuration
/// (boxmot/configs/boosttrack.yaml: BoostTrack on, the ++ switches off, no ReID).
/// </summary>
public sealed record BoostTrackOptions
{
    /// <summary>Detections scoring at least this (after boosting) are associated and start tracks (det_thresh 0.6).</summary>
    public double DetectionThreshold { get; init; } = 0.6;

    /// <summary>Minimum IoU of an accepted match (iou_threshold 0.3).</summary>
    public double IouThreshold { get; init; } = 0.3;

    /// <summary>Consecutive hits before a track is reported (min_hits 3).</summary>
    public int MinHits { get; init; } = 3;

    /// <summary>Frames a track survives unmatched, at 30 fps; scaled by the frame rate (max_age 60).</summary>
    public int MaxAge { get; init; } = 60;

    /// <summary>Weight of the confidence-weighted IoU term of the similarity (paper eq. 8, lambda_iou 0.5).</summary>
    public double LambdaIou { get; init; } = 0.5;

    /// <summary>Weight of the Mahalanobis term of the similarity (lambda_mhd 0.25).</summary>
    public double LambdaMahalanobis { get; init; } = 0.25;

    /// <summary>Weight of the shape term of the similarity (lambda_shape 0.25).</summary>
    public double LambdaShape { get; init; } = 0.25;

    /// <summary>Detection-likelihood boost (DLO): a detection overlapping a track gets at least coef · its best similarity as score (use_dlo_boost).</summary>
    public bool UseDloBoost { get; init; } = true;

    /// <summary>Detection-of-untracked-objects boost (DUO): a low-score box far from every track (Mahalanobis) is raised to the threshold (use_duo_boost).</summary>
    public bool UseDuoBoost { get; init; } = true;

    /// <summary>The DLO coefficient (dlo_boost_coef 0.65).</summary>
    public double DloBoostCoefficient { get; init; } = 0.65;

    /// <summary>Divide the height difference of the shape term by the larger height, not the larger width (s_sim_corr; off as published).</summary>
    public bool CorrectedShapeSimilarity { get; init; }

    /// <summary>BoostTrack++: DLO's similarity is the mean of soft buffered IoU, Mahalanobis and shape similarities (use_rich_s).</summary>
    public bool UseRichSimilarity { get; init; }

    /// <summary>BoostTrack++: soft DLO boost, score ← max(score, 0.65·score + 0.35·S^1.5) (use_sb).</summary>
    public bool UseSoftBoost { get; init; }

    /// <summary>BoostTrack++: varying thresholds, a detection whose similarity to a recently seen track passes a threshold falling with the track's time unseen gets the detection threshold (use_vt).</summary>
    public bool UseVaryingThresholds { get; init; }

    /// <summary>Frame rate of the sequence, used to scale <see cref="MaxAge"/>.</summary>
    public double FrameRate { get; init; } = 30;

    /// <summary>BoostTrack++: the three ++ switches on (the paper's full method).</summary>
    public static BoostTrackOptions PlusPlus { get; } = new() { UseRichSimilarity = true, UseSoftBoost = true, UseVaryingThresholds = true };

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
        Check(LambdaIou >= 0 && double.IsFinite(LambdaIou), "lambda-iou", "must be a non-negative number");
        Check(LambdaMahalanobis >= 0 && double.IsFinite(LambdaMahalanobis), "lambda-mhd", "must be a non-negative number");
        Check(LambdaShape >= 0 && double.IsFinite(LambdaShape), "lambda-shape", "must be a non-negative number");
        Check(DloBoostCoefficient >= 0 && double.IsFinite(DloBoostCoefficient), "dlo-boost-coef", "must be a non-negative number");
        Check(FrameRate > 0 && double.IsFinite(FrameRate), "fps", "must be a positive number");
    }
}
