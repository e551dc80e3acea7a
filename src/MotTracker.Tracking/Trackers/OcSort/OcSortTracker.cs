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
    private readonly List<OcSortTrack> _tracks = [];
    private readonly List<TrackedObject> _output = [];
    private readonly ObservationCentricMatching<OcSortTrack> _matching = new();
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
        _matching.SplitByScore(detections, _options.DetectionThreshold, _options.LowThreshold, _options.UseByte, out int highCount, out int lowCount);

        // 2. Predict every track; a track whose state collapsed (NaN box) is dropped, as in the reference.
        int trackCount = _tracks.Count;
        for (int t = 0; t < trackCount; t++) _tracks[t].Predict();
        int alive = 0;
        for (int t = 0; t < trackCount; t++)
            if (ObservationCentric.IsFinite(_tracks[t].PredictedBox)) _tracks[alive++] = _tracks[t];
        _tracks.RemoveRange(alive, trackCount - alive);
        trackCount = _tracks.Count;
        _matching.Begin(trackCount, detections.Length);

        // 3. First association with OCM: IoU with the predicted boxes plus the direction-consistency
        //    term (how well the track -> detection direction agrees with the track's observed motion).
        AssociateFirst(detections, _matching.AllTracks(trackCount), highCount);

        // 4. BYTE (optional): leftover tracks (predicted boxes) x low-score detections, plain IoU.
        if (_options.UseByte && lowCount > 0)
            AssociateByIou(detections, _matching.UnmatchedTracks(trackCount), _matching.Low, lowCount, useLastObservation: false);

        // 5. OCR: leftover tracks, by their LAST OBSERVATION instead of their prediction, x leftover
        //    high-score detections: recovers targets lost because the estimate drifted while occluded.
        int rows = _matching.UnmatchedTracks(trackCount);
        int cols = _matching.CollectUntaken(_matching.High, highCount);
        if (rows > 0 && cols > 0)
        {
            AssociateByIou(detections, rows, _matching.Columns, cols, useLastObservation: true);
        }

        // 6. Apply matches (ORU runs inside a track's update when it returns after missed frames) and
        //    mark the rest as missed.
        for (int t = 0; t < trackCount; t++)
        {
            int d = _matching.MatchOf(t);
            if (d >= 0) _tracks[t].Update(detections[d], _options.DeltaT);
            else _tracks[t].MarkMissed();
        }

        // 7. New tracks from high-score detections nobody took.
        for (int j = 0; j < highCount; j++)
        {
            int d = _matching.High[j];
            if (!_matching.IsTaken(d)) _tracks.Add(new OcSortTrack(++_nextId, detections[d], _options.DeltaT));
        }

        // 8. Report tracks matched this frame with enough hits in a row (every track during the first
        //    min_hits frames), then drop tracks unmatched for longer than max_age.
        _matching.Report(_tracks, _output, _options.MinHits, frame);
        _matching.DropOld(_tracks, _maxAge);
    }

    /// <summary>Step 3: similarity = IoU + inertia · score · direction consistency; matches below the IoU threshold are dropped.</summary>
    private void AssociateFirst(ReadOnlySpan<Detection> detections, int rows, int cols)
    {
        if (rows == 0 || cols == 0) return;
        _matching.FillIou(_tracks, detections, rows, _matching.High, cols, useLastObservation: false);
        var iou = _matching.Overlap(rows, cols);
        var costs = _matching.Costs(rows, cols);
        int deltaT = _options.DeltaT;
        for (int r = 0; r < rows; r++)
        {
            var track = _tracks[_matching.Row(r)];
            bool valid = track.TryGetPreviousObservation(deltaT, out var previous);
            var (vy, vx) = track.Direction;
            for (int c = 0; c < cols; c++)
            {
                double similarity = iou[r * cols + c];
                if (valid)
                {
                    ref readonly var det = ref detections[_matching.High[c]];
                    double consistency = ObservationCentric.Consistency(vy, vx, previous.CenterX, previous.CenterY, det.Box.CenterX, det.Box.CenterY);
                    similarity += consistency * _options.Inertia * det.Score;
                }
                costs[r * cols + c] = -similarity;
            }
        }
        // The reference takes the pairs above the threshold directly when no track or detection has two.
        if (!_matching.TryUniquePairs(rows, cols, _options.IouThreshold)) _matching.Solve(rows, cols);
        _matching.Accept(rows, cols, _matching.High, _options.IouThreshold);
    }

    /// <summary>Steps 4 and 5: plain IoU against predictions or last observations, solved only if some pair clears the threshold.</summary>
    private void AssociateByIou(ReadOnlySpan<Detection> detections, int rows, int[] columns, int cols, bool useLastObservation)
    {
        if (rows == 0 || cols == 0) return;
        _matching.FillIou(_tracks, detections, rows, columns, cols, useLastObservation);
        var iou = _matching.Overlap(rows, cols);
        var costs = _matching.Costs(rows, cols);
        // The largest IoU by comparison, so a NaN IoU is passed over (unlike Math.Max in the shared round).
        double max = 0;
        for (int k = 0; k < iou.Length; k++)
        {
            costs[k] = -iou[k];
            if (iou[k] > max) max = iou[k];
        }
        if (!(max > _options.IouThreshold)) return;
        _matching.Solve(rows, cols);
        _matching.Accept(rows, cols, columns, _options.IouThreshold);
    }
}
