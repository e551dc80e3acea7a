using MotTracker.Tracking.Assignment;
using MotTracker.Tracking.Appearance;
using MotTracker.Tracking.Motion;

namespace MotTracker.Tracking.Trackers.StrongSort;

/// <summary>A StrongSORT track's life cycle: tentative until n_init hits, then confirmed (as DeepSORT).</summary>
public enum StrongSortTrackState
{
    Tentative,
    Confirmed,
    Deleted,
}

/// <summary>
/// One StrongSORT target: DeepSORT's Kalman state over (cx, cy, a, h), corrected with NSA noise, and
/// one EMA appearance feature instead of DeepSORT's gallery.
/// </summary>
public sealed class StrongSortTrack : IMinCostMatchTrack
{
    internal readonly double[] Mean = new double[KalmanFilterXyah.StateSize];
    internal readonly double[] Covariance = new double[KalmanFilterXyah.StateSize * KalmanFilterXyah.StateSize];

    internal StrongSortTrack(int id, in Detection detection, float[]? feature, float emaAlpha)
    {
        Id = id;
        Span<double> z = stackalloc double[4];
        KalmanFilterXyah.ToMeasurement(detection.Box, z);
        KalmanFilterXyah.Initiate(z, Mean, Covariance);
        Appearance = new ExponentialFeature(emaAlpha);
        if (feature is not null) Appearance.Update(feature);
        Score = detection.Score;
        ClassId = detection.ClassId;
        Hits = 1;
    }

    public int Id { get; }
    public StrongSortTrackState State { get; private set; }
    public double Score { get; private set; }
    public int ClassId { get; }
    public int Hits { get; private set; }
    public int TimeSinceUpdate { get; private set; }

    /// <summary>The EMA of the matched detections' features (paper eq. 2).</summary>
    public ExponentialFeature Appearance { get; }

    public bool IsConfirmed => State == StrongSortTrackState.Confirmed;

    public BoundingBox Box => KalmanFilterXyah.ToBox(Mean);

    /// <summary>Scratch for one update: the kept-detection slot this track was matched to, or -1.</summary>
    internal int MatchedDetection = -1;

    int IMinCostMatchTrack.MatchedDetection { get => MatchedDetection; set => MatchedDetection = value; }

    /// <summary>Camera motion (the reference's camera_update): the box corners move with the warp, velocities stay.</summary>
    internal void ApplyCameraMotion(in AffineWarp warp)
    {
        var moved = CameraMotion.WarpBox(warp, Box);
        Mean[0] = moved.CenterX;
        Mean[1] = moved.CenterY;
        Mean[2] = moved.Width / moved.Height;
        Mean[3] = moved.Height;
    }

    internal void Predict()
    {
        KalmanFilterXyah.Predict(Mean, Covariance);
        TimeSinceUpdate++;
    }

    /// <summary>
    /// Corrects with the detection. NSA Kalman (paper eq. 3): the measurement noise is scaled by the
    /// detection's lack of confidence, as the reference scales the noise's standard deviations by (1 - c).
    /// </summary>
    internal void Update(in Detection detection, float[]? feature, int nInit, bool nsa)
    {
        Span<double> z = stackalloc double[4];
        Span<double> noise = stackalloc double[4];
        KalmanFilterXyah.ToMeasurement(detection.Box, z);
        KalmanFilterXyah.MeasurementNoise(Mean, noise);
        if (nsa)
        {
            double scale = (1 - detection.Score) * (1 - detection.Score);
            for (int i = 0; i < 4; i++) noise[i] *= scale;
        }
        KalmanCorrection.Update(Mean, Covariance, z, noise);
        if (feature is not null) Appearance.Update(feature);
        Score = detection.Score;
        Hits++;
        TimeSinceUpdate = 0;
        if (State == StrongSortTrackState.Tentative && Hits >= nInit) State = StrongSortTrackState.Confirmed;
    }

    internal void MarkMissed(int maxAge)
    {
        if (State == StrongSortTrackState.Tentative || TimeSinceUpdate > maxAge) State = StrongSortTrackState.Deleted;
    }
}
