using System.Runtime.Intrinsics;
using MotTracker.Tracking.Assignment;

namespace MotTracker.Tracking.Trackers.HybridSort;

/// <summary>
/// Hybrid-SORT (Yang et al., AAAI 2024): OC-SORT made to use "weak cues": tracklet-confidence modelling
/// (TCM; the detection score is part of the Kalman state and a match is penalised by how far the
/// detection's score lies from the track's predicted one), height-modulated IoU (HMIoU = vertical
/// overlap ratio × IoU; people seen from a fixed camera differ in height by depth) and robust OCM (the
/// direction of each of the four box corners over several frames). Follows ymzis69/HybridSORT
/// (hybrid_sort.py, associate_4_points_with_score) as boxmot runs it, without appearance.
/// </summary>
public sealed class HybridSortTracker : ITracker
{
    private readonly HybridSortOptions _options;
    private readonly int _maxAge;
    private readonly List<HybridSortTrack> _tracks = [];
    private readonly List<TrackedObject> _output = [];
    private readonly ObservationCentricMatching<HybridSortTrack> _matching = new();

    private double[] _detCorners = new double[64 * 8];
    private int _nextId;
    private int _frameCount;

    public HybridSortTracker(HybridSortOptions? options = null)
    {
        _options = options ?? new HybridSortOptions();
        _options.Validate();
        _maxAge = _options.EffectiveMaxAge;
    }

    public int FrameNumber { get; private set; }

    /// <summary>Every live track, reported or not.</summary>
    public IReadOnlyList<HybridSortTrack> Tracks => _tracks;

    public IReadOnlyList<TrackedObject> Update(
        int frameNumber,
        ReadOnlySpan<Detection> detections,
        IReadOnlyList<float[]?>? embeddings = null,
        AffineWarp? cameraMotion = null)
    {
        UpdateArguments.CheckFrame(frameNumber, FrameNumber);
        for (int skipped = FrameNumber + 1; skipped < frameNumber; skipped++)
        {
            Step([], cameraMotion);
            cameraMotion = null;
        }
        FrameNumber = frameNumber;
        Step(detections, cameraMotion);
        return _output;
    }

