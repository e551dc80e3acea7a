using MotTracker.Tracking.Assignment;
using MotTracker.Tracking.Motion;

namespace MotTracker.Tracking.Trackers.HybridSort;

/// <summary>
/// One Hybrid-SORT target: OC-SORT's observation-centric track with the detection confidence in the
/// Kalman state (cx, cy, s, c, r with velocities of cx, cy, s and c), the motion direction of each of the
/// box's four corners (robust OCM) and the two predictions of its confidence that TCM compares with.
/// </summary>
public sealed class HybridSortTrack : IObservationCentricTrack
{
    /// <summary>
    /// The reference 9-d filter: P₀ = 10·I with velocities ×1000; Q = I with velocities ×0.01 and the area
    /// and confidence velocities ×0.01 more; R = diag(1, 1, 10, 10, 10) (KalmanBoxTracker, use_custom_kf).
    /// </summary>
    internal static readonly ConstantNoiseKalman Filter = new(
        initialCovariance: [10, 10, 10, 10, 10, 10_000, 10_000, 10_000, 10_000],
        processNoise: [1, 1, 1, 1, 1, 0.01, 0.01, 0.0001, 0.0001],
        measurementNoise: [1, 1, 10, 10, 10],
        velocityCount: 4);

    /// <summary>Lowest linearly predicted confidence (the reference clips to [0.1, track_thresh]).</summary>
    private const double LowestSimpleScore = 0.1;

    private const int N = 9;
    private readonly double[] _mean = new double[N];
    private readonly double[] _covariance = new double[N * N];
    private readonly double[] _lastMeasurement = new double[5];
    private readonly ObservationHistory _history;
    private readonly double[] _corners = new double[8]; // (dy, dx) of the four corners: lt, rt, lb, rb
    private double? _previousScore;

    internal HybridSortTrack(int id, in Detection detection, int deltaT)
    {
        Id = id;
        ClassId = detection.ClassId;
        Score = detection.Score;
        Span<double> z = stackalloc double[5];
        ToMeasurement(detection.Box, detection.Score, z);
        Filter.Initiate(z, _mean, _covariance);
        _history = new ObservationHistory(deltaT, N);
    }

    public int Id { get; }
    public int ClassId { get; }

    /// <summary>Score of the last matched detection (of the first detection before any).</summary>
    public double Score { get; private set; }

    public int Age { get; private set; }
    public int TimeSinceUpdate { get; private set; }
    public int HitStreak { get; private set; }
    public bool HasObservation { get; private set; }
    public BoundingBox LastObservation { get; private set; }

    /// <summary>The box of the current Kalman state: w = √(s·r), h = s / w.</summary>
    public BoundingBox PredictedBox
    {
        get
        {
            double w = Math.Sqrt(_mean[2] * _mean[4]);
            double h = _mean[2] / w;
            return new BoundingBox(_mean[0] - w / 2, _mean[1] - h / 2, w, h);
        }
    }

    /// <summary>What the reference reports: the last observation, or the state before any.</summary>
    public BoundingBox OutputBox => HasObservation ? LastObservation : PredictedBox;

    /// <summary>TCM's first-round prediction: the Kalman state's confidence, clipped to [track_thresh, 1].</summary>
    public double KalmanScore { get; private set; }

    /// <summary>
    /// TCM's BYTE-round prediction: the confidence extrapolated linearly from the last two matches
    /// (c - (c_prev - c)), or the last one, clipped to [0.1, track_thresh].
    /// </summary>
    public double SimpleScore { get; private set; }

    /// <summary>The direction (dy, dx) of corner <paramref name="corner"/> (0 lt, 1 rt, 2 lb, 3 rb); (0, 0) before two observations.</summary>
    public (double Dy, double Dx) CornerDirection(int corner) => (_corners[2 * corner], _corners[2 * corner + 1]);

    /// <summary>Corner <paramref name="corner"/> of a box in the reference's order: (x1, y1), (x1, y2), (x2, y1), (x2, y2).</summary>
    public static (double X, double Y) Corner(in BoundingBox box, int corner) => corner switch
    {
        0 => (box.X, box.Y),
        1 => (box.X, box.Bottom),
        2 => (box.Right, box.Y),
        _ => (box.Right, box.Bottom),
    };

    /// <summary>The observation Δt steps back, else the nearest younger within Δt, else the last (OC-SORT's k_previous_obs).</summary>
    public bool TryGetPreviousObservation(int deltaT, out BoundingBox box) => _history.TryGetPrevious(deltaT, Age, LastObservation, out box);

    /// <summary>Camera motion (boxmot's camera_update): the state's box corners move; its confidence and velocities stay.</summary>
    internal void ApplyCameraMotion(in AffineWarp warp)
    {
        var moved = CameraMotion.WarpBox(warp, PredictedBox);
        _mean[0] = moved.CenterX;
        _mean[1] = moved.CenterY;
        _mean[2] = moved.Width * moved.Height;
        _mean[4] = moved.Width / (moved.Height + 1e-6);
    }

