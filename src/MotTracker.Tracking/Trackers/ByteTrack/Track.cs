using MotTracker.Tracking.Common;
using MotTracker.Tracking.Motion;

namespace MotTracker.Tracking.Trackers.ByteTrack;

public enum TrackState
{
    New,
    Tracked,
    Lost,
    Removed,
}

/// <summary>One target's Kalman state and bookkeeping (ByteTrack's STrack).</summary>
public sealed class Track : IListedTrack
{
    internal readonly double[] Mean = new double[KalmanFilterXyah.StateSize];
    internal readonly double[] Covariance = new double[KalmanFilterXyah.StateSize * KalmanFilterXyah.StateSize];

    internal Track(int id, in Detection detection, int frame)
    {
        Id = id;
        Span<double> z = stackalloc double[4];
        KalmanFilterXyah.ToMeasurement(detection.Box, z);
        KalmanFilterXyah.Initiate(z, Mean, Covariance);
        Score = detection.Score;
        ClassId = detection.ClassId;
        State = TrackState.Tracked;
        // Only tracks born on the very first frame are confirmed at once; later ones need a second hit.
        IsActivated = frame == 1;
        LastFrame = frame;
        StartFrame = frame;
    }

    public int Id { get; }
    public TrackState State { get; internal set; }
    public bool IsActivated { get; private set; }
    public double Score { get; private set; }

    /// <summary>The class of the detection that started the track; a track never changes class.</summary>
    public int ClassId { get; }

    /// <summary>Last frame this track was matched (the reference's end_frame / frame_id).</summary>
    public int LastFrame { get; private set; }

    public int StartFrame { get; }
    public int TrackletLength { get; private set; }

    /// <summary>The box of the current Kalman mean.</summary>
    public BoundingBox Box => KalmanFilterXyah.ToBox(Mean);

    /// <summary>Scratch marker for set operations during one update (avoids hash sets in the hot path).</summary>
    internal int Mark;

    /// <summary>Set once the track was ever removed; the reference keeps such ids out of the lost list for good.</summary>
    internal bool EverRemoved;

    int IListedTrack.Mark { get => Mark; set => Mark = value; }

    bool IListedTrack.IsTracked => State == TrackState.Tracked;

    bool IListedTrack.EverRemoved { get => EverRemoved; set => EverRemoved = value; }

    /// <param name="unobserved">True for the steps over skipped frames, in which the track was not seen.</param>
    internal void Predict(bool unobserved = false)
    {
        // A track that is not being observed keeps its position velocity but stops growing or shrinking.
        if (unobserved || State != TrackState.Tracked) Mean[7] = 0;
        KalmanFilterXyah.Predict(Mean, Covariance);
    }

    /// <summary>Continues a tracked track with this frame's detection.</summary>
    internal void Update(in Detection detection, int frame)
    {
        LastFrame = frame;
        TrackletLength++;
        Correct(detection);
        State = TrackState.Tracked;
        IsActivated = true;
        Score = detection.Score;
    }

    /// <summary>Brings a lost track back with this frame's detection.</summary>
    internal void Reactivate(in Detection detection, int frame)
    {
        Correct(detection);
        TrackletLength = 0;
        State = TrackState.Tracked;
        IsActivated = true;
        LastFrame = frame;
        Score = detection.Score;
    }

    private void Correct(in Detection detection)
    {
        Span<double> z = stackalloc double[4];
        KalmanFilterXyah.ToMeasurement(detection.Box, z);
        KalmanFilterXyah.Update(Mean, Covariance, z);
    }
}
