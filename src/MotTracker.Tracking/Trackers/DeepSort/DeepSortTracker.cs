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
    private const double Infeasible = MinCostMatching<DeepSortTrack>.Infeasible;

    private readonly DeepSortOptions _options;
    private readonly List<DeepSortTrack> _tracks = [];
    private readonly List<TrackedObject> _output = [];
    private readonly Stack<float[]> _spareFeatures = new(); // storage of deleted tracks' galleries
    private readonly MinCostMatching<DeepSortTrack> _matching = new();
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
        _matching.Begin(detections.Length);
        for (int i = 0; i < detections.Length; i++)
        {
            ref readonly var det = ref detections[i];
            if (det.Box.Width <= 0 || det.Box.Height <= 0 || !_options.UsesEmbeddingOf(det.Score)) continue;
            _matching.Keep(i, det, embeddings?[i], boxFromMeasurement: true);
        }
        int count = _matching.Count;
        if (embeddings is null && count > 0) _motionAlone.Mark(this);

        // 2. Predict every track to this frame.
        foreach (var track in _tracks)
            for (int k = 0; k < steps; k++) track.Predict();

        // 3. Matching cascade (paper Listing 1): confirmed tracks by time since update, 1, 2, ...,
        //    max_age, each level solving gated appearance costs against the detections still unmatched.
        _matching.ClearMatches(_tracks);
        var rows = _matching.Rows;
        for (int level = 1; level <= maxAge; level++)
        {
            rows.Clear();
            foreach (var track in _tracks)
                if (track.IsConfirmed && track.TimeSinceUpdate == level && track.MatchedDetection < 0) rows.Add(track);
            if (rows.Count == 0) continue;
            int free = _matching.CollectUnmatched();
            if (free == 0) break;
            BuildGatedCosts(free);
            _matching.Solve(free);
        }

        // 4. IoU matching (paper sec. 2.3): unconfirmed tracks and confirmed tracks missed for exactly
        //    one frame, against the detections the cascade left.
        rows.Clear();
        foreach (var track in _tracks)
            if (track.MatchedDetection < 0 && (!track.IsConfirmed || track.TimeSinceUpdate == 1)) rows.Add(track);
        int left = _matching.CollectUnmatched();
        if (rows.Count > 0 && left > 0)
        {
            _matching.FillIouCosts(left, _options.MaxIouDistance);
            _matching.Solve(left);
        }

        // 5. Update matched tracks with their detection; mark the others missed.
        for (int t = 0; t < _tracks.Count; t++)
        {
            var track = _tracks[t];
            int d = track.MatchedDetection;
            if (d >= 0) track.Update(detections[_matching.DetectionIndex(d)], _matching.Feature(d), _options.NInit);
            else track.MarkMissed(maxAge);
        }

        // 6. Every detection still unmatched starts a tentative track, if it scores at least
        //    new_track_confidence (our addition; see the option).
        for (int d = 0; d < count; d++)
            if (!_matching.IsMatched(d) && detections[_matching.DetectionIndex(d)].Score >= _options.NewTrackConfidence)
                _tracks.Add(new DeepSortTrack(++_nextId, detections[_matching.DetectionIndex(d)], _matching.Feature(d), _options.NnBudget, _spareFeatures));

        // 7. Deleted tracks go; their galleries' storage is kept for new tracks.
        foreach (var track in _tracks)
            if (track.State == DeepSortTrackState.Deleted) track.Gallery.Clear();
        _tracks.RemoveAll(static t => t.State == DeepSortTrackState.Deleted);

        // 8. Report confirmed tracks updated now or coasting for one frame, as the reference app writes them.
        _output.Clear();
        foreach (var track in _tracks)
            if (track.IsConfirmed && track.TimeSinceUpdate <= 1)
                _output.Add(new TrackedObject(track.Id, track.Box, track.Score, track.ClassId));
        _matching.EndFrame();
        return _output;
    }

    /// <summary>
    /// Rows x unmatched detections: cosine distance to the track's gallery over max_cosine_distance, or,
    /// where either side has no feature, IoU distance over max_iou_distance; infeasible where the
    /// Mahalanobis gate rejects the pair (reference gate_cost_matrix).
    /// </summary>
    private void BuildGatedCosts(int free)
    {
        var rows = _matching.Rows;
        _matching.PrepareCosts(free);
        Span<double> projected = stackalloc double[4];
        Span<double> lower = stackalloc double[16];
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
                if (!(gate <= _options.GatingThreshold)) { row[k] = Infeasible; continue; }
                double cost = _matching.Feature(d) is { } feature && track.Gallery.Count > 0
                    ? track.Gallery.MinCosineDistance(feature) / _options.MaxCosineDistance
                    : (1 - BoundingBox.IoU(box, _matching.Box(d))) / _options.MaxIouDistance;
                row[k] = Math.Min(cost, Infeasible);
            }
        }
    }
}
