namespace MotTracker.Tracking.Trackers.DeepSort;

/// <summary>DeepSORT as <c>--tracker deepsort</c>: its options table and how it is built.</summary>
public static class DeepSortEntry
{
    /// <summary>The help of <c>--max-age</c>, which OC-SORT declares too.</summary>
    public const string MaxAgeHelp = "Frames a track survives unseen at 30 fps, scaled by the frame rate";

    public static TrackerEntry<DeepSortOptions> Entry { get; } = new()
    {
        Name = "deepsort",
        Summary = "DeepSORT (Wojke et al. 2017): appearance matching cascade gated by Mahalanobis distance, then IoU",
        UsesAppearance = true,
        Defaults = new DeepSortOptions(),
        Factory = (options, fps) => new DeepSortTracker(options with { FrameRate = fps }),
        Validator = options => options.Validate(),
        AppearanceThreshold = options => options.MinConfidence,
        Options =
        [
            TrackerOption.Double<DeepSortOptions>("min-confidence", "DeepSORT: detections below this score are not tracked (the reference app's 0.8 suits its detector; 0.5 suits YOLOX's low-threshold output)",
                o => o.MinConfidence, (o, v) => o with { MinConfidence = v }, TrackerRange.Unit, showDefault: true),
            TrackerOption.Double<DeepSortOptions>("new-track-confidence", "DeepSORT: an unmatched detection starts a track only at or above this score (0 or --min-confidence: every kept detection, as the reference)",
                o => o.NewTrackConfidence, (o, v) => o with { NewTrackConfidence = v }, TrackerRange.Unit, showDefault: true),
            TrackerOption.Double<DeepSortOptions>("max-cosine-distance", "DeepSORT: largest cosine distance of an appearance match",
                o => o.MaxCosineDistance, (o, v) => o with { MaxCosineDistance = v }, new TrackerRange(0, 2, true, false, "must be in (0, 2]"), showDefault: true),
            // 0 on the command line is "unbounded", the record's null.
            TrackerOption.Int32<DeepSortOptions>("nn-budget", "DeepSORT: appearance features kept per track (0: unbounded, the reference code's default)",
                o => o.NnBudget ?? 0, (o, v) => o with { NnBudget = v == 0 ? null : v }, TrackerRange.NotNegative with { Rule = "must be 0 (unbounded) or positive" }, showDefault: true),
            TrackerOption.Double<DeepSortOptions>("max-iou-distance", "DeepSORT: largest 1 - IoU of the IoU matching round",
                o => o.MaxIouDistance, (o, v) => o with { MaxIouDistance = v }, TrackerRange.PositiveUnit, showDefault: true),
            TrackerOption.Int32<DeepSortOptions>("n-init", "DeepSORT: hits before a track is confirmed",
                o => o.NInit, (o, v) => o with { NInit = v }, TrackerRange.AtLeast(1), showDefault: true),
            TrackerOption.Int32<DeepSortOptions>("max-age", MaxAgeHelp, o => o.MaxAge, (o, v) => o with { MaxAge = v }, TrackerRange.AtLeast(1)),
        ],
    };
}
