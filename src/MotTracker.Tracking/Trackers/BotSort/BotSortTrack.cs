using MotTracker.Tracking.Appearance;
using MotTracker.Tracking.Common;
using MotTracker.Tracking.Motion;

namespace MotTracker.Tracking.Trackers.BotSort;

public enum BotSortTrackState
{
    Tracked,
    Lost,
    Removed,
}

/// <summary>One target's Kalman state over (cx, cy, w, h), its smoothed appearance and bookkeeping (reference STrack).</summary>
public sealed class BotSortTrack : IListedTrack
{
    internal readonly double[] Mean = new double[KalmanFilterXywh.StateSize];
    internal readonly double[] Covariance = new double[KalmanFilterXywh.StateSize * KalmanFilterXywh.StateSize];

    internal BotSortTrack(int id, in Detection detection, float[]? feature, float alpha, int frame)
    {
        Id = id;
        Span<double> z = stackalloc double[4];
        KalmanFilterXywh.ToMeasurement(detection.Box, z);
        KalmanFilterXywh.Initiate(z, Mean, Covariance);
        Appearance = new ExponentialFeature(alpha);
        if (feature is not null) Appearance.Update(feature);
        Score = detection.Score;
        ClassId = detection.ClassId;
        State = BotSortTrackState.Tracked;
        // As in ByteTrack, only tracks born on the very first frame are confirmed at once.
        IsActivated = frame == 1;
        LastFrame = frame;
        StartFrame = frame;
    }

    public int Id { get; }
    public BotSortTrackState State { get; internal set; }
    public bool IsActivated { get; private set; }
    public double Score { get; private set; }
    public int ClassId { get; }
    public int LastFrame { get; private set; }
    public int StartFrame { get; }

    /// <summary>The exponential moving average of the features matched so far.</summary>
    public ExponentialFeature Appearance { get; }

    public BoundingBox Box => KalmanFilterXywh.ToBox(Mean);

    /// <summary>Scratch marker for set operations during one update.</summary>
    internal int Mark;

    /// <summary>Set once the track was ever removed; the reference keeps such tracks out of the lost list for good.</summary>
    internal bool EverRemoved;

    int IListedTrack.Mark { get => Mark; set => Mark = value; }

    bool IListedTrack.IsTracked => State == BotSortTrackState.Tracked;

    bool IListedTrack.EverRemoved { get => EverRemoved; set => EverRemoved = value; }

    /// <param name="unobserved">True for the steps over skipped frames, in which the track was not seen.</param>
    internal void Predict(bool unobserved)
    {
        // A track not being observed keeps moving but stops changing size (reference multi_predict
        // zeroes the w and h velocities of tracks that are not Tracked).
        if (unobserved || State != BotSortTrackState.Tracked)
        {
            Mean[6] = 0;
            Mean[7] = 0;
        }
        KalmanFilterXywh.Predict(Mean, Covariance);
    }

    internal void Warp(in AffineWarp warp) => CameraMotion.Apply(warp, Mean, Covariance);

    /// <summary>Continues the track with this frame's detection (reference update and re_activate alike).</summary>
    internal void Update(in Detection detection, float[]? feature, int frame)
    {
        Span<double> z = stackalloc double[4];
        KalmanFilterXywh.ToMeasurement(detection.Box, z);
        KalmanFilterXywh.Update(Mean, Covariance, z);
        if (feature is not null) Appearance.Update(feature);
        State = BotSortTrackState.Tracked;
        IsActivated = true;
        LastFrame = frame;
        Score = detection.Score;
    }
}
