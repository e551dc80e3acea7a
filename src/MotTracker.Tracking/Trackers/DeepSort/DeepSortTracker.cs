using MotTracker.Tracking.Assignment;
using MotTracker.Tracking.Motion;
using MotTracker.Tracking.Appearance;

namespace MotTracker.Tracking.Trackers.DeepSort;

/// <summary>
/// DeepSORT (Wojke et al., ICIP 2017): a Kalman filter over (cx, cy, a, h) per track; detections are
/// first matched to confirmed tracks by appearance (smallest cosine distance to the track's gallery),
/// gated by the squared Mahalanobis distance of the motion model, in a matching cascade that serves
/// recently seen tracks first; then unconfirmed tracks and tracks missed for one frame are matched by
/// IoU. Follows the reference code (nwojke/deep_sort, tracker.py and linear_assignment.py).
/// </summary>
/// <remarks>
/// Without embeddings the cascade matches by Mahalanobis-gated IoU distance instead (our fallback, so
/// the tracker still runs on detections alone); <see cref="MotionAloneStarted"/> says so once.
/// </remarks>
public sealed class DeepSortTracker : IAppearanceTracker
{
    /// <summary>
    /// Cost above every threshold: the reference sets gated entries to 1e5 and then clips every cost
    /// above the threshold to threshold + 1e-5 before solving. Costs here are divided by their threshold,
    /// so the clip value is 1 + 1e-5 and "matched" means cost ≤ 1.
    /// </summary>
    private const double Infeasible = 1 + 1e-5;

    private readonly DeepSortOptions _options;
    private readonly LinearAssignment _solver = new();
    private readonly List<DeepSortTrack> _tracks = [];
    private readonly List<TrackedObject> _output = [];
    private readonly Stack<float[]> _spareFeatures = new(); // storage of deleted tracks' galleries

    // Per-frame work buffers, reused across frames.
    private readonly List<DeepSortTrack> _rows = [];
    private float[]?[] _features = new float[]?[64];
    private int[] _detections = new int[64];
    private int[] _unmatched = new int[64];
    private int[] _matchedTo = new int[64]; // per kept detection: -1, or matched (the row it was matched in)
    private double[] _measurements = new double[64 * 4];
    private int[] _rowMatch = new int[64];
    private int[] _colMatch = new int[64];
    private double[] _costs = new double[64 * 64];
    private int _nextId;
    private readonly MotionAloneSignal _motionAlone = new();

    public DeepSortTracker(DeepSortOptions? options = null)
    {
        _options = options ?? new DeepSortOptions();
        _options.Validate();
    }

    public int FrameNumber { get; private set; }

    /// <summary>Every live track, tentative and confirmed, in creation order.</summary>
    public IReadOnlyList<DeepSortTrack> Tracks => _tracks;

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
        // A gap ages the tracks as empty frames would: one Kalman step (and one miss) per frame.
        int steps = FrameNumber == 0 ? 1 : frameNumber - FrameNumber;
        FrameNumber = frameNumber;
        int maxAge = _options.MaxAgeFrames;

        // 1. Keep detections at or above min_confidence (reference deep_sort_app), with their features
        //    and their (cx, cy, a, h) measurements for gating.
        int count = 0;
        Buffers.Grow(ref _detections, detections.Length);
        Buffers.Grow(ref _features, detections.Length);
        Buffers.Grow(ref _measurements, detections.Length * 4);
        for (int i = 0; i < detections.Length; i++)
        {
            ref readonly var det = ref detections[i];
            if (det.Box.Width <= 0 || det.Box.Height <= 0 || !_options.UsesEmbeddingOf(det.Score)) continue;
            _detections[count] = i;
            _features[count] = embeddings?[i];
            KalmanFilterXyah.ToMeasurement(det.Box, _measurements.AsSpan(count * 4, 4));
            count++;
        }
        if (embeddings is null && count > 0) _motionAlone.Mark(this);

        // 2. Predict every track to this frame.
        foreach (var track in _tracks)
        {
            track.MatchedDetection = -1;
            for (int k = 0; k < steps; k++) track.Predict();
        }

        // 3. Matching cascade (paper Listing 1): confirmed tracks by time since update, 1, 2, ...,
        //    max_age, each level solving gated appearance costs against the detections still unmatched.
        Buffers.Grow(ref _matchedTo, count);
        _matchedTo.AsSpan(0, count).Fill(-1);
        for (int level = 1; level <= maxAge; level++)
        {
            _rows.Clear();
            foreach (var track in _tracks)
                if (track.IsConfirmed && track.TimeSinceUpdate == level && track.MatchedDetection < 0) _rows.Add(track);
            if (_rows.Count == 0) continue;
            int free = CollectUnmatched(count);
            if (free == 0) break;
            BuildGatedCosts(free);
            Solve(free);
        }

