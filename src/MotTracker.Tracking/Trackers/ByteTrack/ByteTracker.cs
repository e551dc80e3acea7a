using MotTracker.Tracking.Assignment;

namespace MotTracker.Tracking.Trackers.ByteTrack;

/// <summary>
/// ByteTrack (Zhang et al., ECCV 2022): associate every detection box, high and low score, with
/// Kalman-predicted tracks by IoU, in two rounds (<see cref="ByteAssociationTracker{TTrack}"/>), on a
/// Kalman filter over (cx, cy, a, h). This follows the reference implementation's rules, list orders and
/// quirks so that the same detections give the same tracks.
/// </summary>
public sealed class ByteTracker : ByteAssociationTracker<Track>
{
    public ByteTracker(ByteTrackOptions? options = null) : base(Settings(options ?? new ByteTrackOptions()))
    {
    }

    private static ByteAssociationSettings Settings(ByteTrackOptions options)
    {
        options.Validate();
        return new ByteAssociationSettings(
            options.TrackThreshold, options.LowThreshold, options.EffectiveNewTrackThreshold,
            options.MatchThreshold, options.SecondMatchThreshold, options.UnconfirmedMatchThreshold,
            options.FuseScore, options.MaxTimeLost,
            SteadyBirth: options.SteadyBirthFrames > 0
                ? new SteadyBirthSettings(options.SteadyBirthFrames, options.SteadyBirthThreshold, options.SteadyBirthBlockIou)
                : null);
    }

    private protected override Track NewTrack(int id, in Detection detection, float[]? feature, int frame) => new(id, detection, frame);
}
