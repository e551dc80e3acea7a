using MotTracker.Tracking.Trackers.DeepSort;

namespace MotTracker.Tracking.Trackers.StrongSort;

/// <summary>StrongSORT as <c>--tracker strongsort</c>: DeepSORT's flags with StrongSORT's defaults, and its own.</summary>
public static class StrongSortEntry
{
    public static TrackerEntry<StrongSortOptions> Entry { get; } = new()
    {
        Name = "strongsort",
        Summary = "StrongSORT (Du et al. 2023): DeepSORT with NSA Kalman, EMA features, camera motion and one motion+appearance assignment",
        UsesAppearance = true,
        UsesCameraMotion = true,
        Defaults = new StrongSortOptions(),
        Factory = (options, fps) => new StrongSortTracker(options with { FrameRate = fps }),
        Validator = options => options.Validate(),
        AppearanceThreshold = options => options.MinConfidence,
        Options =
        [
            TrackerOption.Double<StrongSortOptions>("min-confidence", "StrongSORT: detections below this score are not tracked", o => o.MinConfidence, (o, v) => o with { MinConfidence = v }, TrackerRange.Unit),
            TrackerOption.Double<StrongSortOptions>("max-cosine-distance", "StrongSORT: largest cost of an appearance match", o => o.MaxCosineDistance, (o, v) => o with { MaxCosineDistance = v }, new TrackerRange(0, 2, true, false, "must be in (0, 2]")),
            TrackerOption.Double<StrongSortOptions>("max-iou-distance", "StrongSORT: largest 1 - IoU of the IoU round", o => o.MaxIouDistance, (o, v) => o with { MaxIouDistance = v }, TrackerRange.PositiveUnit, showDefault: true),
            TrackerOption.Int32<StrongSortOptions>("n-init", "StrongSORT: hits before a track is confirmed", o => o.NInit, (o, v) => o with { NInit = v }, TrackerRange.AtLeast(1), showDefault: true),
            TrackerOption.Int32<StrongSortOptions>("max-age", DeepSortEntry.MaxAgeHelp, o => o.MaxAge, (o, v) => o with { MaxAge = v }, TrackerRange.NotNegative),
            TrackerOption.Double<StrongSortOptions>("mc-lambda", "StrongSORT: weight of the appearance cost against the Mahalanobis distance", o => o.MotionLambda, (o, v) => o with { MotionLambda = v }, TrackerRange.Unit, showDefault: true),
            TrackerOption.Single<StrongSortOptions>("ema-alpha", "StrongSORT: momentum of each track's moving-average appearance feature", o => o.EmaAlpha, (o, v) => o with { EmaAlpha = v }, new TrackerRange(0, 1, false, true, "must be in [0, 1)"), showDefault: true),
            TrackerOption.Boolean<StrongSortOptions>("nsa", "StrongSORT: scale the Kalman measurement noise by the detection's lack of confidence (NSA)", o => o.NsaKalman, (o, v) => o with { NsaKalman = v }),
        ],
    };
}
