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
            TrackerOption.Double<ByteTrackOptions>("track-thresh", ByteAssociationFlags.TrackThreshold, o => o.TrackThreshold, (o, v) => o with { TrackThreshold = v }, TrackerRange.Unit).Searched(0.3, 0.8),
            TrackerOption.Double<ByteTrackOptions>("low-thresh", ByteAssociationFlags.LowThreshold, o => o.LowThreshold, (o, v) => o with { LowThreshold = v }, TrackerRange.Unit).Searched(0.05, 0.3),
            TrackerOption.Double<ByteTrackOptions>("new-track-thresh", ByteAssociationFlags.NewTrackThreshold, o => o.EffectiveNewTrackThreshold, (o, v) => o with { NewTrackThreshold = v }, TrackerRange.Unit,
                defaultText: "--track-thresh + 0.1").Searched(0.3, 0.9),
            TrackerOption.Double<ByteTrackOptions>("match-thresh", ByteAssociationFlags.MatchThreshold, o => o.MatchThreshold, (o, v) => o with { MatchThreshold = v }, TrackerRange.Positive, showDefault: true).Searched(0.5, 0.95),
            TrackerOption.Double<ByteTrackOptions>("second-match-thresh", ByteAssociationFlags.SecondMatchThreshold, o => o.SecondMatchThreshold, (o, v) => o with { SecondMatchThreshold = v }, TrackerRange.Positive, showDefault: true).Searched(0.3, 0.8),
            TrackerOption.Double<ByteTrackOptions>("unconfirmed-match-thresh", ByteAssociationFlags.UnconfirmedMatchThreshold, o => o.UnconfirmedMatchThreshold, (o, v) => o with { UnconfirmedMatchThreshold = v }, TrackerRange.Positive, showDefault: true).Searched(0.5, 0.9),
            TrackerOption.Int32<ByteTrackOptions>("track-buffer", ByteAssociationFlags.TrackBuffer, o => o.TrackBuffer, (o, v) => o with { TrackBuffer = v }, TrackerRange.NotNegative).Searched(10, 90),
            TrackerOption.Switch<ByteTrackOptions>("no-fuse-score", ByteAssociationFlags.NoFuseScore, o => !o.FuseScore, (o, v) => o with { FuseScore = !v }),
            TrackerOption.Int32<ByteTrackOptions>("steady-birth-frames", "Steady births (not in ByteTrack; 0 = off): a left-over box below --new-track-thresh starts a confirmed track after this many frames in a row at its place scoring at least --steady-birth-thresh, unless it overlaps a live track (for counting far, weakly scored people)", o => o.SteadyBirthFrames, (o, v) => o with { SteadyBirthFrames = v }, TrackerRange.NotNegative, showDefault: true),
            TrackerOption.Double<ByteTrackOptions>("steady-birth-thresh", "Smallest score of a steady birth's boxes (with --steady-birth-frames)", o => o.SteadyBirthThreshold, (o, v) => o with { SteadyBirthThreshold = v }, TrackerRange.Unit, showDefault: true),
            TrackerOption.Double<ByteTrackOptions>("steady-birth-block-iou", "No steady birth where the box overlaps a live track's box by more IoU than this (with --steady-birth-frames)", o => o.SteadyBirthBlockIou, (o, v) => o with { SteadyBirthBlockIou = v }, TrackerRange.Unit, showDefault: true),
        ],
    };
}
