using MotTracker.Tracking.Assignment;
using MotTracker.Tracking.Motion;
using MotTracker.Tracking.Appearance;

namespace MotTracker.Tracking.Trackers.StrongSort;

/// <summary>
/// StrongSORT (Du et al., IEEE TMM 2023): DeepSORT upgraded with camera-motion compensation, the NSA
/// Kalman filter (noise scaled by detection confidence), an EMA appearance feature per track, and one
/// global assignment whose cost mixes appearance and motion (λ·cosine + (1 - λ)·Mahalanobis) in place
/// of the matching cascade; then DeepSORT's IoU stage. Follows dyhBUPT/StrongSORT (deep_sort/tracker.py
/// with its EMA, NSA, MC, ECC and woC switches on).
/// </summary>
/// <remarks>
/// Without embeddings the appearance term becomes the IoU distance (with max-iou-distance as its
/// limit), so the tracker runs on motion alone; <see cref="MotionAloneStarted"/> says so once.
/// </remarks>
public sealed class StrongSortTracker : IAppearanceTracker
{
    private const double Infeasible = MinCostMatching<StrongSortTrack>.Infeasible;

    private readonly StrongSortOptions _options;
    private readonly double _gatingThreshold = Gating.Chi2Inv95(4);
    private readonly List<StrongSortTrack> _tracks = [];
    private readonly List<TrackedObject> _output = [];
    private readonly MinCostMatching<StrongSortTrack> _matching = new();
    private int _nextId;
    private readonly MotionAloneSignal _motionAlone = new();

    public StrongSortTracker(StrongSortOptions? options = null)
    {
        _options = options ?? new StrongSortOptions();
        _options.Validate();
    }

    public int FrameNumber { get; private set; }

    /// <summary>Every live track, tentative and confirmed, in creation order.</summary>
    public IReadOnlyList<StrongSortTrack> Tracks => _tracks;

    public bool RanOnMotionAlone => _motionAlone.Ran;

    public event EventHandler? MotionAloneStarted
    {
        add => _motionAlone.Started += value;
        remove => _motionAlone.Started -= value;
    }

    public IReadOnlyList<TrackedObject> Update(
        int frameNumber,
        ReadOnlySpan<Detection> detections,
        IReadOnlyList<float[]?>? embeddings = null,
        AffineWarp? cameraMotion = null)
    {
        UpdateArguments.CheckFrame(frameNumber, FrameNumber);
        UpdateArguments.CheckEmbeddings(embeddings, detections.Length);
        int steps = FrameNumber == 0 ? 1 : frameNumber - FrameNumber;
        FrameNumber = frameNumber;
        int maxAge = _options.EffectiveMaxAge;

        // 1. Keep detections scoring at least min_confidence, with their features and measurements.
        _matching.Begin(detections.Length);
        for (int i = 0; i < detections.Length; i++)
        {
            ref readonly var det = ref detections[i];
            if (det.Box.Width <= 0 || det.Box.Height <= 0 || det.Score < _options.MinConfidence) continue;
            _matching.Keep(i, det, embeddings?[i], boxFromMeasurement: false);
        }
        int count = _matching.Count;
        if (embeddings is null && count > 0) _motionAlone.Mark(this);

        // 2. Camera-motion compensation (paper sec. 3.2, ECC): every track's box moves into this frame.
        if (cameraMotion is { IsIdentity: false } warp)
            foreach (var track in _tracks) track.ApplyCameraMotion(warp);

        // 3. Predict every track (one step per frame since the last call).
        foreach (var track in _tracks)
            for (int k = 0; k < steps; k++) track.Predict();

        // 4. Matching without the cascade (sec. 3.3, "woC"): confirmed tracks x all detections in one
        //    assignment, cost λ·appearance + (1 - λ)·Mahalanobis, gated by the χ² 0.95 bound.
        _matching.ClearMatches(_tracks);
        var rows = _matching.Rows;
        rows.Clear();
        foreach (var track in _tracks)
            if (track.IsConfirmed) rows.Add(track);
        int free = _matching.CollectUnmatched();
        if (rows.Count > 0 && free > 0)
        {
            BuildMotionAppearanceCosts(free);
            _matching.Solve(free);
        }

        // 5. IoU stage (as DeepSORT): unconfirmed tracks and confirmed ones missed for exactly one frame.
        rows.Clear();
        foreach (var track in _tracks)
            if (track.MatchedDetection < 0 && (!track.IsConfirmed || track.TimeSinceUpdate == 1)) rows.Add(track);
        free = _matching.CollectUnmatched();
        if (rows.Count > 0 && free > 0)
        {
            _matching.FillIouCosts(free, _options.MaxIouDistance);
            _matching.Solve(free);
        }

        // 6. NSA update of matched tracks (and their EMA feature); the others are missed.
        foreach (var track in _tracks)
        {
            int d = track.MatchedDetection;
            if (d >= 0) track.Update(detections[_matching.DetectionIndex(d)], _matching.Feature(d), _options.NInit, _options.NsaKalman);
            else track.MarkMissed(maxAge);
        }

        // 7. Every detection still unmatched starts a tentative track.
        for (int d = 0; d < count; d++)
            if (!_matching.IsMatched(d))
                _tracks.Add(new StrongSortTrack(++_nextId, detections[_matching.DetectionIndex(d)], _matching.Feature(d), _options.EmaAlpha));

        // 8. Deleted tracks go; confirmed tracks updated now or coasting one frame are reported.
        _tracks.RemoveAll(static t => t.State == StrongSortTrackState.Deleted);
        _output.Clear();
        foreach (var track in _tracks)
            if (track.IsConfirmed && track.TimeSinceUpdate <= 1)
                _output.Add(new TrackedObject(track.Id, track.Box, track.Score, track.ClassId));
        _matching.EndFrame();
        return _output;
    }

    /// <summary>
    /// Step 4's costs, each divided by its limit: (λ·d + (1 - λ)·g) / limit, where d is the cosine
    /// distance to the track's EMA feature (limit max-cosine-distance) or, where either feature is
    /// missing, the IoU distance (limit max-iou-distance), and g the squared Mahalanobis distance;
    /// infeasible where g is past the gate (reference gate_cost_matrix with mc_lambda).
    /// </summary>
    private void BuildMotionAppearanceCosts(int free)
    {
        var rows = _matching.Rows;
        _matching.PrepareCosts(free);
        Span<double> projected = stackalloc double[4];
        Span<double> lower = stackalloc double[16];
        double lambda = _options.MotionLambda;
        for (int r = 0; r < rows.Count; r++)
        {
            var track = rows[r];
            KalmanFilterXyah.ProjectForGating(track.Mean, track.Covariance, projected, lower);
            var box = track.Box;
            var row = _matching.CostRow(r, free);
            for (int k = 0; k < free; k++)
            {
                int d = _matching.Unmatched(k);
                double gate = Gating.SquaredMahalanobis(lower, projected, _matching.Measurement(d), 4);
                if (!(gate <= _gatingThreshold)) { row[k] = Infeasible; continue; }
                double cost = _matching.Feature(d) is { } feature && track.Appearance.HasValue
                    ? (lambda * Math.Max(0, 1 - System.Numerics.Tensors.TensorPrimitives.Dot(track.Appearance.Value, feature)) + (1 - lambda) * gate) / _options.MaxCosineDistance
                    : (lambda * (1 - BoundingBox.IoU(box, _matching.Box(d))) + (1 - lambda) * gate) / _options.MaxIouDistance;
                row[k] = Math.Min(cost, Infeasible);
            }
        }
    }
}
