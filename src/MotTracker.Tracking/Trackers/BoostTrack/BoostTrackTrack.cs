using MotTracker.Tracking.Appearance;
using MotTracker.Tracking.Motion;

namespace MotTracker.Tracking.Trackers.BoostTrack;

/// <summary>
/// One BoostTrack target: a constant-noise Kalman filter over (cx, cy, h, r) with a velocity for each,
/// its counters, its appearance (EMA, when embeddings come) and the tracklet confidence the
/// similarity is weighted with.
/// </summary>
public sealed class BoostTrackTrack
{
    /// <summary>
    /// The reference filter: P₀ = 10·I with velocities ×1000, Q = I with velocities ×0.01,
    /// R = diag(1, 1, 10, 0.01) (boxmot boosttrack/kalmanfilter.py, ConstantNoise).
    /// </summary>
    internal static readonly ConstantNoiseKalman Filter = new(
        initialCovariance: [10, 10, 10, 10, 10_000, 10_000, 10_000, 10_000],
        processNoise: [1, 1, 1, 1, 0.01, 0.01, 0.01, 0.01],
        measurementNoise: [1, 1, 10, 0.01],
        velocityCount: 4);

    /// <summary>Tracklet confidence decay per frame unseen (get_confidence coef 0.9).</summary>
    private const double ConfidenceDecay = 0.9;

    /// <summary>A young track's confidence grows over its first 7 predictions (get_confidence n = 7).</summary>
    private const int YoungAge = 7;

    internal readonly double[] Mean = new double[8];
    internal readonly double[] Covariance = new double[64];

    internal BoostTrackTrack(int id, in Detection detection, float[]? feature)
    {
        Id = id;
        ClassId = detection.ClassId;
        Score = detection.Score;
        Span<double> z = stackalloc double[4];
        ToMeasurement(detection.Box, z);
        Filter.Initiate(z, Mean, Covariance);
        if (feature is not null) Appearance.Update(feature);
    }

    public int Id { get; }
    public int ClassId { get; }
    public double Score { get; private set; }
    public int Age { get; private set; }
    public int TimeSinceUpdate { get; private set; }
    public int HitStreak { get; private set; }

    /// <summary>The track's appearance (empty without embeddings).</summary>
    public ExponentialFeature Appearance { get; } = new(0.95f);

    /// <summary>The box of the Kalman state: h = state h, w = r·h (0 for a negative ratio, as the reference).</summary>
    public BoundingBox Box
    {
        get
        {
            double h = Mean[2], r = Mean[3];
            double w = r <= 0 ? 0 : r * h;
            return new BoundingBox(Mean[0] - w / 2, Mean[1] - h / 2, w, h);
        }
    }

    /// <summary>
    /// The tracklet confidence (paper sec. 3.2): a young track earns trust over its first predictions
    /// (0.9^(7 - age)); afterwards it loses it with every frame unseen (0.9^(frames unseen - 1)).
    /// </summary>
    public double Confidence => Age < YoungAge
        ? Math.Pow(ConfidenceDecay, YoungAge - Age)
        : Math.Pow(ConfidenceDecay, TimeSinceUpdate - 1);

    /// <summary>Camera motion: the state's box corners move with the warp; velocities stay (reference camera_update).</summary>
    internal void ApplyCameraMotion(in AffineWarp warp)
    {
        var moved = CameraMotion.WarpBox(warp, Box);
        Mean[0] = moved.CenterX;
        Mean[1] = moved.CenterY;
        Mean[2] = moved.Height;
        Mean[3] = moved.Width / moved.Height;
    }

    internal void Predict()
    {
        Filter.Predict(Mean, Covariance);
        Age++;
        if (TimeSinceUpdate > 0) HitStreak = 0;
        TimeSinceUpdate++;
    }

    internal void Update(in Detection detection)
    {
        TimeSinceUpdate = 0;
        HitStreak++;
        Span<double> z = stackalloc double[4];
        ToMeasurement(detection.Box, z);
        Filter.Update(Mean, Covariance, z);
        Score = detection.Score;
    }

    /// <summary>
    /// The Mahalanobis distance BoostTrack uses: Σ (z - x)² / P_ii over (cx, cy, h, r), the state
    /// covariance's diagonal alone (reference get_mh_dist_matrix).
    /// </summary>
    internal double Mahalanobis(ReadOnlySpan<double> z)
    {
        double sum = 0;
        for (int i = 0; i < 4; i++)
        {
            double d = z[i] - Mean[i];
            sum += d * d / Covariance[i * 9];
        }
        return sum;
    }

    /// <summary>(cx, cy, h, r = w / (h + 1e-6)), the reference convert_bbox_to_z.</summary>
    internal static void ToMeasurement(in BoundingBox box, Span<double> z)
    {
        z[0] = box.X + box.Width / 2;
        z[1] = box.Y + box.Height / 2;
        z[2] = box.Height;
        z[3] = box.Width / (box.Height + 1e-6);
    }
}
