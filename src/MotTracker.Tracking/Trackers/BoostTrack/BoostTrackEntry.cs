using MotTracker.Tracking.Trackers.DeepSort;

namespace MotTracker.Tracking.Trackers.BoostTrack;

/// <summary>BoostTrack as <c>--tracker boosttrack</c> (boxmot's configuration) and <c>boosttrack-plus</c> (the ++ switches on): one table, two sets of defaults.</summary>
public static class BoostTrackEntry
{
    private static readonly TrackerRange NonNegative = new(0, double.PositiveInfinity, false, true, "must be a non-negative number");

    private static readonly IReadOnlyList<TrackerOption> Table =
    [
        TrackerOption.Double<BoostTrackOptions>("det-thresh", "BoostTrack: detections scoring at least this after the boosts are associated and start tracks", o => o.DetectionThreshold, (o, v) => o with { DetectionThreshold = v }, TrackerRange.Unit),
        TrackerOption.Double<BoostTrackOptions>("iou-thresh", "BoostTrack: smallest IoU of a match", o => o.IouThreshold, (o, v) => o with { IouThreshold = v }, TrackerRange.PositiveUnit),
        TrackerOption.Int32<BoostTrackOptions>("min-hits", "BoostTrack: hits in a row before a track is reported", o => o.MinHits, (o, v) => o with { MinHits = v }, TrackerRange.NotNegative),
        TrackerOption.Int32<BoostTrackOptions>("max-age", DeepSortEntry.MaxAgeHelp, o => o.MaxAge, (o, v) => o with { MaxAge = v }, TrackerRange.NotNegative),
        TrackerOption.Double<BoostTrackOptions>("lambda-iou", "BoostTrack: weight of the confidence-weighted IoU term of the similarity", o => o.LambdaIou, (o, v) => o with { LambdaIou = v }, NonNegative, showDefault: true),
        TrackerOption.Double<BoostTrackOptions>("lambda-mhd", "BoostTrack: weight of the Mahalanobis term of the similarity", o => o.LambdaMahalanobis, (o, v) => o with { LambdaMahalanobis = v }, NonNegative, showDefault: true),
        TrackerOption.Double<BoostTrackOptions>("lambda-shape", "BoostTrack: weight of the shape term of the similarity", o => o.LambdaShape, (o, v) => o with { LambdaShape = v }, NonNegative, showDefault: true),
        TrackerOption.Boolean<BoostTrackOptions>("dlo-boost", "BoostTrack: raise the score of a detection a track expects to the DLO coefficient times its best similarity", o => o.UseDloBoost, (o, v) => o with { UseDloBoost = v }),
        TrackerOption.Boolean<BoostTrackOptions>("duo-boost", "BoostTrack: raise a low-score detection far from every track to the threshold", o => o.UseDuoBoost, (o, v) => o with { UseDuoBoost = v }),
        TrackerOption.Double<BoostTrackOptions>("dlo-boost-coef", "BoostTrack: the DLO coefficient", o => o.DloBoostCoefficient, (o, v) => o with { DloBoostCoefficient = v }, NonNegative, showDefault: true),
        TrackerOption.Boolean<BoostTrackOptions>("s-sim-corr", "BoostTrack: divide the shape term's height difference by the larger height (the published form divides by the larger width)", o => o.CorrectedShapeSimilarity, (o, v) => o with { CorrectedShapeSimilarity = v }),
        TrackerOption.Boolean<BoostTrackOptions>("rich-similarity", "BoostTrack++: DLO's similarity is the mean of soft buffered IoU, Mahalanobis and shape similarities", o => o.UseRichSimilarity, (o, v) => o with { UseRichSimilarity = v }),
        TrackerOption.Boolean<BoostTrackOptions>("soft-boost", "BoostTrack++: soft DLO boost, score = max(score, 0.65 score + 0.35 similarity^1.5)", o => o.UseSoftBoost, (o, v) => o with { UseSoftBoost = v }),
        TrackerOption.Boolean<BoostTrackOptions>("varying-thresholds", "BoostTrack++: a detection whose similarity to a track passes a threshold falling from 0.95 to 0.8 with the track's frames unseen gets the detection threshold", o => o.UseVaryingThresholds, (o, v) => o with { UseVaryingThresholds = v }),
    ];

    public static TrackerEntry<BoostTrackOptions> Entry { get; } = new()
    {
        Name = "boosttrack",
        Summary = "BoostTrack (Stanojević & Todorović 2024): detection-confidence boosts (DLO, DUO) and IoU + Mahalanobis + shape similarity, boxmot's configuration",
        UsesAppearance = true,
        UsesCameraMotion = true,
        Defaults = new BoostTrackOptions(),
        Factory = (options, fps) => new BoostTracker(options with { FrameRate = fps }),
        Validator = options => options.Validate(),
        Options = Table,
    };

    /// <summary>BoostTrack++: rich similarity, soft boost and varying thresholds on (<see cref="BoostTrackOptions.PlusPlus"/>).</summary>
    public static TrackerEntry<BoostTrackOptions> PlusPlus { get; } = new()
    {
        Name = "boosttrack-plus",
        Aliases = ["boosttrack++"],
        Summary = "BoostTrack++ (Stanojević & Todorović 2024): BoostTrack with rich similarity, soft boost and varying thresholds",
        UsesAppearance = true,
        UsesCameraMotion = true,
        Defaults = BoostTrackOptions.PlusPlus,
        Factory = (options, fps) => new BoostTracker(options with { FrameRate = fps }),
        Validator = options => options.Validate(),
        Options = Table,
    };
}
