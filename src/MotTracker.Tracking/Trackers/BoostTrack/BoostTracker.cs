using MotTracker.Tracking.Appearance;
using MotTracker.Tracking.Assignment;

namespace MotTracker.Tracking.Trackers.BoostTrack;

/// <summary>
/// BoostTrack (Stanojević &amp; Todorović, MVA 2024) with the switches of BoostTrack++ (arXiv 2408.13003):
/// SORT-style one-round association whose similarity adds, to IoU, a confidence-weighted IoU term, a
/// Mahalanobis term and a shape term, after two boosts of detection confidence that let boxes a
/// plain threshold would drop take part: DLO (a box that overlaps a track is likely an object) and
/// DUO (a box far from every track is likely a new object). Follows boxmot's boosttrack.py and
/// assoc.py, whose configuration gives the defaults.
/// </summary>
/// <remarks>
/// With embeddings, appearance similarity is added to the cost with the reference weight and the
/// tracks' features follow a confidence-dependent EMA; without them it runs on motion alone and
/// <see cref="MotionAloneStarted"/> says so once.
/// </remarks>
public sealed class BoostTracker : IAppearanceTracker
{
    /// <summary>χ²₄ 0.99 quantile: the Mahalanobis distance past which a pair is no motion match (reference limit 13.2767).</summary>
    private const double MahalanobisLimit = 13.2767;

    /// <summary>DUO: boosted boxes overlapping each other beyond this keep only the best-scoring one (reference iou_limit 0.3).</summary>
    private const double DuoOverlapLimit = 0.3;

    /// <summary>Soft buffered IoU: each side grows by (1 - track confidence) times this share of the box, detection and track (k1 0.25, k2 0.5).</summary>
    private const double DetectionBuffer = 0.25, TrackBuffer = 0.5;

    /// <summary>BoostTrack++ soft boost: score ← max(score, α·score + (1 - α)·S^1.5), α = 0.65.</summary>
    private const double SoftBoostAlpha = 0.65;

    /// <summary>BoostTrack++ varying thresholds: from 0.95 down to 0.8 over 20 frames unseen.</summary>
    private const double VaryingStart = 0.95, VaryingEnd = 0.8, VaryingSteps = 20;

    /// <summary>Appearance weight: (1 + λ_iou + λ_shape + λ_mhd) times this (reference lambda_emb_multiplier 1.5).</summary>
    private const double EmbeddingWeightMultiplier = 1.5;

    /// <summary>A pair with half the IoU threshold still matches when its appearance similarity reaches this (reference 0.75).</summary>
    private const double EmbeddingRescue = 0.75;

    /// <summary>Appearance EMA momentum for a detection at the threshold goes from 1 down to this for a perfect score (reference af 0.95).</summary>
    private const double FixedEmbeddingAlpha = 0.95;

    private readonly BoostTrackOptions _options;
    private readonly int _maxAge;
    private readonly LinearAssignment _solver = new();
    private readonly List<BoostTrackTrack> _tracks = [];
    private readonly List<TrackedObject> _output = [];

    // Per-frame work buffers, reused.
    private double[] _scores = new double[64];
    private double[] _z = new double[256];
    private int[] _kept = new int[64];
    private int[] _candidates = new int[64];
    private bool[] _boost = new bool[64];
    private double[] _iou = new double[64 * 64];
    private double[] _mahalanobis = new double[64 * 64];
    private double[] _similarity = new double[64 * 64];
    private double[] _costs = new double[64 * 64];
    private double[] _appearance = new double[64 * 64];
    private double[] _shape = new double[64 * 64]; // shape similarity per detection x track, when DLO's rich similarity computed it
    private bool _shapeFilled;
    private BoundingBox[] _trackBoxes = new BoundingBox[64];
    private double[] _trackConfidence = new double[64];
    private int[] _rowMatch = new int[64];
    private int[] _colMatch = new int[64];
    private int _nextId;
    private int _frameCount;
    private readonly MotionAloneSignal _motionAlone = new();

    public BoostTracker(BoostTrackOptions? options = null)
    {
        _options = options ?? new BoostTrackOptions();
        _options.Validate();
        _maxAge = _options.EffectiveMaxAge;
    }

