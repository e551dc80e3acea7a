using MotTracker.Tracking.Trackers.DeepSort;

namespace MotTracker.Tracking.Trackers.HybridSort;

/// <summary>Hybrid-SORT as <c>--tracker hybridsort</c>: OC-SORT's flags with its defaults, and the TCM weights.</summary>
public static class HybridSortEntry
{
    private static readonly TrackerRange NonNegative = new(0, double.PositiveInfinity, false, true, "must be a non-negative number");

    public static TrackerEntry<HybridSortOptions> Entry { get; } = new()
    {
        Name = "hybridsort",
        Summary = "Hybrid-SORT (Yang et al. 2024): OC-SORT with tracklet-confidence modelling, height-modulated IoU and four-corner momentum",
        UsesCameraMotion = true,
        Defaults = new HybridSortOptions(),
        Factory = (options, fps) => new HybridSortTracker(options with { FrameRate = fps }),
        Validator = options => options.Validate(),
        Options =
        [
            TrackerOption.Double<HybridSortOptions>("det-thresh", "Hybrid-SORT: detections above this enter the first association and start tracks", o => o.DetectionThreshold, (o, v) => o with { DetectionThreshold = v }, TrackerRange.Unit),
            TrackerOption.Double<HybridSortOptions>("low-thresh", "Hybrid-SORT: detections between this and det-thresh enter the BYTE round", o => o.LowThreshold, (o, v) => o with { LowThreshold = v }, TrackerRange.Unit),
            TrackerOption.Double<HybridSortOptions>("iou-thresh", "Hybrid-SORT: smallest height-modulated IoU of a match", o => o.IouThreshold, (o, v) => o with { IouThreshold = v }, TrackerRange.PositiveUnit),
            TrackerOption.Int32<HybridSortOptions>("min-hits", "Hybrid-SORT: hits in a row before a track is reported", o => o.MinHits, (o, v) => o with { MinHits = v }, TrackerRange.NotNegative),
            TrackerOption.Int32<HybridSortOptions>("max-age", DeepSortEntry.MaxAgeHelp, o => o.MaxAge, (o, v) => o with { MaxAge = v }, TrackerRange.NotNegative),
            TrackerOption.Int32<HybridSortOptions>("delta-t", "Hybrid-SORT: observations back over which each corner's direction is summed", o => o.DeltaT, (o, v) => o with { DeltaT = v }, TrackerRange.AtLeast(1)),
            TrackerOption.Double<HybridSortOptions>("inertia", "Hybrid-SORT: weight of each corner's direction-consistency cost", o => o.Inertia, (o, v) => o with { Inertia = v }, NonNegative),
            TrackerOption.Boolean<HybridSortOptions>("use-byte", "Hybrid-SORT: the BYTE round of low-score detections", o => o.UseByte, (o, v) => o with { UseByte = v }),
            TrackerOption.Double<HybridSortOptions>("tcm-first-weight", "Hybrid-SORT: weight of |score - Kalman-predicted track score| in the first association", o => o.TcmFirstStepWeight, (o, v) => o with { TcmFirstStepWeight = v }, NonNegative, showDefault: true),
            TrackerOption.Double<HybridSortOptions>("tcm-byte-weight", "Hybrid-SORT: weight of |score - linearly predicted track score| in the BYTE round", o => o.TcmByteStepWeight, (o, v) => o with { TcmByteStepWeight = v }, NonNegative, showDefault: true),
        ],
    };
}
