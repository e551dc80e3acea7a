namespace MotTracker.Tracking.Trackers.OcSort;

/// <summary>
/// OC-SORT's parameters (Cao et al., "Observation-Centric SORT", CVPR 2023), with the defaults of the
/// reference implementation (noahcao/OC_SORT: utils/args.py and the OCSort constructor).
/// </summary>
public sealed record OcSortOptions
{
    /// <summary>Detections scoring above this are associated and may start tracks (reference args.track_thresh 0.6).</summary>
    public double DetectionThreshold { get; init; } = 0.6;

    /// <summary>Minimum IoU of any accepted match, in every round (reference iou_thresh 0.3).</summary>
    public double IouThreshold { get; init; } = 0.3;

    /// <summary>Consecutive hits before a track is reported (reference min_hits 3).</summary>
    public int MinHits { get; init; } = 3;

    /// <summary>Frames a track survives unmatched, at 30 fps; scaled by the frame rate (reference max_age 30).</summary>
    public int MaxAge { get; init; } = 30;

    /// <summary>Observation gap Δt for the motion direction of OCM (reference delta_t 3).</summary>
    public int DeltaT { get; init; } = 3;

    /// <summary>Weight λ of the direction-consistency (OCM) cost (reference inertia 0.2).</summary>
    public double Inertia { get; init; } = 0.2;

    /// <summary>
    /// Adds ByteTrack's second association of low-score detections (between <see cref="LowThreshold"/>
    /// and <see cref="DetectionThreshold"/>) with the tracks left over (reference use_byte, off by default).
    /// </summary>
    public bool UseByte { get; init; }

    /// <summary>Lower score bound of the BYTE round (reference: scores &gt; 0.1).</summary>
    public double LowThreshold { get; init; } = 0.1;

    /// <summary>Frame rate of the sequence, used to scale <see cref="MaxAge"/>.</summary>
    public double FrameRate { get; init; } = 30;

    /// <summary>
    /// The defaults of <c>--tracker ocsort-offline</c>, this project's OC-SORT setting for offline runs
    /// (with <c>--postprocess gsi</c>): OC-SORT's ORU, OCM and OCR plus its optional BYTE round
    /// (use_byte), only detections scoring above 0.8 start tracks or take part in the first round
    /// (reference 0.6), tracks are kept 60 frames at 30 fps (reference 30), and every match is reported at
    /// once (min hits 0): the confirmation OC-SORT does online with min_hits 3 is done offline instead, by
    /// <see cref="PostProcessing.PostProcessOptions.MinRunLength"/> 4 from <see cref="TrackerFactory.PostProcessDefaults"/>,
    /// which keeps a confirmed track's first boxes too (OC-SORT's head padding); interpolation then
    /// fills gaps of up to 60 frames. One setting for every sequence, chosen on MOT17 and MOT15 train
    /// together (numbers in the scoreboard test and MotTracker.Core.Tests' OcSortOfflineRecipeTests).
    /// </summary>
    public static OcSortOptions Offline { get; } = new() { DetectionThreshold = 0.8, MaxAge = 60, MinHits = 0, UseByte = true };

    /// <summary>Frames a track survives unmatched: int(fps / 30 · max_age), as ByteTrack scales its buffer.</summary>
    public int EffectiveMaxAge => (int)(FrameRate / 30.0 * MaxAge);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first parameter out of range.</summary>
    public void Validate()
    {
        static void Check(bool ok, string name, string rule)
        {
            if (!ok) throw new ArgumentException($"{name} {rule}", name);
        }
        Check(DetectionThreshold is >= 0 and <= 1, "det-thresh", "must be between 0 and 1");
        Check(IouThreshold is > 0 and <= 1, "iou-thresh", "must be in (0, 1]");
        Check(MinHits >= 0, "min-hits", "must not be negative");
        Check(MaxAge >= 0, "max-age", "must not be negative");
        Check(DeltaT >= 1, "delta-t", "must be at least 1");
        Check(Inertia >= 0 && double.IsFinite(Inertia), "inertia", "must be a non-negative number");
        Check(LowThreshold >= 0 && LowThreshold <= DetectionThreshold, "low-thresh", "must be between 0 and det-thresh");
        Check(FrameRate > 0 && double.IsFinite(FrameRate), "fps", "must be a positive number");
    }
}
