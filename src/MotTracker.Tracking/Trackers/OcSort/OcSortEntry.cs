using MotTracker.Tracking.PostProcessing;
using MotTracker.Tracking.Trackers.DeepSort;

namespace MotTracker.Tracking.Trackers.OcSort;

/// <summary>OC-SORT as <c>--tracker ocsort</c>, and its offline setting as <c>--tracker ocsort-offline</c>: one options table, two sets of defaults.</summary>
public static class OcSortEntry
{
    private static readonly IReadOnlyList<TrackerOption> Table =
    [
        TrackerOption.Double<OcSortOptions>("det-thresh", "Detections above this (boosttrack: at least this, after its boosts) enter the first association", o => o.DetectionThreshold, (o, v) => o with { DetectionThreshold = v }, TrackerRange.Unit),
        TrackerOption.Double<OcSortOptions>("iou-thresh", "Smallest IoU of a match (hybridsort: height-modulated IoU)", o => o.IouThreshold, (o, v) => o with { IouThreshold = v }, TrackerRange.PositiveUnit),
        TrackerOption.Int32<OcSortOptions>("min-hits", "Hits in a row before a track is reported", o => o.MinHits, (o, v) => o with { MinHits = v }, TrackerRange.NotNegative),
        TrackerOption.Int32<OcSortOptions>("max-age", DeepSortEntry.MaxAgeHelp, o => o.MaxAge, (o, v) => o with { MaxAge = v }, TrackerRange.NotNegative),
        TrackerOption.Int32<OcSortOptions>("delta-t", "Frames back for the observation-centric momentum direction", o => o.DeltaT, (o, v) => o with { DeltaT = v }, TrackerRange.AtLeast(1)),
        TrackerOption.Double<OcSortOptions>("inertia", "Weight of the direction-consistency cost (hybridsort: per box corner)", o => o.Inertia, (o, v) => o with { Inertia = v },
            new TrackerRange(0, double.PositiveInfinity, false, true, "must be a non-negative number")),
        TrackerOption.Boolean<OcSortOptions>("use-byte", "A second, low-score association round as ByteTrack's", o => o.UseByte, (o, v) => o with { UseByte = v }),
    ];

    public static TrackerEntry<OcSortOptions> Entry { get; } = new()
    {
        Name = "ocsort",
        Summary = "OC-SORT (Cao et al. 2023): observation-centric re-update, momentum and recovery on SORT",
        Defaults = new OcSortOptions(),
        Factory = (options, fps) => new OcSortTracker(options with { FrameRate = fps }),
        Validator = options => options.Validate(),
        Options = Table,
    };

    /// <summary>
    /// OC-SORT for offline runs (<see cref="OcSortOptions.Offline"/>): every match is reported and
    /// confirmation is done offline, by runs of 4 with the head kept, and gaps of up to 60 frames filled.
    /// </summary>
    public static TrackerEntry<OcSortOptions> Offline { get; } = new()
    {
        Name = "ocsort-offline",
        Summary = "OC-SORT for offline runs (with --postprocess gsi): BYTE round, det-thresh 0.8, max-age 60, confirmation offline with head padding (min-run 4), max-gap 60",
        Defaults = OcSortOptions.Offline,
        Factory = (options, fps) => new OcSortTracker(options with { FrameRate = fps }),
        Validator = options => options.Validate(),
        PostProcessDefaults = new PostProcessOptions { MaxGap = 60, MinRunLength = 4 },
        Options = Table,
    };
}
