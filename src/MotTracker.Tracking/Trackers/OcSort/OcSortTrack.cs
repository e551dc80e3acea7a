using MotTracker.Tracking.Assignment;
using MotTracker.Tracking.Motion;

namespace MotTracker.Tracking.Trackers.OcSort;

/// <summary>
/// One OC-SORT target (the reference's KalmanBoxTracker): a <see cref="KalmanFilterXysr"/> state, its
/// recent observations for the direction of motion (OCM), its last observation (OCR) and the state saved
/// when it was first missed, from which observation-centric re-update (ORU) replays the occlusion.
/// </summary>
public sealed class OcSortTrack : IObservationCentricTrack
{
    private readonly double[] _mean = new double[KalmanFilterXysr.StateSize];
    private readonly double[] _covariance = new double[KalmanFilterXysr.CovarianceSize];
    private readonly double[] _lastMeasurement = new double[4];
    private readonly ObservationHistory _history;

    internal OcSortTrack(int id, in Detection detection, int deltaT)
    {
        Id = id;
        ClassId = detection.ClassId;
        Score = detection.Score;
        Span<double> z = stackalloc double[4];
        KalmanFilterXysr.ToMeasurement(detection.Box, z);
        KalmanFilterXysr.Initiate(z, _mean, _covariance);
        _history = new ObservationHistory(deltaT, KalmanFilterXysr.StateSize);
    }

    public int Id { get; }
    public int ClassId { get; }

    /// <summary>Score of the last observation (of the first detection before any).</summary>
    public double Score { get; private set; }

    /// <summary>Predictions made so far (the reference's age).</summary>
    public int Age { get; private set; }

    /// <summary>Frames since the last observation (0 right after a match).</summary>
    public int TimeSinceUpdate { get; private set; }

    /// <summary>Observations in a row without a miss.</summary>
    public int HitStreak { get; private set; }

    public int Hits { get; private set; }

    /// <summary>Whether the track has been matched since it was created (its first detection does not count, as in the reference).</summary>
    public bool HasObservation { get; private set; }

    /// <summary>The last matched detection's box (OCR associates against it).</summary>
    public BoundingBox LastObservation { get; private set; }

    /// <summary>Normalised direction of motion (dy, dx) between the last observation and the one Δt steps before it; (0, 0) before two observations.</summary>
    public (double Dy, double Dx) Direction { get; private set; }

    /// <summary>The box of the current Kalman state.</summary>
    public BoundingBox PredictedBox => KalmanFilterXysr.ToBox(_mean);

    /// <summary>What the reference reports for a track: its last observation, or its state before any.</summary>
    public BoundingBox OutputBox => HasObservation ? LastObservation : PredictedBox;

    /// <summary>
    /// The observation used as the start of the OCM direction: the one made Δt steps ago, else the
    /// nearest younger one within Δt, else the last one (the reference's k_previous_obs).
    /// </summary>
    public bool TryGetPreviousObservation(int deltaT, out BoundingBox box) => _history.TryGetPrevious(deltaT, Age, LastObservation, out box);

    /// <summary>The box one prediction ahead, without changing the track (for inspection).</summary>
    public BoundingBox PeekNextBox()
    {
        Span<double> mean = stackalloc double[KalmanFilterXysr.StateSize];
        Span<double> covariance = stackalloc double[KalmanFilterXysr.CovarianceSize];
        _mean.CopyTo(mean);
        _covariance.CopyTo(covariance);
        if (mean[6] + mean[2] <= 0) mean[6] = 0;
        KalmanFilterXysr.Predict(mean, covariance);
        return KalmanFilterXysr.ToBox(mean);
    }

