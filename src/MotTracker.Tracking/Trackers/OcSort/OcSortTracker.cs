using MotTracker.Tracking.Assignment;

namespace MotTracker.Tracking.Trackers.OcSort;

/// <summary>
/// OC-SORT (Cao et al., "Observation-Centric SORT: Rethinking SORT for Robust Multi-Object Tracking",
/// CVPR 2023): SORT's Kalman tracker made to trust observations over its own estimates, through
/// observation-centric re-update (ORU), momentum (OCM) and recovery (OCR). Follows the reference code's
/// steps and defaults (noahcao/OC_SORT, trackers/ocsort_tracker); its optional BYTE round too.
/// </summary>
public sealed class OcSortTracker : ITracker
{
    private readonly OcSortOptions _options;
    private readonly int _maxAge;
    private readonly LinearAssignment _solver = new();
    private readonly List<OcSortTrack> _tracks = [];
    private readonly List<TrackedObject> _output = [];

    // Per-frame work buffers, reused.
    private int[] _high = new int[64];
    private int[] _low = new int[64];
    private int[] _trackMatch = new int[64];
    private bool[] _detectionTaken = new bool[64];
    private int[] _rows = new int[64];
    private int[] _cols = new int[64];
    private int[] _rowMatch = new int[64];
    private int[] _colMatch = new int[64];
    private BoundingBox[] _boxesA = new BoundingBox[64];
    private BoundingBox[] _boxesB = new BoundingBox[64];
    private double[] _iou = new double[64 * 64];
    private double[] _costs = new double[64 * 64];
    private int _nextId;

    public OcSortTracker(OcSortOptions? options = null)
    {
        _options = options ?? new OcSortOptions();
        _options.Validate();
        _maxAge = _options.EffectiveMaxAge;
    }

    public int FrameNumber { get; private set; }

    /// <summary>Every live track, reported or not.</summary>
    public IReadOnlyList<OcSortTrack> Tracks => _tracks;

    public IReadOnlyList<TrackedObject> Update(
        int frameNumber,
        ReadOnlySpan<Detection> detections,
        IReadOnlyList<float[]?>? embeddings = null,
        AffineWarp? cameraMotion = null)
    {
        UpdateArguments.CheckFrame(frameNumber, FrameNumber);
        // The reference is called on every frame; frames skipped here pass as frames without detections.
        for (int skipped = FrameNumber + 1; skipped < frameNumber; skipped++) Step(skipped, []);
        FrameNumber = frameNumber;
        Step(frameNumber, detections);
        return _output;
    }

    private void Step(int frame, ReadOnlySpan<Detection> detections)
    {
        _output.Clear();

        // 1. Split detections by score: high (> det_thresh) are associated and start tracks; with the
        //    BYTE round on, low ones (between the two thresholds) get a second chance with leftover tracks.
        int highCount = 0, lowCount = 0;
        Buffers.Grow(ref _high, detections.Length);
        Buffers.Grow(ref _low, detections.Length);
        for (int i = 0; i < detections.Length; i++)
        {
            double s = detections[i].Score;
            if (!(detections[i].Box.Width > 0 && detections[i].Box.Height > 0)) continue;
            if (s > _options.DetectionThreshold) _high[highCount++] = i;
            else if (_options.UseByte && s > _options.LowThreshold && s < _options.DetectionThreshold) _low[lowCount++] = i;
        }

        // 2. Predict every track; a track whose state collapsed (NaN box) is dropped, as in the reference.
        int trackCount = _tracks.Count;
        for (int t = 0; t < trackCount; t++) _tracks[t].Predict();
        int alive = 0;
        for (int t = 0; t < trackCount; t++)
            if (IsFinite(_tracks[t].PredictedBox)) _tracks[alive++] = _tracks[t];
        _tracks.RemoveRange(alive, trackCount - alive);
        trackCount = _tracks.Count;
        Buffers.Grow(ref _trackMatch, trackCount);
        _trackMatch.AsSpan(0, trackCount).Fill(-1);
        Buffers.Grow(ref _detectionTaken, detections.Length);
        _detectionTaken.AsSpan(0, detections.Length).Clear();

        // 3. First association with OCM: IoU with the predicted boxes plus the direction-consistency
        //    term (how well the track -> detection direction agrees with the track's observed motion).
        int rows = 0;
        Buffers.Grow(ref _rows, trackCount);
        for (int t = 0; t < trackCount; t++) _rows[rows++] = t;
        AssociateFirst(detections, rows, highCount);

        // 4. BYTE (optional): leftover tracks (predicted boxes) x low-score detections, plain IoU.
        if (_options.UseByte && lowCount > 0)
        {
            rows = CollectUnmatchedTracks();
            AssociateByIou(detections, rows, _low, lowCount, useLastObservation: false);
        }

        // 5. OCR: leftover tracks, by their LAST OBSERVATION instead of their prediction, x leftover
        //    high-score detections: recovers targets lost because the estimate drifted while occluded.
        rows = CollectUnmatchedTracks();
        int cols = 0;
        Buffers.Grow(ref _cols, highCount);
        for (int j = 0; j < highCount; j++)
            if (!_detectionTaken[_high[j]]) _cols[cols++] = _high[j];
        if (rows > 0 && cols > 0)
        {
            AssociateByIou(detections, rows, _cols, cols, useLastObservation: true);
        }

        // 6. Apply matches (ORU runs inside a track's update when it returns after missed frames) and
        //    mark the rest as missed.
        for (int t = 0; t < trackCount; t++)
        {
            int d = _trackMatch[t];
            if (d >= 0) _tracks[t].Update(detections[d], _options.DeltaT);
            else _tracks[t].MarkMissed();
        }

        // 7. New tracks from high-score detections nobody took.
        for (int j = 0; j < highCount; j++)
        {
            int d = _high[j];
            if (!_detectionTaken[d]) _tracks.Add(new OcSortTrack(++_nextId, detections[d], _options.DeltaT));
        }

        // 8. Report tracks matched this frame with enough hits in a row (every track during the first
        //    min_hits frames), then drop tracks unmatched for longer than max_age.
        foreach (var track in _tracks)
        {
            if (track.TimeSinceUpdate < 1 && (track.HitStreak >= _options.MinHits || frame <= _options.MinHits))
                _output.Add(new TrackedObject(track.Id, track.OutputBox, track.Score, track.ClassId));
        }
        int kept = 0;
        for (int t = 0; t < _tracks.Count; t++)
            if (_tracks[t].TimeSinceUpdate <= _maxAge) _tracks[kept++] = _tracks[t];
        _tracks.RemoveRange(kept, _tracks.Count - kept);
    }

