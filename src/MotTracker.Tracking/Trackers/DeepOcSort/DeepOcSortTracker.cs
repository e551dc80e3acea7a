using MotTracker.Tracking.Appearance;
using MotTracker.Tracking.Assignment;
using MotTracker.Tracking.Trackers.OcSort;

namespace MotTracker.Tracking.Trackers.DeepOcSort;

/// <summary>
/// Deep OC-SORT (Maggiolino et al., ICIP 2023): OC-SORT (its tracks, ORU, OCM and OCR reused from
/// <see cref="OcSortTrack"/>) plus camera-motion compensation of the state and of the stored
/// observations, dynamic appearance (an EMA whose momentum depends on the detection's confidence)
/// and adaptive weighting (an appearance match weighs more when it is distinctive).
/// </summary>
/// <remarks>
/// Without embeddings it is OC-SORT with camera-motion compensation, and <see cref="MotionAloneStarted"/>
/// says so once.
/// </remarks>
public sealed class DeepOcSortTracker : IAppearanceTracker
{
    private readonly DeepOcSortOptions _options;
    private readonly int _maxAge;
    private readonly List<OcSortTrack> _tracks = [];
    private readonly List<ExponentialFeature> _features = [];
    private readonly List<TrackedObject> _output = [];
    private readonly ObservationCentricMatching<OcSortTrack> _matching = new();

    // Per-frame work buffers, reused.
    private int[] _kept = new int[64];
    private double[] _appearance = new double[64 * 64];
    private double[] _weights = new double[64 * 64];
    private int _nextId;
    private int _frameCount;
    private readonly MotionAloneSignal _motionAlone = new();

    public DeepOcSortTracker(DeepOcSortOptions? options = null)
    {
        _options = options ?? new DeepOcSortOptions();
        _options.Validate();
        _maxAge = _options.EffectiveMaxAge;
    }

    public int FrameNumber { get; private set; }

    /// <summary>Every live track, reported or not.</summary>
    public IReadOnlyList<OcSortTrack> Tracks => _tracks;