        // 4. IoU matching (paper sec. 2.3): unconfirmed tracks and confirmed tracks missed for exactly
        //    one frame, against the detections the cascade left.
        _rows.Clear();
        foreach (var track in _tracks)
            if (track.MatchedDetection < 0 && (!track.IsConfirmed || track.TimeSinceUpdate == 1)) _rows.Add(track);
        int left = CollectUnmatched(count);
        if (_rows.Count > 0 && left > 0)
        {
            BuildIouCosts(left);
            Solve(left);
        }

        // 5. Update matched tracks with their detection; mark the others missed.
        for (int t = 0; t < _tracks.Count; t++)
        {
            var track = _tracks[t];
            int d = track.MatchedDetection;
            if (d >= 0) track.Update(detections[_detections[d]], _features[d], _options.NInit);
            else track.MarkMissed(maxAge);
        }

        // 6. Every detection still unmatched starts a tentative track, if it scores at least
        //    new_track_confidence (our addition; see the option).
        for (int d = 0; d < count; d++)
            if (_matchedTo[d] < 0 && detections[_detections[d]].Score >= _options.NewTrackConfidence)
                _tracks.Add(new DeepSortTrack(++_nextId, detections[_detections[d]], _features[d], _options.NnBudget, _spareFeatures));

        // 7. Deleted tracks go; their galleries' storage is kept for new tracks.
        foreach (var track in _tracks)
            if (track.State == DeepSortTrackState.Deleted) track.Gallery.Clear();
        _tracks.RemoveAll(static t => t.State == DeepSortTrackState.Deleted);

        // 8. Report confirmed tracks updated now or coasting for one frame, as the reference app writes them.
        _output.Clear();
        foreach (var track in _tracks)
            if (track.IsConfirmed && track.TimeSinceUpdate <= 1)
                _output.Add(new TrackedObject(track.Id, track.Box, track.Score, track.ClassId));
        Array.Clear(_features, 0, count); // drop references to the caller's arrays
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
    /// Rows x unmatched detections: cosine distance to the track's gallery over max_cosine_distance, or,
    /// where either side has no feature, IoU distance over max_iou_distance; infeasible where the
    /// Mahalanobis gate rejects the pair (reference gate_cost_matrix).
    /// </summary>
    private void BuildGatedCosts(int free)
    {
        int rows = _rows.Count;
        Buffers.Grow(ref _costs, rows * free);
        Span<double> projected = stackalloc double[4];
        Span<double> lower = stackalloc double[16];
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
                if (!(gate <= _options.GatingThreshold)) { row[k] = Infeasible; continue; }
                double cost = _features[d] is { } feature && track.Gallery.Count > 0
                    ? track.Gallery.MinCosineDistance(feature) / _options.MaxCosineDistance
                    : (1 - BoundingBox.IoU(box, DetectionBox(d))) / _options.MaxIouDistance;
                row[k] = Math.Min(cost, Infeasible);
            }
        }
    }

    /// <summary>Rows x unmatched detections: plain 1 - IoU over max_iou_distance (reference iou_matching.iou_cost).</summary>
    private void BuildIouCosts(int free)
    {
        int rows = _rows.Count;
        Buffers.Grow(ref _costs, rows * free);
        for (int r = 0; r < rows; r++)
        {
            var track = _rows[r];
            var row = _costs.AsSpan(r * free, free);
            // The reference gives tracks missed for more than one frame no IoU candidates.
            if (track.TimeSinceUpdate > 1) { row.Fill(Infeasible); continue; }
            var box = track.Box;
            for (int k = 0; k < free; k++)
                row[k] = Math.Min((1 - BoundingBox.IoU(box, DetectionBox(_unmatched[k]))) / _options.MaxIouDistance, Infeasible);
        }
    }

    private BoundingBox DetectionBox(int d)
    {
        var m = _measurements.AsSpan(d * 4, 4);
        double w = m[2] * m[3];
        return new BoundingBox(m[0] - w / 2, m[1] - m[3] / 2, w, m[3]);
    }

    /// <summary>
    /// Reference min_cost_matching: a full min-cost assignment of the clipped costs (no cost limit, as
    /// scipy's linear_sum_assignment), then pairs costing more than the threshold are dropped.
    /// </summary>
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