    /// <summary>Advances one frame and refreshes both TCM predictions of the confidence.</summary>
    internal void Predict(double trackThreshold)
    {
        if (_mean[7] + _mean[2] <= 0) _mean[7] = 0;
        Filter.Predict(_mean, _covariance);
        Age++;
        if (TimeSinceUpdate > 0) HitStreak = 0;
        TimeSinceUpdate++;
        KalmanScore = Math.Clamp(_mean[3], trackThreshold, 1);
        double simple = _previousScore is double previous ? Score - (previous - Score) : Score;
        SimpleScore = Math.Clamp(simple, LowestSimpleScore, trackThreshold);
    }

    /// <summary>No match this frame: the state is saved once for ORU, and the confidence trend is forgotten.</summary>
    internal void MarkMissed()
    {
        _history.MarkMissed(_mean, _covariance);
        _previousScore = null;
    }

    /// <summary>Matched to <paramref name="detection"/>: corner directions, observation, ORU when returning, then the update.</summary>
    internal void Update(in Detection detection, int deltaT)
    {
        var box = detection.Box;
        if (HasObservation)
        {
            // Robust OCM: each corner's direction summed over the observations 1..Δt steps back that
            // exist (each normalised, the sum not), or from the last observation when none does.
            // Cleared: the assembly skips zeroing locals (SkipLocalsInit) and the sums start from 0.
            Span<double> sum = stackalloc double[8];
            sum.Clear();
            bool found = false;
            for (int i = 0; i < deltaT; i++)
            {
                if (!_history.TryGetAt(Age - i - 1, out var previous)) continue;
                found = true;
                AddCornerDirections(previous, box, sum);
            }
            if (!found) AddCornerDirections(LastObservation, box, sum);
            sum.CopyTo(_corners);
        }
        LastObservation = box;
        HasObservation = true;
        _history.Remember(box, Age);
        TimeSinceUpdate = 0;
        HitStreak++;

        Span<double> z = stackalloc double[5];
        ToMeasurement(box, detection.Score, z);
        if (_history.TryRestoreForReUpdate(_mean, _covariance, out int gap)) ReUpdate(z, gap);
        Filter.Update(_mean, _covariance, z);
        z.CopyTo(_lastMeasurement);
        _history.MarkObserved();
        _previousScore = Score;
        Score = detection.Score;
    }

    /// <summary>
    /// ORU as in OC-SORT, on this state: from the state saved at the first miss (put back by
    /// <see cref="ObservationHistory"/>), the gap replayed along a virtual trajectory with x, y, w, h and
    /// the confidence moving linearly from the last observation to this one (the reference interpolates
    /// the confidence the same way).
    /// </summary>
    private void ReUpdate(ReadOnlySpan<double> z, int gap)
    {
        var last = _lastMeasurement;
        double w1 = Math.Sqrt(last[2] * last[4]), h1 = Math.Sqrt(last[2] / last[4]);
        double w2 = Math.Sqrt(z[2] * z[4]), h2 = Math.Sqrt(z[2] / z[4]);
        double dx = (z[0] - last[0]) / gap, dy = (z[1] - last[1]) / gap, dw = (w2 - w1) / gap, dh = (h2 - h1) / gap;
        double dc = (z[3] - last[3]) / gap;
        Span<double> virtualZ = stackalloc double[5];
        for (int i = 1; i <= gap; i++)
        {
            double w = w1 + i * dw, h = h1 + i * dh;
            virtualZ[0] = last[0] + i * dx;
            virtualZ[1] = last[1] + i * dy;
            virtualZ[2] = w * h;
            virtualZ[3] = last[3] + i * dc;
            virtualZ[4] = w / h;
            Filter.Update(_mean, _covariance, virtualZ);
            if (i < gap) Filter.Predict(_mean, _covariance);
        }
    }

    private static void AddCornerDirections(in BoundingBox from, in BoundingBox to, Span<double> sum)
    {
        for (int c = 0; c < 4; c++)
        {
            var (x1, y1) = Corner(from, c);
            var (x2, y2) = Corner(to, c);
            double dx = x2 - x1, dy = y2 - y1;
            double norm = Math.Sqrt(dx * dx + dy * dy) + 1e-6;
            sum[2 * c] += dy / norm;
            sum[2 * c + 1] += dx / norm;
        }
    }

    /// <summary>(cx, cy, s, c, r = w / (h + 1e-6)), the reference convert_bbox_to_z with the score.</summary>
    private static void ToMeasurement(in BoundingBox box, double score, Span<double> z)
    {
        z[0] = box.X + box.Width / 2;
        z[1] = box.Y + box.Height / 2;
        z[2] = box.Width * box.Height;
        z[3] = score;
        z[4] = box.Width / (box.Height + 1e-6);
    }
}