    /// <summary>Each track's appearance, in the order of <see cref="Tracks"/> (empty without embeddings).</summary>
    public IReadOnlyList<ExponentialFeature> Features => _features;

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
        if (embeddings is null && detections.Length > 0) _motionAlone.Mark(this);
        for (int skipped = FrameNumber + 1; skipped < frameNumber; skipped++)
        {
            Step([], null, cameraMotion);
            cameraMotion = null;
        }
        FrameNumber = frameNumber;
        Step(detections, embeddings, cameraMotion);
        return _output;
    }

    private void Step(ReadOnlySpan<Detection> detections, IReadOnlyList<float[]?>? embeddings, AffineWarp? cameraMotion)
    {
        _output.Clear();
        _frameCount++;

        // 1. Keep detections scoring above the threshold.
        int kept = 0;
        Buffers.Grow(ref _kept, detections.Length);
        for (int i = 0; i < detections.Length; i++)
            if (detections[i].Score > _options.DetectionThreshold && detections[i].Box.Width > 0 && detections[i].Box.Height > 0)
                _kept[kept++] = i;

        // 2. Camera-motion compensation (sec. 3.1): state, saved ORU state, last observation and the
        //    observations OCM measures direction from all move into this frame, before the prediction.
        if (_options.CameraMotionCompensation && cameraMotion is { IsIdentity: false } warp)
            foreach (var track in _tracks) track.ApplyCameraMotion(warp);

        // 3. Predict; a track whose state collapsed (NaN box) is dropped, as in the reference.
        for (int t = 0; t < _tracks.Count; t++) _tracks[t].Predict();
        int alive = 0;
        for (int t = 0; t < _tracks.Count; t++)
            if (ObservationCentric.IsFinite(_tracks[t].PredictedBox)) { _tracks[alive] = _tracks[t]; _features[alive++] = _features[t]; }
        _tracks.RemoveRange(alive, _tracks.Count - alive);
        _features.RemoveRange(alive, _features.Count - alive);
        int trackCount = _tracks.Count;
        _matching.Begin(trackCount, detections.Length);

        // 4. First association: IoU + OCM direction consistency + appearance, the appearance weighted
        //    adaptively (sec. 3.3) and counted only where the boxes overlap.
        AssociateFirst(detections, embeddings, _matching.AllTracks(trackCount), kept);

        // 5. OCR: leftover tracks by their last observation x leftover detections, IoU alone.
        int rows = _matching.UnmatchedTracks(trackCount);
        int cols = _matching.CollectUntaken(_kept, kept);
        if (rows > 0 && cols > 0)
        {
            _matching.FillIou(_tracks, detections, rows, _matching.Columns, cols, useLastObservation: true);
            _matching.SolveOnOverlap(rows, cols, _matching.Columns, _options.IouThreshold);
        }

        // 6. Apply matches (ORU inside the track's update) with dynamic appearance (sec. 3.2): the
        //    momentum runs from 1 at the threshold to alpha_fixed_emb for a certain detection.
        for (int t = 0; t < trackCount; t++)
        {
            int d = _matching.MatchOf(t);
            if (d < 0) { _tracks[t].MarkMissed(); continue; }
            _tracks[t].Update(detections[d], _options.DeltaT);
            if (embeddings?[d] is { } feature)
            {
                double trust = (detections[d].Score - _options.DetectionThreshold) / (1 - _options.DetectionThreshold);
                double alpha = _options.FixedEmbeddingAlpha + (1 - _options.FixedEmbeddingAlpha) * (1 - trust);
                var appearance = _features[t];
                if (appearance.HasValue) appearance.Update(feature, (float)Math.Clamp(alpha, 0, 1));
                else appearance.Update(feature);
            }
        }

        // 7. New tracks from kept detections nobody took.
        for (int j = 0; j < kept; j++)
        {
            int d = _kept[j];
            if (_matching.IsTaken(d)) continue;
            _tracks.Add(new OcSortTrack(++_nextId, detections[d], _options.DeltaT));
            var appearance = new ExponentialFeature();
            if (embeddings?[d] is { } feature) appearance.Update(feature);
            _features.Add(appearance);
        }

        // 8. Report as OC-SORT does (last observation, after min_hits in a row); drop old tracks.
        _matching.Report(_tracks, _output, _options.MinHits, _frameCount);
        int keep = 0;
        for (int t = 0; t < _tracks.Count; t++)
            if (_tracks[t].TimeSinceUpdate <= _maxAge) { _tracks[keep] = _tracks[t]; _features[keep++] = _features[t]; }
        _tracks.RemoveRange(keep, _tracks.Count - keep);
        _features.RemoveRange(keep, _features.Count - keep);
    }

    private void AssociateFirst(ReadOnlySpan<Detection> detections, IReadOnlyList<float[]?>? embeddings, int rows, int cols)
    {
        if (rows == 0 || cols == 0) return;
        _matching.FillIou(_tracks, detections, rows, _kept, cols, useLastObservation: false);
        int size = rows * cols;
        var iou = _matching.Overlap(rows, cols);
        var costs = _matching.Costs(rows, cols);
        for (int r = 0; r < rows; r++)
        {
            var track = _tracks[_matching.Row(r)];
            bool valid = track.TryGetPreviousObservation(_options.DeltaT, out var previous);
            var (vy, vx) = track.Direction;
            for (int c = 0; c < cols; c++)
            {
                double similarity = iou[r * cols + c];
                if (valid)
                {
                    ref readonly var det = ref detections[_kept[c]];
                    similarity += ObservationCentric.Consistency(vy, vx, previous.CenterX, previous.CenterY, det.Box.CenterX, det.Box.CenterY)
                        * _options.Inertia * det.Score;
                }
                costs[r * cols + c] = similarity;
            }
        }
        if (embeddings is not null) AddAppearance(embeddings, rows, cols);
        for (int i = 0; i < size; i++) costs[i] = -costs[i];

        if (!_matching.TryUniquePairs(rows, cols, _options.IouThreshold)) _matching.Solve(rows, cols);
        _matching.Accept(rows, cols, _kept, _options.IouThreshold);
    }

    /// <summary>
    /// Appearance similarity (cosine) of each track x detection, zero where the boxes do not overlap,
    /// times its weight: the base weight, plus, with adaptive weighting, up to 1/2 for the detection's
    /// row and 1/2 for the track's column when the best similarity there stands out from the second
    /// (1 - max(second / best - bottom, 0) / (1 - bottom)); added to the similarity in the costs.
    /// </summary>
    private void AddAppearance(IReadOnlyList<float[]?> embeddings, int rows, int cols)
    {
        int size = rows * cols;
        Buffers.Grow(ref _appearance, size);
        Buffers.Grow(ref _weights, size);
        var emb = _appearance.AsSpan(0, size);
        var w = _weights.AsSpan(0, size);
        var iou = _matching.Overlap(rows, cols);
        var costs = _matching.Costs(rows, cols);
        for (int r = 0; r < rows; r++)
        {
            var track = _features[_matching.Row(r)];
            for (int c = 0; c < cols; c++)
            {
                var feature = embeddings[_kept[c]];
                double s = feature is not null && track.HasValue ? 1 - CosineDistance.BetweenUnit(track.Value, feature) : 0;
                emb[r * cols + c] = iou[r * cols + c] <= 0 ? 0 : s;
            }
        }
        w.Fill(_options.AppearanceWeight);
        if (_options.AdaptiveWeighting)
        {
            double bottom = _options.AdaptiveWeightBottom;
            // Per detection (a column here, a row in the reference's detections x tracks layout).
            if (rows >= 2)
                for (int c = 0; c < cols; c++)
                {
                    double best = double.NegativeInfinity, second = double.NegativeInfinity;
                    for (int r = 0; r < rows; r++) Rank(emb[r * cols + c], ref best, ref second);
                    double bonus = Bonus(best, second, bottom) / 2;
                    for (int r = 0; r < rows; r++) w[r * cols + c] += bonus;
                }
            // Per track.
            if (cols >= 2)
                for (int r = 0; r < rows; r++)
                {
                    double best = double.NegativeInfinity, second = double.NegativeInfinity;
                    for (int c = 0; c < cols; c++) Rank(emb[r * cols + c], ref best, ref second);
                    double bonus = Bonus(best, second, bottom) / 2;
                    for (int c = 0; c < cols; c++) w[r * cols + c] += bonus;
                }
        }
        for (int i = 0; i < size; i++) costs[i] += w[i] * emb[i];

        static void Rank(double v, ref double best, ref double second)
        {
            if (v > best) { second = best; best = v; }
            else if (v > second) second = v;
        }

        static double Bonus(double best, double second, double bottom) =>
            best == 0 ? 0 : 1 - Math.Max(second / best - bottom, 0) / (1 - bottom);
    }
}