    /// <summary>Indices of tracks still unmatched, into _rows; returns their count.</summary>
    private int CollectUnmatchedTracks()
    {
        int rows = 0;
        for (int t = 0; t < _tracks.Count; t++)
            if (_trackMatch[t] < 0) _rows[rows++] = t;
        return rows;
    }

    /// <summary>Step 3: similarity = IoU + inertia · score · direction consistency; matches below the IoU threshold are dropped.</summary>
    private void AssociateFirst(ReadOnlySpan<Detection> detections, int rows, int cols)
    {
        if (rows == 0 || cols == 0) return;
        FillIou(detections, rows, _high, cols, useLastObservation: false);
        var iou = _iou.AsSpan(0, rows * cols);
        var costs = _costs.AsSpan(0, rows * cols);
        int deltaT = _options.DeltaT;
        for (int r = 0; r < rows; r++)
        {
            var track = _tracks[_rows[r]];
            bool valid = track.TryGetPreviousObservation(deltaT, out var previous);
            var (vy, vx) = track.Direction;
            for (int c = 0; c < cols; c++)
            {
                double similarity = iou[r * cols + c];
                if (valid)
                {
                    ref readonly var det = ref detections[_high[c]];
                    double consistency = ObservationCentric.Consistency(vy, vx, previous.CenterX, previous.CenterY, det.Box.CenterX, det.Box.CenterY);
                    similarity += consistency * _options.Inertia * det.Score;
                }
                costs[r * cols + c] = -similarity;
            }
        }
        SolveAndAccept(rows, cols, _high, uniquePairsFirst: true);
    }

    /// <summary>Steps 4 and 5: plain IoU against predictions or last observations, solved only if some pair clears the threshold.</summary>
    private void AssociateByIou(ReadOnlySpan<Detection> detections, int rows, int[] columns, int cols, bool useLastObservation)
    {
        if (rows == 0 || cols == 0) return;
        FillIou(detections, rows, columns, cols, useLastObservation);
        var iou = _iou.AsSpan(0, rows * cols);
        var costs = _costs.AsSpan(0, rows * cols);
        double max = 0;
        for (int k = 0; k < iou.Length; k++)
        {
            costs[k] = -iou[k];
            if (iou[k] > max) max = iou[k];
        }
        if (!(max > _options.IouThreshold)) return;
        SolveAndAccept(rows, cols, columns, uniquePairsFirst: false);
    }

    /// <summary>
    /// The reference's matching: a full assignment on the costs, except that the first round takes the
    /// pairs above the IoU threshold directly when no track or detection has two of them. Either way a
    /// pair with IoU under the threshold is not a match.
    /// </summary>
    private void SolveAndAccept(int rows, int cols, int[] columns, bool uniquePairsFirst)
    {
        var iou = _iou.AsSpan(0, rows * cols);
        Buffers.Grow(ref _rowMatch, rows);
        Buffers.Grow(ref _colMatch, cols);
        var rowMatch = _rowMatch.AsSpan(0, rows);
        var colMatch = _colMatch.AsSpan(0, cols);
        double threshold = _options.IouThreshold;
        if (!uniquePairsFirst || !ObservationCentric.TryUniquePairs(iou, rows, cols, threshold, rowMatch, colMatch))
            _solver.Solve(_costs.AsSpan(0, rows * cols), rows, cols, double.PositiveInfinity, rowMatch, colMatch);
        for (int r = 0; r < rows; r++)
        {
            int c = rowMatch[r];
            if (c < 0 || iou[r * cols + c] < threshold) continue;
            _trackMatch[_rows[r]] = columns[c];
            _detectionTaken[columns[c]] = true;
        }
    }

    private void FillIou(ReadOnlySpan<Detection> detections, int rows, int[] columns, int cols, bool useLastObservation)
    {
        Buffers.Grow(ref _boxesA, rows);
        Buffers.Grow(ref _boxesB, cols);
        Buffers.Grow(ref _iou, rows * cols);
        Buffers.Grow(ref _costs, rows * cols);
        for (int r = 0; r < rows; r++)
        {
            var track = _tracks[_rows[r]];
            // A track never observed has no last observation: the reference's placeholder box overlaps nothing.
            _boxesA[r] = useLastObservation ? (track.HasObservation ? track.LastObservation : default) : track.PredictedBox;
        }
        for (int c = 0; c < cols; c++) _boxesB[c] = detections[columns[c]].Box;
        IouMatrix.Compute(_boxesA.AsSpan(0, rows), _boxesB.AsSpan(0, cols), _iou.AsSpan(0, rows * cols), pixelInclusive: false);
    }

    private static bool IsFinite(in BoundingBox box) =>
        double.IsFinite(box.X) && double.IsFinite(box.Y) && double.IsFinite(box.Width) && double.IsFinite(box.Height);
}
