namespace MotTracker.Tracking.Trackers.DeepSort;

/// <summary>
/// DeepSORT's parameters (Wojke et al. 2017, "Simple Online and Realtime Tracking with a Deep
/// Association Metric"; reference code nwojke/deep_sort). Each default names its source.
/// </summary>
public sealed record DeepSortOptions
{
    /// <summary>
    /// Detections scoring below this are ignored. The reference deep_sort_app uses 0.8 with its Faster
    /// R-CNN detections; YOLOX scores run lower and our detector keeps boxes down to 0.1, so we use 0.5,
    /// ByteTrack's high-score split (track_thresh), which keeps the boxes a tracker should start from.
    /// </summary>
    public double MinConfidence { get; init; } = 0.5;

    /// <summary>
    /// An unmatched detection starts a tentative track only if it scores at least this (our addition;
    /// the reference starts one from every detection it keeps). Detections between
    /// <see cref="MinConfidence"/> and this still continue tracks, so occluded people scoring lower keep
    /// their track. 0.6 is our ByteTrack's new-track score (track_thresh + 0.1) for the same detector: on
    /// the synthetic scenes (README "Appearance trackers on synthetic scenes") a static piece of street
    /// clutter scoring 0.5-0.6 otherwise became a track hundreds of frames long. At or below
    /// <see cref="MinConfidence"/> it has no effect.
    /// </summary>
    public double NewTrackConfidence { get; init; } = 0.6;

    /// <summary>
    /// Largest cosine distance for an appearance match (reference deep_sort_app --max_cosine_distance 0.2).
    /// </summary>
    public double MaxCosineDistance { get; init; } = 0.2;

    /// <summary>
    /// Features kept per track, the oldest dropped first; null keeps all. 100 is the reference README's
    /// example (--nn_budget=100); the reference code's own default is unbounded.
    /// </summary>
    public int? NnBudget { get; init; } = 100;

    /// <summary>Largest 1 - IoU for the IoU matching stage (reference tracker.py max_iou_distance 0.7).</summary>
    public double MaxIouDistance { get; init; } = 0.7;

    /// <summary>
    /// Frames a confirmed track survives without a match, at 30 fps: 70, the reference tracker.py
    /// default (issue 8 proposed 30). Scaling by the frame rate is our addition, as for ByteTrack's
    /// buffer, so 70 keeps a track 2.3 s; 30 (one second) lost people hidden longer than that: on
    /// synthetic scenes at 10 fps (seeds 11 and 12) 70 lowered identity switches from 44 to 32 and raised
    /// IDF1 from 55.6 to 58.6 (with --max-cosine-distance 0.3; at 0.2, 33 switches and IDF1 59.0).
    /// </summary>
    public int MaxAge { get; init; } = 70;

    /// <summary>Consecutive hits that confirm a new track (paper sec. 2.1 and reference tracker.py n_init 3).</summary>
    public int NInit { get; init; } = 3;

    /// <summary>
    /// Chi-square 0.95 quantile for 4 degrees of freedom, the Mahalanobis gate (paper sec. 2.2, t⁽¹⁾ = 9.4877;
    /// reference chi2inv95[4]).
    /// </summary>
    public double GatingThreshold { get; init; } = Motion.Gating.Chi2Inv95(4);

    /// <summary>Frame rate of the sequence, used to scale <see cref="MaxAge"/>.</summary>
    public double FrameRate { get; init; } = 30;

    /// <summary>Frames a confirmed track survives unmatched: int(fps / 30 * max_age), as ByteTrack scales its buffer.</summary>
    public int MaxAgeFrames => (int)(FrameRate / 30.0 * MaxAge);

    /// <summary>
    /// Whether a detection with this score takes part (and so can use its embedding): the ReID stage
    /// embeds only these.
    /// </summary>
    public bool UsesEmbeddingOf(double score) => score >= MinConfidence;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first parameter out of range.</summary>
    public void Validate()
    {
        static void Check(bool ok, string name, string rule)
        {
            if (!ok) throw new ArgumentException($"{name} {rule}", name);
        }
        Check(MinConfidence is >= 0 and <= 1, "min-confidence", "must be between 0 and 1");
        Check(NewTrackConfidence is >= 0 and <= 1, "new-track-confidence", "must be between 0 and 1");
        Check(MaxCosineDistance is > 0 and <= 2, "max-cosine-distance", "must be in (0, 2]");
        Check(NnBudget is null or > 0, "nn-budget", "must be positive");
        Check(MaxIouDistance is > 0 and <= 1, "max-iou-distance", "must be in (0, 1]");
        Check(MaxAge >= 1, "max-age", "must be at least 1");
        Check(NInit >= 1, "n-init", "must be at least 1");
        Check(GatingThreshold > 0, "gating-threshold", "must be positive");
        Check(FrameRate > 0 && double.IsFinite(FrameRate), "fps", "must be a positive number");
        Check(MaxAgeFrames >= 1, "max-age", "must stay at least 1 frame after scaling by fps / 30");
    }
}
