using MotTracker.Tracking.Assignment;

namespace MotTracker.Tracking.Trackers.BotSort;

/// <summary>BoT-SORT as <c>--tracker botsort</c>: ByteTrack's association flags with its own defaults, and its appearance flags.</summary>
public static class BotSortEntry
{
    public static TrackerEntry<BotSortOptions> Entry { get; } = new()
    {
        Name = "botsort",
        Summary = "BoT-SORT (Aharon et al. 2022): ByteTrack's two rounds with camera-motion compensation and IoU-gated appearance",
        UsesAppearance = true,
        UsesCameraMotion = true,
        Defaults = new BotSortOptions(),
        Factory = (options, fps) => new BotSortTracker(options with { FrameRate = fps }),
        Validator = options => options.Validate(),
        // Appearance is compared only for boxes above the high threshold (strictly above).
        AppearanceThreshold = options => Math.BitIncrement(options.TrackHighThreshold),
        Options =
        [
            TrackerOption.Double<BotSortOptions>("track-thresh", ByteAssociationFlags.TrackThreshold, o => o.TrackHighThreshold, (o, v) => o with { TrackHighThreshold = v }, TrackerRange.Unit),
            TrackerOption.Double<BotSortOptions>("low-thresh", ByteAssociationFlags.LowThreshold, o => o.TrackLowThreshold, (o, v) => o with { TrackLowThreshold = v }, TrackerRange.Unit),
            TrackerOption.Double<BotSortOptions>("new-track-thresh", ByteAssociationFlags.NewTrackThreshold, o => o.NewTrackThreshold, (o, v) => o with { NewTrackThreshold = v }, TrackerRange.Unit),
            TrackerOption.Double<BotSortOptions>("match-thresh", ByteAssociationFlags.MatchThreshold, o => o.MatchThreshold, (o, v) => o with { MatchThreshold = v }, TrackerRange.Positive, showDefault: true),
            TrackerOption.Double<BotSortOptions>("second-match-thresh", ByteAssociationFlags.SecondMatchThreshold, o => o.SecondMatchThreshold, (o, v) => o with { SecondMatchThreshold = v }, TrackerRange.Positive, showDefault: true),
            TrackerOption.Double<BotSortOptions>("unconfirmed-match-thresh", ByteAssociationFlags.UnconfirmedMatchThreshold, o => o.UnconfirmedMatchThreshold, (o, v) => o with { UnconfirmedMatchThreshold = v }, TrackerRange.Positive, showDefault: true),
            TrackerOption.Int32<BotSortOptions>("track-buffer", ByteAssociationFlags.TrackBuffer, o => o.TrackBuffer, (o, v) => o with { TrackBuffer = v }, TrackerRange.NotNegative),
            TrackerOption.Switch<BotSortOptions>("no-fuse-score", ByteAssociationFlags.NoFuseScore, o => !o.FuseScore, (o, v) => o with { FuseScore = !v }),
            TrackerOption.Double<BotSortOptions>("proximity-thresh", "BoT-SORT: appearance counts only for pairs with IoU distance below this",
                o => o.ProximityThreshold, (o, v) => o with { ProximityThreshold = v }, TrackerRange.PositiveUnit, showDefault: true),
            TrackerOption.Double<BotSortOptions>("appearance-thresh", "BoT-SORT: appearance counts only where half the cosine distance is below this",
                o => o.AppearanceThreshold, (o, v) => o with { AppearanceThreshold = v }, TrackerRange.PositiveUnit, showDefault: true),
            TrackerOption.Single<BotSortOptions>("ema-alpha", "BoT-SORT: momentum of each track's moving-average appearance feature",
                o => o.EmaAlpha, (o, v) => o with { EmaAlpha = v }, new TrackerRange(0, 1, false, true, "must be in [0, 1)"), showDefault: true),
        ],
    };
}