    /// <summary>
    /// Height-modulated IoU (paper eq. 4): IoU times the ratio of the two boxes' vertical overlap to
    /// their vertical extent together.
    /// </summary>
    public static double HeightModulatedIoU(in BoundingBox a, in BoundingBox b)
    {
        double iou = BoundingBox.IoU(a, b);
        if (iou <= 0) return 0;
        double overlap = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Y, b.Y);
        double extent = Math.Max(a.Bottom, b.Bottom) - Math.Min(a.Y, b.Y);
        return overlap / extent * iou;
    }

    private void Step(ReadOnlySpan<Detection> detections, AffineWarp? cameraMotion)
    {
        _output.Clear();
        _frameCount++;

        // 1. Split by score: high (> det_thresh) first; low (between the thresholds) for BYTE.
        _matching.SplitByScore(detections, _options.DetectionThreshold, _options.LowThreshold, _options.UseByte, out int highCount, out int lowCount);

        // 2. Camera motion (when given), then predict: box, Kalman-predicted and linearly predicted confidence.
        if (_options.CameraMotionCompensation && cameraMotion is { IsIdentity: false } warp)
            foreach (var track in _tracks) track.ApplyCameraMotion(warp);
        foreach (var track in _tracks) track.Predict(_options.DetectionThreshold);
        int alive = 0;
        for (int t = 0; t < _tracks.Count; t++)
            if (ObservationCentric.IsFinite(_tracks[t].PredictedBox)) _tracks[alive++] = _tracks[t];
        _tracks.RemoveRange(alive, _tracks.Count - alive);
        int trackCount = _tracks.Count;
        _matching.Begin(trackCount, detections.Length);

        // 3. First association: HMIoU + robust OCM (four corners) - TCM (|det score - Kalman score|).
        AssociateFirst(detections, _matching.AllTracks(trackCount), highCount);

        // 4. BYTE: leftover tracks x low-score detections, HMIoU - TCM with the linearly predicted score;
        //    a pair is accepted on HMIoU alone.
        if (_options.UseByte && lowCount > 0)
        {
            int unmatched = _matching.UnmatchedTracks(trackCount);
            if (unmatched > 0) AssociateLow(detections, unmatched, lowCount);
        }

        // 5. OCR: leftover tracks by their last observation x leftover high-score detections, HMIoU.
        int rows = _matching.UnmatchedTracks(trackCount);
        int cols = _matching.CollectUntaken(_matching.High, highCount);
        if (rows > 0 && cols > 0)
        {
            FillHmiou(detections, rows, _matching.Columns, cols, useLastObservation: true);
            _matching.SolveOnOverlap(rows, cols, _matching.Columns, _options.IouThreshold);
        }

        // 6. Apply matches (ORU inside) and mark the rest missed.
        for (int t = 0; t < trackCount; t++)
        {
            int d = _matching.MatchOf(t);
            if (d >= 0) _tracks[t].Update(detections[d], _options.DeltaT);
            else _tracks[t].MarkMissed();
        }

        // 7. New tracks from high-score detections nobody took.
        for (int j = 0; j < highCount; j++)
            if (!_matching.IsTaken(_matching.High[j])) _tracks.Add(new HybridSortTrack(++_nextId, detections[_matching.High[j]], _options.DeltaT));

        // 8. Report as OC-SORT does; drop tracks unseen for longer than max_age.
        _matching.Report(_tracks, _output, _options.MinHits, _frameCount);
        _matching.DropOld(_tracks, _maxAge);
    }

    private void AssociateFirst(ReadOnlySpan<Detection> detections, int rows, int cols)
    {
        if (rows == 0 || cols == 0) return;
        FillHmiou(detections, rows, _matching.High, cols, useLastObservation: false);
        // The reference takes unambiguous pairs without an assignment; the costs (four arc cosines a
        // pair, most of this tracker's time) are then never needed, so they are built only otherwise.
        if (!_matching.TryUniquePairs(rows, cols, _options.IouThreshold))
        {
            FillFirstCosts(detections, rows, cols);
            _matching.Solve(rows, cols);
        }
        _matching.Accept(rows, cols, _matching.High, _options.IouThreshold);
    }

    /// <summary>
    /// First-round cost: -(HMIoU + inertia · score · Σ corner consistency - TCM · |score - Kalman score|).
    /// The four corners of a pair go through <see cref="ObservationCentric.Consistency"/>'s arithmetic
    /// side by side in one 4-lane vector (the same IEEE operations, so the same bits); only the arc
    /// cosine stays per corner, and a cosine of exactly 0 (a corner with no direction yet) is
    /// consistency 0 without it.
    /// </summary>
    private void FillFirstCosts(ReadOnlySpan<Detection> detections, int rows, int cols)
    {
        // Corners of every detection once, not once per track: x of the four corners, then y.
        Buffers.Grow(ref _detCorners, cols * 8);
        for (int c = 0; c < cols; c++)
            for (int corner = 0; corner < 4; corner++)
                (_detCorners[c * 8 + corner], _detCorners[c * 8 + 4 + corner]) = HybridSortTrack.Corner(detections[_matching.High[c]].Box, corner);
        var hmiou = _matching.Overlap(rows, cols);
        var costs = _matching.Costs(rows, cols);
        Span<double> lanes = stackalloc double[4];
        var one = Vector256.Create(1.0);
        var epsilon = Vector256.Create(1e-6);
        for (int r = 0; r < rows; r++)
        {
            var track = _tracks[_matching.Row(r)];
            bool valid = track.TryGetPreviousObservation(_options.DeltaT, out var previous);
            Vector256<double> fromX = default, fromY = default, vx = default, vy = default;
            if (valid)
            {
                var (x0, y0) = HybridSortTrack.Corner(previous, 0);
                var (x1, y1) = HybridSortTrack.Corner(previous, 1);
                var (x2, y2) = HybridSortTrack.Corner(previous, 2);
                var (x3, y3) = HybridSortTrack.Corner(previous, 3);
                fromX = Vector256.Create(x0, x1, x2, x3);
                fromY = Vector256.Create(y0, y1, y2, y3);
                var (vy0, vx0) = track.CornerDirection(0);
                var (vy1, vx1) = track.CornerDirection(1);
                var (vy2, vx2) = track.CornerDirection(2);
                var (vy3, vx3) = track.CornerDirection(3);
                vx = Vector256.Create(vx0, vx1, vx2, vx3);
                vy = Vector256.Create(vy0, vy1, vy2, vy3);
            }
            for (int c = 0; c < cols; c++)
            {
                ref readonly var det = ref detections[_matching.High[c]];
                double similarity = hmiou[r * cols + c];
                if (valid)
                {
                    var dx = Vector256.Create(_detCorners.AsSpan(c * 8, 4)) - fromX;
                    var dy = Vector256.Create(_detCorners.AsSpan(c * 8 + 4, 4)) - fromY;
                    var norm = Vector256.Sqrt(dx * dx + dy * dy) + epsilon;
                    var cos = Vector256.Min(Vector256.Max(vx * dx / norm + vy * dy / norm, -one), one);
                    cos.CopyTo(lanes);
                    double consistency = 0;
                    for (int corner = 0; corner < 4; corner++)
                        if (lanes[corner] != 0) consistency += (Math.PI / 2 - Math.Abs(Math.Acos(lanes[corner]))) / Math.PI;
                    similarity += consistency * _options.Inertia * det.Score;
                }
                similarity -= Math.Abs(det.Score - track.KalmanScore) * _options.TcmFirstStepWeight;
                costs[r * cols + c] = -similarity;
            }
        }
    }

    private void AssociateLow(ReadOnlySpan<Detection> detections, int rows, int cols)
    {
        FillHmiou(detections, rows, _matching.Low, cols, useLastObservation: false);
        var hmiou = _matching.Overlap(rows, cols);
        var costs = _matching.Costs(rows, cols);
        double max = double.NegativeInfinity;
        for (int r = 0; r < rows; r++)
        {
            var track = _tracks[_matching.Row(r)];
            for (int c = 0; c < cols; c++)
            {
                double similarity = hmiou[r * cols + c] - Math.Abs(detections[_matching.Low[c]].Score - track.SimpleScore) * _options.TcmByteStepWeight;
                costs[r * cols + c] = -similarity;
                max = Math.Max(max, similarity);
            }
        }
        if (!(max > _options.IouThreshold)) return;
        _matching.Solve(rows, cols);
        _matching.Accept(rows, cols, _matching.Low, _options.IouThreshold);
    }

    private void FillHmiou(ReadOnlySpan<Detection> detections, int rows, int[] columns, int cols, bool useLastObservation)
    {
        _matching.Prepare(rows, cols);
        var hmiou = _matching.Overlap(rows, cols);
        for (int r = 0; r < rows; r++)
        {
            var box = ObservationCentricMatching<HybridSortTrack>.RowBox(_tracks[_matching.Row(r)], useLastObservation);
            for (int c = 0; c < cols; c++) hmiou[r * cols + c] = HeightModulatedIoU(box, detections[columns[c]].Box);
        }
    }
}
