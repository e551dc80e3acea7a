using MotTracker.Tracking.Assignment;

namespace MotTracker.Tracking.Trackers.ByteTrack;

/// <summary>ByteTrack as <c>--tracker bytetrack</c>: its options table and how it is built.</summary>
public static class ByteTrackEntry
{
    public static TrackerEntry<ByteTrackOptions> Entry { get; } = new()
    {
        Name = "bytetrack",
        Summary = "ByteTrack (Zhang et al. 2022): two-round IoU association of high- and low-score boxes",
        Defaults = new ByteTrackOptions(),
        Factory = (options, fps) => new ByteTracker(options with { FrameRate = fps }),
        Validator = options => options.Validate(),
        // Every detection it keeps is matched; those below the second round's low bound are dropped.
        AppearanceThreshold = options => options.LowThreshold,
        Options =
        [
            TrackerOption.Double<ByteTrackOptions>("track-thresh", ByteAssociationFlags.TrackThreshold, o => o.TrackThreshold, (o, v) => o with { TrackThreshold = v }, TrackerRange.Unit),
            TrackerOption.Double<ByteTrackOptions>("low-thresh", ByteAssociationFlags.LowThreshold, o => o.LowThreshold, (o, v) => o with { LowThreshold = v }, TrackerRange.Unit),
            TrackerOption.Double<ByteTrackOptions>("new-track-thresh", ByteAssociationFlags.NewTrackThreshold, o => o.EffectiveNewTrackThreshold, (o, v) => o with { NewTrackThreshold = v }, TrackerRange.Unit,
                defaultText: "--track-thresh + 0.1"),
            TrackerOption.Double<ByteTrackOptions>("match-thresh", ByteAssociationFlags.MatchThreshold, o => o.MatchThreshold, (o, v) => o with { MatchThreshold = v }, TrackerRange.Positive, showDefault: true),
            TrackerOption.Double<ByteTrackOptions>("second-match-thresh", ByteAssociationFlags.SecondMatchThreshold, o => o.SecondMatchThreshold, (o, v) => o with { SecondMatchThreshold = v }, TrackerRange.Positive, showDefault: true),
            TrackerOption.Double<ByteTrackOptions>("unconfirmed-match-thresh", ByteAssociationFlags.UnconfirmedMatchThreshold, o => o.UnconfirmedMatchThreshold, (o, v) => o with { UnconfirmedMatchThreshold = v }, TrackerRange.Positive, showDefault: true),
            TrackerOption.Int32<ByteTrackOptions>("track-buffer", ByteAssociationFlags.TrackBuffer, o => o.TrackBuffer, (o, v) => o with { TrackBuffer = v }, TrackerRange.NotNegative),
            TrackerOption.Switch<ByteTrackOptions>("no-fuse-score", ByteAssociationFlags.NoFuseScore, o => !o.FuseScore, (o, v) => o with { FuseScore = !v }),
        ],
    };
}
