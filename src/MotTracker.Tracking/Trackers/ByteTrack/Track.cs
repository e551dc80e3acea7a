using MotTracker.Tracking.Common;
using MotTracker.Tracking.Motion;

namespace MotTracker.Tracking.Trackers.ByteTrack;

/// <summary>One target's Kalman state over (cx, cy, a, h) and bookkeeping (ByteTrack's STrack).</summary>
public sealed class Track : TrackBase
{
    internal readonly double[] Mean = new double[KalmanFilterXyah.StateSize];
    internal readonly double[] Covariance = new double[KalmanFilterXyah.StateSize * KalmanFilterXyah.StateSize];

    internal Track(int id, in Detection detection, int frame) : base(id, detection, frame)
    {
        Span<double> z = stackalloc double[4];
        KalmanFilterXyah.ToMeasurement(detection.Box, z);
        KalmanFilterXyah.Initiate(z, Mean, Covariance);
    }

    /// <summary>The box of the current Kalman mean.</summary>
    public override BoundingBox Box => KalmanFilterXyah.ToBox(Mean);

    internal override void Predict(bool unobserved)
    {
        // A track that is not being observed keeps its position velocity but stops growing or shrinking.
        if (unobserved || State != TrackState.Tracked) Mean[7] = 0;
        KalmanFilterXyah.Predict(Mean, Covariance);
    }

    private protected override void Correct(in Detection detection, float[]? feature)
    {
        Span<double> z = stackalloc double[4];
        KalmanFilterXyah.ToMeasurement(detection.Box, z);
        KalmanFilterXyah.Update(Mean, Covariance, z);
    }
}
