using MotTracker.Core.Tracking.Appearance;

namespace MotTracker.Core.Tracking.BotSort;

/// <summary>
/// BoT-SORT's parameters (Aharon et al. 2022, "BoT-SORT: Robust Associations Multi-Pedestrian
/// Tracking"; reference code NirAharon/BoT-SORT, tools/track.py arguments and tracker/bot_sort.py).
/// Each default names its source.
/// </summary>
public sealed record BotSortOptions
{
    /// <summary>Detections scoring above this take part in the first association (reference --track_high_thresh 0.6).</summary>
    public double TrackHighThreshold { get; init; } = 0.6;

    /// <summary>Detections scoring above this and below the high threshold take part in the second association (reference --track_low_thresh 0.1).</summary>
    public double TrackLowThreshold { get; init; } = 0.1;

    /// <summary>An unmatched high-score detection starts a track only at or above this (reference --new_track_thresh 0.7).</summary>
    public double NewTrackThreshold { get; init; } = 0.7;

    /// <summary>Cost limit of the first association (reference --match_thresh 0.8).</summary>
    public double MatchThreshold { get; init; } = 0.8;

    /// <summary>Cost limit of the second association, low-score boxes by IoU (reference bot_sort.py, fixed 0.5).</summary>
    public double SecondMatchThreshold { get; init; } = 0.5;

    /// <summary>Cost limit for unconfirmed tracks (reference bot_sort.py, fixed 0.7).</summary>
    public double UnconfirmedMatchThreshold { get; init; } = 0.7;

    /// <summary>
    /// Appearance counts only for pairs with IoU distance at or below this (paper sec. 3.3, θ_iou; reference
    /// --proximity_thresh 0.5).
    /// </summary>
    public double ProximityThreshold { get; init; } = 0.5;

    /// <summary>
    /// Appearance counts only where the halved cosine distance is at or below this (paper sec. 3.3, θ_emb;
    /// reference --appearance_thresh 0.25).
    /// </summary>
    public double AppearanceThreshold { get; init; } = 0.25;

    /// <summary>Momentum of each track's feature moving average (paper sec. 3.3 and reference STrack.alpha 0.9).</summary>
    public float EmaAlpha { get; init; } = ExponentialFeature.DefaultAlpha;

    /// <summary>Frames a lost track is kept at 30 fps (reference --track_buffer 30); scaled by the frame rate as the reference does.</summary>
    public int TrackBuffer { get; init; } = 30;

    /// <summary>Frame rate of the sequence, used to scale <see cref="TrackBuffer"/>.</summary>
    public double FrameRate { get; init; } = 30;

    /// <summary>Multiply IoU similarity by detection score in the first and unconfirmed associations (reference: on unless --mot20).</summary>
    public bool FuseScore { get; init; } = true;

    /// <summary>
    /// Report tracks not yet confirmed as well. The reference bot_sort.py returns every tracked track
    /// (its is_activated filter is commented out), so a new high-score track shows from its first frame.
    /// </summary>
    public bool ReportUnconfirmed { get; init; } = true;

    /// <summary>Frames a lost track survives: int(fps / 30 * buffer), as the reference computes it.</summary>
    public int MaxTimeLost => (int)(FrameRate / 30.0 * TrackBuffer);

    /// <summary>
    /// Whether a detection with this score can use its embedding (only first-association and
    /// unconfirmed-stage boxes are compared by appearance), so the ReID stage embeds only these.
    /// </summary>
    public bool UsesEmbeddingOf(double score) => score > TrackHighThreshold;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first parameter out of range.</summary>
    public void Validate()
    {
        static void Check(bool ok, string name, string rule)
        {
            if (!ok) throw new ArgumentException($"{name} {rule}", name);
        }
        Check(TrackHighThreshold is >= 0 and <= 1, "track-high-thresh", "must be between 0 and 1");
        Check(TrackLowThreshold >= 0 && TrackLowThreshold <= TrackHighThreshold, "track-low-thresh", "must be between 0 and track-high-thresh");
        Check(NewTrackThreshold is >= 0 and <= 1, "new-track-thresh", "must be between 0 and 1");
        Check(MatchThreshold > 0, "match-thresh", "must be positive");
        Check(SecondMatchThreshold > 0, "second-match-thresh", "must be positive");
        Check(UnconfirmedMatchThreshold > 0, "unconfirmed-match-thresh", "must be positive");
        Check(ProximityThreshold is > 0 and <= 1, "proximity-thresh", "must be in (0, 1]");
        Check(AppearanceThreshold is > 0 and <= 1, "appearance-thresh", "must be in (0, 1]");
        Check(EmaAlpha is >= 0 and < 1, "ema-alpha", "must be in [0, 1)");
        Check(TrackBuffer >= 0, "track-buffer", "must not be negative");
        Check(FrameRate > 0 && double.IsFinite(FrameRate), "fps", "must be a positive number");
    }
}
