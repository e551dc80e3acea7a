using MotTracker.Tracking.Trackers.DeepSort;

namespace MotTracker.Tracking.Trackers.DeepOcSort;

/// <summary>Deep OC-SORT as <c>--tracker deepocsort</c>: OC-SORT's flags plus its appearance flags.</summary>
public static class DeepOcSortEntry
{
    public static TrackerEntry<DeepOcSortOptions> Entry { get; } = new()
    {
        Name = "deepocsort",
        Summary = "Deep OC-SORT (Maggiolino et al. 2023): OC-SORT with camera-motion compensation, dynamic appearance and adaptive weighting",
        UsesAppearance = true,
        UsesCameraMotion = true,
        Defaults = new DeepOcSortOptions(),
        Factory = (options, fps) => new DeepOcSortTracker(options with { FrameRate = fps }),
        Validator = options => options.Validate(),
        // Only detections above the threshold are associated (strictly above).
        AppearanceThreshold = options => Math.BitIncrement(options.DetectionThreshold),
        Options =
        [
            TrackerOption.Double<DeepOcSortOptions>("det-thresh", "Deep OC-SORT: detections above this are associated and start tracks", o => o.DetectionThreshold, (o, v) => o with { DetectionThreshold = v }, TrackerRange.Unit),
            TrackerOption.Double<DeepOcSortOptions>("iou-thresh", "Deep OC-SORT: smallest IoU of a match", o => o.IouThreshold, (o, v) => o with { IouThreshold = v }, TrackerRange.PositiveUnit),
            TrackerOption.Int32<DeepOcSortOptions>("min-hits", "Deep OC-SORT: hits in a row before a track is reported", o => o.MinHits, (o, v) => o with { MinHits = v }, TrackerRange.NotNegative),
            TrackerOption.Int32<DeepOcSortOptions>("max-age", DeepSortEntry.MaxAgeHelp, o => o.MaxAge, (o, v) => o with { MaxAge = v }, TrackerRange.NotNegative),
            TrackerOption.Int32<DeepOcSortOptions>("delta-t", "Deep OC-SORT: frames back for the momentum direction", o => o.DeltaT, (o, v) => o with { DeltaT = v }, TrackerRange.AtLeast(1)),
            TrackerOption.Double<DeepOcSortOptions>("inertia", "Deep OC-SORT: weight of the direction-consistency cost", o => o.Inertia, (o, v) => o with { Inertia = v },
                new TrackerRange(0, double.PositiveInfinity, false, true, "must be a non-negative number")),
            TrackerOption.Double<DeepOcSortOptions>("w-assoc-emb", "Deep OC-SORT: base weight of the appearance similarity in the first association",
                o => o.AppearanceWeight, (o, v) => o with { AppearanceWeight = v }, new TrackerRange(0, double.PositiveInfinity, false, true, "must be a non-negative number"), showDefault: true),
            TrackerOption.Double<DeepOcSortOptions>("alpha-fixed-emb", "Deep OC-SORT: feature momentum for a detection scoring 1 (it rises to 1 at the threshold)",
                o => o.FixedEmbeddingAlpha, (o, v) => o with { FixedEmbeddingAlpha = v }, TrackerRange.Unit, showDefault: true),
            TrackerOption.Double<DeepOcSortOptions>("aw-param", "Deep OC-SORT: adaptive weighting's bottom: a second-to-best similarity ratio above it earns no extra weight",
                o => o.AdaptiveWeightBottom, (o, v) => o with { AdaptiveWeightBottom = v }, new TrackerRange(0, 1, false, true, "must be in [0, 1)"), showDefault: true),
            TrackerOption.Boolean<DeepOcSortOptions>("adaptive-weighting", "Deep OC-SORT: distinctive appearance matches weigh up to 1 more", o => o.AdaptiveWeighting, (o, v) => o with { AdaptiveWeighting = v }),
        ],
    };
}
