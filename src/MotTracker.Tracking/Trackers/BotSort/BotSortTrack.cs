using MotTracker.Tracking.Appearance;
using MotTracker.Tracking.Common;
using MotTracker.Tracking.Motion;

namespace MotTracker.Tracking.Trackers.BotSort;

/// <summary>One target's Kalman state over (cx, cy, w, h), its smoothed appearance and bookkeeping (reference STrack).</summary>
public sealed class BotSortTrack : TrackBase
{
    internal readonly double[] Mean = new double[KalmanFilterXywh.StateSize];
    internal readonly double[] Covariance = new double[KalmanFilterXywh.StateSize * KalmanFilterXywh.StateSize];

    internal BotSortTrack(int id, in Detection detection, float[]? feature, float alpha, int frame) : base(id, detection, frame)
    {
        Span<double> z = stackalloc double[4];
        KalmanFilterXywh.ToMeasurement(detection.Box, z);
        KalmanFilterXywh.Initiate(z, Mean, Covariance);
        Appearance = new ExponentialFeature(alpha);
        if (feature is not null) Appearance.Update(feature);
    }

    /// <summary>The exponential moving average of the features matched so far.</summary>
    public ExponentialFeature Appearance { get; }

    public override BoundingBox Box => KalmanFilterXywh.ToBox(Mean);

    internal override void Predict(bool unobserved)
    {
        // A track not being observed keeps moving but stops changing size (reference multi_predict
        // zeroes the w and h velocities of tracks that are not Tracked).
        if (unobserved || State != TrackState.Tracked)
        {
            Mean[6] = 0;
            Mean[7] = 0;
        }
        KalmanFilterXywh.Predict(Mean, Covariance);
    }

    internal void Warp(in AffineWarp warp) => CameraMotion.Apply(warp, Mean, Covariance);

    /// <summary>The reference's update and re_activate alike: Kalman update, then the feature average.</summary>
    private protected override void Correct(in Detection detection, float[]? feature)
    {
        Span<double> z = stackalloc double[4];
        KalmanFilterXywh.ToMeasurement(detection.Box, z);
        KalmanFilterXywh.Update(Mean, Covariance, z);
        if (feature is not null) Appearance.Update(feature);
    }
}
