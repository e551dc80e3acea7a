using MotTracker.Tracking.Appearance;

namespace MotTracker.Tracking.Trackers.BotSort;

/// <summary>
/// BoT-SORT's parameters (Aharon et al. 2022, "BoT-SORT: Robust Associations Multi-Pedestrian
/// Tracking"; reference code NirAharon/BoT-SORT, tools/track.py arguments and tracker/bot_sort.py).
/// Each default names its source.
/// </summary>
public sealed record BotSortOptions
{
    /// <summary>
    /// Detections scoring above this take part in the first association. The reference's
    /// --track_high_thresh is 0.6, set for YOLOX-X on MOT17; we use 0.5, our ByteTrack's track_thresh
    /// for the same YOLOX-nano detector, whose scores run lower: on synthetic scenes (seeds 11 and 12,
    /// README "Appearance trackers on synthetic scenes") 0.5 / 0.6 raised MOTA from 62.4 to 67.7 and
    /// HOTA from 47.5 to 49.7 over 0.6 / 0.7.
    /// </summary>
    public double TrackHighThreshold { get; init; } = 0.5;

    /// <summary>Detections scoring above this and below the high threshold take part in the second association (reference --track_low_thresh 0.1).</summary>
    public double TrackLowThreshold { get; init; } = 0.1;

    /// <summary>
    /// An unmatched high-score detection starts a track only at or above this. The reference's
    /// --new_track_thresh is 0.7 (its high threshold + 0.1); we keep the + 0.1 on our lower high threshold,
    /// as our ByteTrack does (see <see cref="TrackHighThreshold"/>).
    /// </summary>
    public double NewTrackThreshold { get; init; } = 0.6;

    /// <summary>Cost limit of the first association (reference --match_thresh 0.8).</summary>
    public double MatchThreshold { get; init; } = 0.8;

    /// <summary>Cost limit of the second association, low-score boxes by IoU (reference bot_sort.py, fixed 0.5).</summary>
    public double SecondMatchThreshold { get; init; } = 0.5;

    /// <summary>Cost limit for unconfirmed tracks (reference bot_sort.py, fixed 0.7).</summary>
    public double UnconfirmedMatchThreshold { get; init; } = 0.7;

    /// <summary>
    /// Appearance counts only for pairs with IoU distance at or below this (paper sec. 3.3, θ_iou). The
    /// reference's --proximity_thresh is 0.5 (IoU at least 0.5); we use 0.8 (IoU at least 0.2): at 10 fps
    /// a person walking or a track coasting for a second moves further between updates than at 30, so
    /// 0.5 left appearance out exactly where it helps. On synthetic scenes (seeds 11 and 12, buffer 60)
    /// 0.8 raised IDF1 from 58.6 to 61.7 and AssA from 44.7 to 47.6, with 36 identity switches
    /// instead of 41; 1.0 (appearance at any distance) collapsed (IDF1 41).
    /// </summary>
    public double ProximityThreshold { get; init; } = 0.8;

    /// <summary>
    /// Appearance counts only where the halved cosine distance is at or below this (paper sec. 3.3, θ_emb;
    /// reference --appearance_thresh 0.25).
    /// </summary>
    public double AppearanceThreshold { get; init; } = 0.25;

    /// <summary>Momentum of each track's feature moving average (paper sec. 3.3 and reference STrack.alpha 0.9).</summary>
    public float EmaAlpha { get; init; } = ExponentialFeature.DefaultAlpha;

    /// <summary>
    /// Frames a lost track is kept at 30 fps; scaled by the frame rate as the reference does. The
    /// reference's --track_buffer is 30 (one second); we keep lost tracks three seconds (90), since people
    /// hidden behind others or briefly missed by a small detector are often gone longer: on synthetic
    /// scenes at 10 fps (seeds 11 and 12) 60 lowered identity switches from 48 to 41 and raised IDF1 from
    /// 57.8 to 58.6 and AssA from 43.6 to 44.7; with <see cref="ProximityThreshold"/> 0.8, 90 against 60
    /// gave IDF1 62.9 against 61.7, AssA 48.9 against 47.6 and 33 switches against 36.
    /// </summary>
    public int TrackBuffer { get; init; } = 90;

    /// <summary>Frame rate of the sequence, used to scale <see cref="TrackBuffer"/>.</summary>
    public double FrameRate { get; init; } = 30;

    /// <summary>Multiply IoU similarity by detection score in the first and unconfirmed associations (reference: on unless --mot20).</summary>
    public bool FuseScore { get; init; } = true;

    /// <summary>
    /// Report tracks not yet confirmed as well. The reference bot_sort.py returns every tracked track
    /// (its is_activated filter is commented out), so a new high-score track shows from its first frame.
    /// We default to false, as ByteTrack reports: a track born while its person's old track is briefly
    /// lost would otherwise be written for a frame and cost two identity switches when the old track
    /// recovers, and one-frame tracks on clutter are false positives. On synthetic scenes (seeds 11 and
    /// 12) not reporting them lowered identity switches from 61 to 48 (IDF1 57.9 to 57.8, HOTA 49.7 to
    /// 49.2). Set true for the reference's output.
    /// </summary>
    public bool ReportUnconfirmed { get; init; } = false;

    /// <summary>Frames a lost track survives: int(fps / 30 * buffer), as the reference computes it.</summary>
    public int MaxTimeLost => (int)(FrameRate / 30.0 * TrackBuffer);

    /// <summary>
    /// Whether a detection with this score can use its embedding (only first-association and
    /// unconfirmed-stage boxes are compared by appearance), so the ReID stage embeds only these.
    /// </summary>
    public bool UsesEmbeddingOf(double score) => score > TrackHighThreshold;

    /// <summary>
    /// The reference code's values where ours differ (high 0.6, new track 0.7, proximity 0.5, buffer
    /// 30, unconfirmed tracks reported), for comparing with its output.
    /// </summary>
    public static BotSortOptions Reference { get; } = new() { TrackHighThreshold = 0.6, NewTrackThreshold = 0.7, ProximityThreshold = 0.5, TrackBuffer = 30, ReportUnconfirmed = true };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first parameter out of range.</summary>
    public void Validate()
    {
        static void Check(bool ok, string name, string rule)
        {
            if (!ok) throw new ArgumentException($"{name} {rule}", name);
        }
        // Named by the command-line flags they are read from (--track-thresh, --low-thresh, shared with ByteTrack).
        Check(TrackHighThreshold is >= 0 and <= 1, "track-thresh", "must be between 0 and 1");
        Check(TrackLowThreshold >= 0 && TrackLowThreshold <= TrackHighThreshold, "low-thresh", "must be between 0 and track-thresh");
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
