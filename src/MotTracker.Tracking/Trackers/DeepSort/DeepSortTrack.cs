using MotTracker.Tracking.Assignment;
using MotTracker.Tracking.Appearance;
using MotTracker.Tracking.Motion;

namespace MotTracker.Tracking.Trackers.DeepSort;

/// <summary>A DeepSORT track's life cycle (paper sec. 2.1): tentative until n_init hits, then confirmed.</summary>
public enum DeepSortTrackState
{
    Tentative,
    Confirmed,
    Deleted,
}

/// <summary>One target: Kalman state over (cx, cy, a, h), hit and miss counters, and its feature gallery.</summary>
public sealed class DeepSortTrack : IMinCostMatchTrack
{
    internal readonly double[] Mean = new double[KalmanFilterXyah.StateSize];
    internal readonly double[] Covariance = new double[KalmanFilterXyah.StateSize * KalmanFilterXyah.StateSize];

    internal DeepSortTrack(int id, in Detection detection, float[]? feature, int? budget, Stack<float[]>? spareFeatures = null)
    {
        Id = id;
        Span<double> z = stackalloc double[4];
        KalmanFilterXyah.ToMeasurement(detection.Box, z);
        KalmanFilterXyah.Initiate(z, Mean, Covariance);
        Gallery = new FeatureGallery(budget, spareFeatures);
        if (feature is not null) Gallery.Add(feature);
        Score = detection.Score;
        ClassId = detection.ClassId;
        Hits = 1;
        State = DeepSortTrackState.Tentative;
    }

    public int Id { get; }
    public DeepSortTrackState State { get; private set; }
    public double Score { get; private set; }
    public int ClassId { get; }

    /// <summary>Measurements associated so far, the first included.</summary>
    public int Hits { get; private set; }

    /// <summary>Frames since the last measurement update (a_k in the paper): 0 right after a match.</summary>
    public int TimeSinceUpdate { get; private set; }

    /// <summary>The last associated appearance features, within the budget.</summary>
    public FeatureGallery Gallery { get; }

    public bool IsConfirmed => State == DeepSortTrackState.Confirmed;

    public BoundingBox Box => KalmanFilterXyah.ToBox(Mean);

    /// <summary>Scratch for one update: the kept-detection slot this track was matched to, or -1.</summary>
    internal int MatchedDetection = -1;

    int IMinCostMatchTrack.MatchedDetection { get => MatchedDetection; set => MatchedDetection = value; }

    internal void Predict()
    {
        KalmanFilterXyah.Predict(Mean, Covariance);
        TimeSinceUpdate++;
    }

    internal void Update(in Detection detection, float[]? feature, int nInit)
    {
        Span<double> z = stackalloc double[4];
        KalmanFilterXyah.ToMeasurement(detection.Box, z);
        KalmanFilterXyah.Update(Mean, Covariance, z);
        if (feature is not null) Gallery.Add(feature);
        Score = detection.Score;
        Hits++;
        TimeSinceUpdate = 0;
        if (State == DeepSortTrackState.Tentative && Hits >= nInit) State = DeepSortTrackState.Confirmed;
    }

    /// <summary>A tentative track missed once is deleted; a confirmed one after more than max age frames unseen.</summary>
    internal void MarkMissed(int maxAge)
    {
        if (State == DeepSortTrackState.Tentative || TimeSinceUpdate > maxAge) State = DeepSortTrackState.Deleted;
    }
}
