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
    /// <summary>Costs here are divided by their limit: an infeasible pair costs just over 1 (the reference clips to limit + 1e-5).</summary>
    private const double Infeasible = 1 + 1e-5;

    private readonly StrongSortOptions _options;
    private readonly double _gatingThreshold = Gating.Chi2Inv95(4);
    private readonly LinearAssignment _solver = new();
    private readonly List<StrongSortTrack> _tracks = [];
    private readonly List<StrongSortTrack> _rows = [];
    private readonly List<TrackedObject> _output = [];

    private float[]?[] _features = new float[]?[64];
    private int[] _detections = new int[64];
    private int[] _unmatched = new int[64];
    private int[] _matchedTo = new int[64];
    private double[] _measurements = new double[256];
    private BoundingBox[] _boxes = new BoundingBox[64];
    private int[] _rowMatch = new int[64];
    private int[] _colMatch = new int[64];
    private double[] _costs = new double[64 * 64];
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
        int count = 0;
        Buffers.Grow(ref _detections, detections.Length);
        Buffers.Grow(ref _features, detections.Length);
        Buffers.Grow(ref _measurements, detections.Length * 4);
        Buffers.Grow(ref _boxes, detections.Length);
        for (int i = 0; i < detections.Length; i++)
        {
            ref readonly var det = ref detections[i];
            if (det.Box.Width <= 0 || det.Box.Height <= 0 || det.Score < _options.MinConfidence) continue;
            _detections[count] = i;
            _features[count] = embeddings?[i];
            _boxes[count] = det.Box;
            KalmanFilterXyah.ToMeasurement(det.Box, _measurements.AsSpan(count * 4, 4));
            count++;
        }
        if (embeddings is null && count > 0) _motionAlone.Mark(this);

        // 2. Camera-motion compensation (paper sec. 3.2, ECC): every track's box moves into this frame.
        if (cameraMotion is { IsIdentity: false } warp)
            foreach (var track in _tracks) track.ApplyCameraMotion(warp);

        // 3. Predict every track (one step per frame since the last call).
        foreach (var track in _tracks)
        {
            track.MatchedDetection = -1;
            for (int k = 0; k < steps; k++) track.Predict();
        }

        // 4. Matching without the cascade (sec. 3.3, "woC"): confirmed tracks x all detections in one
        //    assignment, cost λ·appearance + (1 - λ)·Mahalanobis, gated by the χ² 0.95 bound.
        Buffers.Grow(ref _matchedTo, count);
        _matchedTo.AsSpan(0, count).Fill(-1);
        _rows.Clear();
        foreach (var track in _tracks)
            if (track.IsConfirmed) _rows.Add(track);
        int free = CollectUnmatched(count);
        if (_rows.Count > 0 && free > 0)
        {
            BuildMotionAppearanceCosts(free);
            Solve(free);
        }

        // 5. IoU stage (as DeepSORT): unconfirmed tracks and confirmed ones missed for exactly one frame.
        _rows.Clear();
        foreach (var track in _tracks)
            if (track.MatchedDetection < 0 && (!track.IsConfirmed || track.TimeSinceUpdate == 1)) _rows.Add(track);
        free = CollectUnmatched(count);
        if (_rows.Count > 0 && free > 0)
        {
            BuildIouCosts(free);
            Solve(free);
        }

        // 6. NSA update of matched tracks (and their EMA feature); the others are missed.
        foreach (var track in _tracks)
        {
            int d = track.MatchedDetection;
            if (d >= 0) track.Update(detections[_detections[d]], _features[d], _options.NInit, _options.NsaKalman);
            else track.MarkMissed(maxAge);
        }

        // 7. Every detection still unmatched starts a tentative track.
        for (int d = 0; d < count; d++)
            if (_matchedTo[d] < 0)
                _tracks.Add(new StrongSortTrack(++_nextId, detections[_detections[d]], _features[d], _options.EmaAlpha));

        // 8. Deleted tracks go; confirmed tracks updated now or coasting one frame are reported.
        _tracks.RemoveAll(static t => t.State == StrongSortTrackState.Deleted);
        _output.Clear();
        foreach (var track in _tracks)
            if (track.IsConfirmed && track.TimeSinceUpdate <= 1)
                _output.Add(new TrackedObject(track.Id, track.Box, track.Score, track.ClassId));
        Array.Clear(_features, 0, count);
        return _output;
    }

    private int CollectUnmatched(int count)
    {
        Buffers.Grow(ref _unmatched, count);
        int free = 0;
        for (int d = 0; d < count; d++)
            if (_matchedTo[d] < 0) _unmatched[free++] = d;
        return free;
    }

    /// <summary>
    /// Step 4's costs, each divided by its limit: (λ·d + (1 - λ)·g) / limit, where d is the cosine
    /// distance to the track's EMA feature (limit max-cosine-distance) or, where either feature is
    /// missing, the IoU distance (limit max-iou-distance), and g the squared Mahalanobis distance;
    /// infeasible where g is past the gate (reference gate_cost_matrix with mc_lambda).
    /// </summary>
    private void BuildMotionAppearanceCosts(int free)
    {
        int rows = _rows.Count;
        Buffers.Grow(ref _costs, rows * free);
        Span<double> projected = stackalloc double[4];
        Span<double> lower = stackalloc double[16];
        double lambda = _options.MotionLambda;
        for (int r = 0; r < rows; r++)
        {
            var track = _rows[r];
            track.ProjectForGating(projected, lower);
            var box = track.Box;
            var row = _costs.AsSpan(r * free, free);
            for (int k = 0; k < free; k++)
            {
                int d = _unmatched[k];
                double gate = Gating.SquaredMahalanobis(lower, projected, _measurements.AsSpan(d * 4, 4), 4);
                if (!(gate <= _gatingThreshold)) { row[k] = Infeasible; continue; }
                double cost = _features[d] is { } feature && track.Appearance.HasValue
                    ? (lambda * Math.Max(0, 1 - System.Numerics.Tensors.TensorPrimitives.Dot(track.Appearance.Value, feature)) + (1 - lambda) * gate) / _options.MaxCosineDistance
                    : (lambda * (1 - BoundingBox.IoU(box, _boxes[d])) + (1 - lambda) * gate) / _options.MaxIouDistance;
                row[k] = Math.Min(cost, Infeasible);
            }
        }
    }

    /// <summary>Step 5's costs: 1 - IoU over max-iou-distance; tracks missed longer than a frame get none.</summary>
    private void BuildIouCosts(int free)
    {
        int rows = _rows.Count;
        Buffers.Grow(ref _costs, rows * free);
        for (int r = 0; r < rows; r++)
        {
            var track = _rows[r];
            var row = _costs.AsSpan(r * free, free);
            if (track.TimeSinceUpdate > 1) { row.Fill(Infeasible); continue; }
            var box = track.Box;
            for (int k = 0; k < free; k++)
                row[k] = Math.Min((1 - BoundingBox.IoU(box, _boxes[_unmatched[k]])) / _options.MaxIouDistance, Infeasible);
        }
    }

    /// <summary>The reference min_cost_matching: a full assignment of the clipped costs, then pairs over the limit dropped.</summary>
    private void Solve(int free)
    {
        int rows = _rows.Count;
        Buffers.Grow(ref _rowMatch, rows);
        Buffers.Grow(ref _colMatch, free);
        var costs = _costs.AsSpan(0, rows * free);
        _solver.Solve(costs, rows, free, double.PositiveInfinity, _rowMatch.AsSpan(0, rows), _colMatch.AsSpan(0, free));
        for (int r = 0; r < rows; r++)
        {
            int k = _rowMatch[r];
            if (k < 0 || costs[r * free + k] > 1) continue;
            _rows[r].MatchedDetection = _unmatched[k];
            _matchedTo[_unmatched[k]] = r;
        }
    }

}