    /// <summary>
    /// Camera-motion compensation as Deep OC-SORT adds it (Maggiolino et al. 2023, sec. 3.1): the state's
    /// centre and velocity, the state saved for ORU and its start point, the last observation (OCR) and
    /// the observations OCM takes its direction from all move into the new frame's coordinates.
    /// </summary>
    internal void ApplyCameraMotion(in AffineWarp warp)
    {
        if (HasObservation) LastObservation = CameraMotion.WarpBox(warp, LastObservation);
        _history.WarpObservations(warp);
        CameraMotion.ApplyToCentre(warp, _mean, _covariance, KalmanFilterXysr.StateSize, velocityIndex: 4);
        if (_history.HasFrozen) CameraMotion.ApplyToCentre(warp, _history.FrozenMean, _history.FrozenCovariance, KalmanFilterXysr.StateSize, velocityIndex: 4);
        var (x, y) = warp.Apply(_lastMeasurement[0], _lastMeasurement[1]);
        _lastMeasurement[0] = x;
        _lastMeasurement[1] = y;
    }

    /// <summary>Advances the state one frame (the reference's predict, including its guard against a negative area).</summary>
    internal BoundingBox Predict()
    {
        // The area must not be driven below zero by its velocity.
        if (_mean[6] + _mean[2] <= 0) _mean[6] = 0;
        KalmanFilterXysr.Predict(_mean, _covariance);
        Age++;
        if (TimeSinceUpdate > 0) HitStreak = 0;
        TimeSinceUpdate++;
        return PredictedBox;
    }

    /// <summary>The frame passed without a match: the state so far is saved once, for ORU to start from.</summary>
    internal void MarkMissed() => _history.MarkMissed(_mean, _covariance);

    /// <summary>Matched to <paramref name="detection"/> this frame.</summary>
    internal void Update(in Detection detection, int deltaT)
    {
        var box = detection.Box;
        // OCM's direction: from the observation Δt steps back (or the nearest found) to this one.
        if (HasObservation)
        {
            TryGetPreviousObservation(deltaT, out var previous);
            double dx = box.CenterX - previous.CenterX, dy = box.CenterY - previous.CenterY;
            double norm = Math.Sqrt(dx * dx + dy * dy) + 1e-6;
            Direction = (dy / norm, dx / norm);
        }
        LastObservation = box;
        Score = detection.Score;
        HasObservation = true;
        _history.Remember(box, Age);
        TimeSinceUpdate = 0;
        Hits++;
        HitStreak++;

        Span<double> z = stackalloc double[4];
        KalmanFilterXysr.ToMeasurement(box, z);
        if (_history.TryRestoreForReUpdate(_mean, _covariance, out int gap)) ReUpdate(z, gap);
        KalmanFilterXysr.Update(_mean, _covariance, z);
        z.CopyTo(_lastMeasurement);
        _history.MarkObserved();
    }

    /// <summary>
    /// ORU, from the state saved at the first missed frame (put back by <see cref="ObservationHistory"/>):
    /// replay the gap with a virtual trajectory running at constant speed from the last observation to
    /// this one (x, y, w, h linear), one update and one prediction per frame. The reference's last virtual box is this observation
    /// itself, and the caller then updates with the real observation once more: kept, as published.
    /// </summary>
    private void ReUpdate(ReadOnlySpan<double> z, int gap)
    {
        double x1 = _lastMeasurement[0], y1 = _lastMeasurement[1];
        double w1 = Math.Sqrt(_lastMeasurement[2] * _lastMeasurement[3]), h1 = Math.Sqrt(_lastMeasurement[2] / _lastMeasurement[3]);
        double w2 = Math.Sqrt(z[2] * z[3]), h2 = Math.Sqrt(z[2] / z[3]);
        double dx = (z[0] - x1) / gap, dy = (z[1] - y1) / gap, dw = (w2 - w1) / gap, dh = (h2 - h1) / gap;
        Span<double> virtualZ = stackalloc double[4];
        for (int i = 1; i <= gap; i++)
        {
            double w = w1 + i * dw, h = h1 + i * dh;
            virtualZ[0] = x1 + i * dx;
            virtualZ[1] = y1 + i * dy;
            virtualZ[2] = w * h;
            virtualZ[3] = w / h;
            KalmanFilterXysr.Update(_mean, _covariance, virtualZ);
            if (i < gap) KalmanFilterXysr.Predict(_mean, _covariance);
        }
    }
}