    public int FrameNumber { get; private set; }

    /// <summary>Every live track, reported or not, in creation order.</summary>
    public IReadOnlyList<BoostTrackTrack> Tracks => _tracks;

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
        // The reference is called on every frame; skipped frames pass as frames without detections,
        // the camera's motion since the last call applied at the first of them.
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
        _shapeFilled = false;
        int n = detections.Length;

        // 1. Camera-motion compensation: each track's box moves into this frame before the prediction.
        if (cameraMotion is { IsIdentity: false } warp)
            foreach (var track in _tracks) track.ApplyCameraMotion(warp);

        // 2. Predict every track; its box and tracklet confidence are what the detections meet.
        int t = _tracks.Count;
        Buffers.Grow(ref _trackBoxes, t);
        Buffers.Grow(ref _trackConfidence, t);
        for (int k = 0; k < t; k++)
        {
            _tracks[k].Predict();
            _trackBoxes[k] = _tracks[k].Box;
            _trackConfidence[k] = _tracks[k].Confidence;
        }

        Buffers.Grow(ref _scores, n);
        Buffers.Grow(ref _z, n * 4);
        for (int d = 0; d < n; d++)
        {
            _scores[d] = detections[d].Score;
            BoostTrackTrack.ToMeasurement(detections[d].Box, _z.AsSpan(d * 4, 4));
        }
        if (n > 0 && t > 0) FillPairTerms(detections, n, t);

        // 3. DLO confidence boost (paper sec. 3.3): a detection that a track expects is likely an object.
        if (_options.UseDloBoost && n > 0 && t > 0) BoostLikelyObjects(detections, n, t);

        // 4. DUO confidence boost (sec. 3.3): a low-score box far from every track (Mahalanobis over the
        //    χ² 0.99 limit) is likely a new object; of such boxes overlapping each other, the best one only.
        if (_options.UseDuoBoost && n > 0 && t > 0 && _frameCount > 1) BoostUntrackedObjects(detections, n, t);

        // 5. Keep detections whose (boosted) score reaches the threshold.
        Buffers.Grow(ref _kept, n);
        int kept = 0;
        for (int d = 0; d < n; d++)
            if (_scores[d] >= _options.DetectionThreshold) _kept[kept++] = d;

        // 6. Association with the boosted similarity (sec. 3.1, eq. 8): IoU + λ_iou·conf·IoU + λ_mhd·Mahalanobis
        //    similarity + λ_shape·conf·shape (+ appearance), conf = detection score × tracklet confidence.
        bool appearance = embeddings is not null;
        Associate(detections, embeddings, kept, t, appearance);

        // 7. Update matched tracks (and their appearance, trusting confident detections more).
        for (int c = 0; c < t; c++)
        {
            int r = _colMatch[c];
            if (r < 0) continue;
            int d = _kept[r];
            var track = _tracks[c];
            track.Update(new Detection(detections[d].Box, _scores[d], detections[d].ClassId));
            if (appearance && embeddings![d] is { } feature)
            {
                double trust = (_scores[d] - _options.DetectionThreshold) / (1 - _options.DetectionThreshold);
                float alpha = (float)(FixedEmbeddingAlpha + (1 - FixedEmbeddingAlpha) * (1 - trust));
                if (track.Appearance.HasValue) track.Appearance.Update(feature, Math.Clamp(alpha, 0f, 1f));
                else track.Appearance.Update(feature);
            }
        }

        // 8. New tracks from kept detections nobody took.
        for (int r = 0; r < kept; r++)
        {
            if (_rowMatch[r] >= 0) continue;
            int d = _kept[r];
            _tracks.Add(new BoostTrackTrack(++_nextId, new Detection(detections[d].Box, _scores[d], detections[d].ClassId), embeddings?[d]));
        }

        // 9. Report tracks matched now with enough hits in a row (every track in the first min_hits
        //    frames), at their filtered state; then drop tracks unseen for longer than max_age.
        foreach (var track in _tracks)
            if (track.TimeSinceUpdate < 1 && (track.HitStreak >= _options.MinHits || _frameCount <= _options.MinHits))
                _output.Add(new TrackedObject(track.Id, track.Box, track.Score, track.ClassId));
        int alive = 0;
        for (int k = 0; k < _tracks.Count; k++)
            if (_tracks[k].TimeSinceUpdate <= _maxAge) _tracks[alive++] = _tracks[k];
        _tracks.RemoveRange(alive, _tracks.Count - alive);
    }

    /// <summary>IoU and Mahalanobis distance of every detection x track pair (rows: detections).</summary>
    private void FillPairTerms(ReadOnlySpan<Detection> detections, int n, int t)
    {
        Buffers.Grow(ref _iou, n * t);
        Buffers.Grow(ref _mahalanobis, n * t);
        for (int d = 0; d < n; d++)
        {
            var box = detections[d].Box;
            var z = _z.AsSpan(d * 4, 4);
            for (int k = 0; k < t; k++)
            {
                _iou[d * t + k] = BoundingBox.IoU(box, _trackBoxes[k]);
                _mahalanobis[d * t + k] = _tracks[k].Mahalanobis(z);
            }
        }
    }

    /// <summary>Step 3: DLO, plain (score ≥ coef · max IoU) or with the ++ rich similarity, soft boost and varying thresholds.</summary>
    private void BoostLikelyObjects(ReadOnlySpan<Detection> detections, int n, int t)
    {
        Buffers.Grow(ref _similarity, n * t);
        var s = _similarity.AsSpan(0, n * t);
        if (_options.UseRichSimilarity)
        {
            // BoostTrack++ rich similarity: the mean of soft buffered IoU, Mahalanobis and shape similarities.
            MahalanobisSimilarity(_mahalanobis.AsSpan(0, n * t), n, t, s, rowsUsed: null);
            Buffers.Grow(ref _shape, n * t);
            _shapeFilled = true;
            for (int d = 0; d < n; d++)
                for (int k = 0; k < t; k++)
                {
                    var det = detections[d].Box;
                    double sbiou = SoftBufferedIoU(det, _trackBoxes[k], _trackConfidence[k]);
                    double shape = Shape(det, _trackBoxes[k]);
                    _shape[d * t + k] = shape;
                    s[d * t + k] = (s[d * t + k] + shape + sbiou) / 3;
                }
        }
        else _iou.AsSpan(0, n * t).CopyTo(s);

        if (!_options.UseSoftBoost && !_options.UseVaryingThresholds)
        {
            for (int d = 0; d < n; d++) _scores[d] = Math.Max(_scores[d], RowMax(s, d, t) * _options.DloBoostCoefficient);
            return;
        }
        if (_options.UseSoftBoost)
            for (int d = 0; d < n; d++)
                _scores[d] = Math.Max(_scores[d], SoftBoostAlpha * _scores[d] + (1 - SoftBoostAlpha) * Math.Pow(RowMax(s, d, t), 1.5));
        if (_options.UseVaryingThresholds)
        {
            // The paper's threshold falls linearly by (0.95 - 0.8) / 20 per frame unseen, to 0.8
            // (boxmot drops the per-frame step and subtracts whole frames; the paper's form is kept).
            double step = (VaryingStart - VaryingEnd) / VaryingSteps;
            for (int d = 0; d < n; d++)
            {
                bool pass = false;
                for (int k = 0; k < t && !pass; k++)
                    pass = s[d * t + k] > Math.Max(VaryingStart - step * (_tracks[k].TimeSinceUpdate - 1), VaryingEnd);
                if (pass) _scores[d] = Math.Max(_scores[d], _options.DetectionThreshold + 1e-5);
            }
        }
    }

    /// <summary>Step 4: DUO.</summary>
    private void BoostUntrackedObjects(ReadOnlySpan<Detection> detections, int n, int t)
    {
        Buffers.Grow(ref _candidates, n);
        Buffers.Grow(ref _boost, n);
        int count = 0;
        for (int d = 0; d < n; d++)
        {
            double min = double.PositiveInfinity;
            for (int k = 0; k < t; k++) min = Math.Min(min, _mahalanobis[d * t + k]);
            if (min > MahalanobisLimit && _scores[d] < _options.DetectionThreshold) _candidates[count++] = d;
        }
        for (int a = 0; a < count; a++)
        {
            // A candidate is boosted unless a candidate overlapping it by more than the limit scores higher.
            int d = _candidates[a];
            bool best = true;
            for (int b = 0; b < count && best; b++)
            {
                if (a == b) continue;
                int e = _candidates[b];
                if (BoundingBox.IoU(detections[d].Box, detections[e].Box) > DuoOverlapLimit && _scores[e] > _scores[d]) best = false;
            }
            _boost[a] = best;
        }
        for (int a = 0; a < count; a++)
            if (_boost[a]) _scores[_candidates[a]] = _options.DetectionThreshold + 1e-4;
    }

    /// <summary>Step 6, into _rowMatch (per kept detection) and _colMatch (per track).</summary>
    private void Associate(ReadOnlySpan<Detection> detections, IReadOnlyList<float[]?>? embeddings, int kept, int t, bool appearance)
    {
        Buffers.Grow(ref _rowMatch, kept);
        Buffers.Grow(ref _colMatch, t);
        _rowMatch.AsSpan(0, kept).Fill(-1);
        _colMatch.AsSpan(0, t).Fill(-1);
        if (kept == 0 || t == 0) return;

        int size = kept * t;
        Buffers.Grow(ref _costs, size);
        Buffers.Grow(ref _similarity, size);
        Buffers.Grow(ref _appearance, size);
        var cost = _costs.AsSpan(0, size);
        var iou = _similarity.AsSpan(0, size); // the kept rows' IoU
        var mhd = _appearance.AsSpan(0, size); // reused below for appearance, after the Mahalanobis term is folded in
        for (int r = 0; r < kept; r++)
        {
            int d = _kept[r];
            _iou.AsSpan(d * t, t).CopyTo(iou.Slice(r * t, t));
        }
        MahalanobisSimilarity(_mahalanobis, kept, t, mhd, _kept);
        double threshold = _options.IouThreshold;
        for (int r = 0; r < kept; r++)
        {
            int d = _kept[r];
            var box = detections[d].Box;
            for (int k = 0; k < t; k++)
            {
                int i = r * t + k;
                double conf = iou[i] < threshold ? 0 : _scores[d] * _trackConfidence[k];
                // The shape similarity multiplies conf: when conf is 0 the term is 0 unless the shape is
                // NaN (zero or non-finite sizes), so the exponential is only taken when it can count.
                double shape = _shapeFilled ? _shape[d * t + k]
                    : conf != 0 || !OrdinarySizes(box, _trackBoxes[k]) ? Shape(box, _trackBoxes[k]) : 0;
                cost[i] = iou[i] + _options.LambdaIou * conf * iou[i] + _options.LambdaMahalanobis * mhd[i]
                    + _options.LambdaShape * conf * shape;
            }
        }
        if (appearance)
        {
            double lambda = (1 + _options.LambdaIou + _options.LambdaShape + _options.LambdaMahalanobis) * EmbeddingWeightMultiplier;
            for (int r = 0; r < kept; r++)
            {
                var feature = embeddings![_kept[r]];
                for (int k = 0; k < t; k++)
                {
                    var track = _tracks[k].Appearance;
                    double similarity = feature is not null && track.HasValue ? 1 - CosineDistance.BetweenUnit(track.Value, feature) : 0;
                    mhd[r * t + k] = similarity;
                    cost[r * t + k] += lambda * similarity;
                }
            }
        }

        // The reference's match: the pairs above the threshold directly when none competes, else the
        // assignment maximising the similarity; then a pair needs IoU ≥ threshold, or half of it with
        // an appearance similarity of at least 0.75.
        var rowMatch = _rowMatch.AsSpan(0, kept);
        var colMatch = _colMatch.AsSpan(0, t);
        if (!ObservationCentric.TryUniquePairs(cost, kept, t, threshold, rowMatch, colMatch))
        {
            for (int i = 0; i < size; i++) cost[i] = -cost[i];
            _solver.Solve(cost, kept, t, double.PositiveInfinity, rowMatch, colMatch);
        }
        for (int r = 0; r < kept; r++)
        {
            int k = rowMatch[r];
            if (k < 0) continue;
            double pairIou = iou[r * t + k];
            bool valid = pairIou >= threshold || (appearance && pairIou >= threshold / 2 && mhd[r * t + k] >= EmbeddingRescue);
            if (valid) continue;
            rowMatch[r] = -1;
            colMatch[k] = -1;
        }
    }

    /// <summary>
    /// The reference MhDist_similarity: distances clipped at the limit and turned into a softmax over the
    /// detections (per track) of (limit - distance); pairs beyond the limit get 0. <paramref name="rowsUsed"/>
    /// picks the detection rows of <paramref name="distances"/> (all when null).
    /// </summary>
    private static void MahalanobisSimilarity(ReadOnlySpan<double> distances, int rows, int t, Span<double> result, int[]? rowsUsed)
    {
        for (int k = 0; k < t; k++)
        {
            double sum = 0;
            for (int r = 0; r < rows; r++)
            {
                int d = rowsUsed is null ? r : rowsUsed[r];
                // Beyond the limit the clipped exponent is exp(0) = 1 exactly; most pairs lie there, so the
                // exponential is skipped for them (same value, a fraction of the time).
                double distance = distances[d * t + k];
                double e = distance >= MahalanobisLimit ? 1 : Math.Exp(MahalanobisLimit - distance);
                result[r * t + k] = e;
                sum += e;
            }
            for (int r = 0; r < rows; r++)
            {
                int d = rowsUsed is null ? r : rowsUsed[r];
                result[r * t + k] = distances[d * t + k] > MahalanobisLimit ? 0 : result[r * t + k] / sum;
            }
        }
    }

    /// <summary>
    /// Shape similarity exp(-(|Δw| / max w + |Δh| / max ·)): the published form divides the height
    /// difference by the larger width too; <see cref="BoostTrackOptions.CorrectedShapeSimilarity"/> uses the larger height.
    /// </summary>
    private double Shape(in BoundingBox det, in BoundingBox track)
    {
        double maxW = Math.Max(det.Width, track.Width);
        double heightScale = _options.CorrectedShapeSimilarity ? Math.Max(det.Height, track.Height) : maxW;
        return Math.Exp(-(Math.Abs(det.Width - track.Width) / maxW + Math.Abs(det.Height - track.Height) / heightScale));
    }

    /// <summary>True when <see cref="Shape"/> is a finite number: positive, finite widths and heights.</summary>
    private static bool OrdinarySizes(in BoundingBox det, in BoundingBox track) =>
        det.Width > 0 && det.Height > 0 && track.Width > 0 && track.Height > 0
        && double.IsFinite(det.Width) && double.IsFinite(det.Height) && double.IsFinite(track.Width) && double.IsFinite(track.Height);

    /// <summary>
    /// BoostTrack++ soft buffered IoU: both boxes grow on every side in proportion to the track's lack
    /// of confidence (1 - c), the detection by 0.25 and the track by 0.5 of its size, so an uncertain
    /// track reaches further.
    /// </summary>
    public static double SoftBufferedIoU(in BoundingBox det, in BoundingBox track, double trackConfidence)
    {
        double u = 1 - trackConfidence;
        double dx = det.Width * u * DetectionBuffer, dy = det.Height * u * DetectionBuffer;
        double tx = track.Width * u * TrackBuffer, ty = track.Height * u * TrackBuffer;
        var a = new BoundingBox(det.X - dx, det.Y - dy, det.Width + 2 * dx, det.Height + 2 * dy);
        var b = new BoundingBox(track.X - tx, track.Y - ty, track.Width + 2 * tx, track.Height + 2 * ty);
        return BoundingBox.IoU(a, b);
    }

    private static double RowMax(ReadOnlySpan<double> s, int row, int t)
    {
        double max = double.NegativeInfinity;
        for (int k = 0; k < t; k++) max = Math.Max(max, s[row * t + k]);
        return max;
    }

}
