using MotTracker.Tracking.Appearance;
using MotTracker.Tracking.Assignment;
using MotTracker.Tracking.Common;

namespace MotTracker.Tracking.Trackers.BotSort;

/// <summary>
/// BoT-SORT (Aharon et al. 2022): ByteTrack's two rounds of association (high-score boxes, then
/// low-score boxes) on a Kalman filter over (cx, cy, w, h), with camera-motion compensation of every
/// track before association and, in the first round, appearance fused with IoU by the paper's
/// min-of-gated-distances rule. Follows the reference bot_sort.py, its list orders and quirks.
/// </summary>
/// <remarks>
/// Without embeddings the first round is ByteTrack's score-fused IoU alone; <see cref="MotionAloneStarted"/>
/// says so once. The camera motion arrives as a warp computed outside (trackers never see pixels).
/// </remarks>
public sealed class BotSortTracker : IAppearanceTracker
{
    /// <summary>Distance given to pairs whose appearance must not count (reference: emb_dists[...] = 1.0).</summary>
    private const double NoAppearance = 1.0;

    private readonly BotSortOptions _options;
    private readonly LinearAssignment _solver = new();
    private readonly List<BotSortTrack> _tracked = [];
    private readonly List<BotSortTrack> _lost = [];
    private readonly TrackLists<BotSortTrack> _lists = new();

    // Per-frame work lists and buffers, reused across frames.
    private readonly List<BotSortTrack> _pool = [];
    private readonly List<BotSortTrack> _unconfirmed = [];
    private readonly List<BotSortTrack> _remainingTracked = [];
    private readonly List<BotSortTrack> _activated = [];
    private readonly List<BotSortTrack> _refound = [];
    private readonly List<BotSortTrack> _newlyLost = [];
    private readonly List<BotSortTrack> _removed = [];
    private readonly List<TrackedObject> _output = [];
    private int[] _high = new int[64];
    private int[] _low = new int[64];
    private int[] _leftover = new int[64];
    private int[] _rowMatch = new int[64];
    private int[] _colMatch = new int[64];
    private BoundingBox[] _boxesA = new BoundingBox[64];
    private BoundingBox[] _boxesB = new BoundingBox[64];
    private double[] _costs = new double[64 * 64];
    private int _nextId;
    private bool _motionAloneReported;

    public BotSortTracker(BotSortOptions? options = null)
    {
        _options = options ?? new BotSortOptions();
        _options.Validate();
    }

    public int FrameNumber { get; private set; }

    /// <summary>Tracks currently tracked (confirmed or not).</summary>
    public IReadOnlyList<BotSortTrack> TrackedTracks => _tracked;

    /// <summary>Tracks currently lost but kept for re-identification.</summary>
    public IReadOnlyList<BotSortTrack> LostTracks => _lost;

    public bool RanOnMotionAlone { get; private set; }

    public event EventHandler? MotionAloneStarted;

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
        int frame = frameNumber;
        _activated.Clear();
        _refound.Clear();
        _newlyLost.Clear();
        _removed.Clear();

        // 1. Split detections by score: high (> track_high_thresh) and low (between the two thresholds).
        ScoreSplit.Split(detections, _options.TrackHighThreshold, _options.TrackLowThreshold, ref _high, ref _low, out int highCount, out int lowCount);
        if (embeddings is null && highCount > 0) ReportMotionAlone();

        // 2. Unconfirmed tracks wait; confirmed tracked + lost tracks form the pool and are predicted.
        _unconfirmed.Clear();
        _pool.Clear();
        foreach (var t in _tracked)
            (t.IsActivated ? _pool : _unconfirmed).Add(t);
        _lists.Join(_pool, _lost);
        foreach (var t in _pool)
            for (int k = 0; k < steps; k++) t.Predict(unobserved: k > 0);

        // 3. Camera-motion compensation (paper sec. 3.2): move the pool and the unconfirmed tracks
        //    into this frame's coordinates, state and covariance alike.
        if (cameraMotion is { IsIdentity: false } warp)
        {
            foreach (var t in _pool) t.Warp(warp);
            foreach (var t in _unconfirmed) t.Warp(warp);
        }

        // 4. First association: pool x high-score detections, min(IoU distance, gated appearance distance).
        Associate(_pool, detections, embeddings, _high, highCount, _options.FuseScore, withAppearance: true, _options.MatchThreshold);
        int leftoverCount = 0;
        Buffers.Grow(ref _leftover, highCount);
        for (int j = 0; j < highCount; j++)
            if (_colMatch[j] < 0) _leftover[leftoverCount++] = _high[j];
        _remainingTracked.Clear();
        for (int i = 0; i < _pool.Count; i++)
        {
            var track = _pool[i];
            int j = _rowMatch[i];
            if (j >= 0) ApplyMatch(track, detections[_high[j]], embeddings?[_high[j]], frame);
            else if (track.State == BotSortTrackState.Tracked) _remainingTracked.Add(track);
        }

        // 5. Second association: tracked tracks left over x low-score detections, plain IoU (low-score
        //    boxes are not embedded in the reference).
        Associate(_remainingTracked, detections, null, _low, lowCount, fuse: false, withAppearance: false, _options.SecondMatchThreshold);
        for (int i = 0; i < _remainingTracked.Count; i++)
        {
            int j = _rowMatch[i];
            if (j >= 0) ApplyMatch(_remainingTracked[i], detections[_low[j]], null, frame);
        }
        for (int i = 0; i < _remainingTracked.Count; i++)
        {
            var track = _remainingTracked[i];
            if (_rowMatch[i] < 0 && track.State != BotSortTrackState.Lost)
            {
                track.State = BotSortTrackState.Lost;
                _newlyLost.Add(track);
            }
        }

        // 6. Unconfirmed tracks x high-score detections nobody took, with appearance as in step 4;
        //    unmatched unconfirmed tracks end.
        Associate(_unconfirmed, detections, embeddings, _leftover, leftoverCount, _options.FuseScore, withAppearance: true, _options.UnconfirmedMatchThreshold);
        for (int i = 0; i < _unconfirmed.Count; i++)
        {
            int j = _rowMatch[i];
            if (j < 0) continue;
            _unconfirmed[i].Update(detections[_leftover[j]], embeddings?[_leftover[j]], frame);
            _activated.Add(_unconfirmed[i]);
        }
        for (int i = 0; i < _unconfirmed.Count; i++)
        {
            if (_rowMatch[i] >= 0) continue;
            _unconfirmed[i].State = BotSortTrackState.Removed;
            _removed.Add(_unconfirmed[i]);
        }

        // 7. New tracks from detections still unmatched that score at least new_track_thresh.
        for (int j = 0; j < leftoverCount; j++)
        {
            if (_colMatch[j] >= 0) continue;
            int d = _leftover[j];
            if (detections[d].Score < _options.NewTrackThreshold) continue;
            _activated.Add(new BotSortTrack(++_nextId, detections[d], embeddings?[d], _options.EmaAlpha, frame));
        }

        // 8. Lost tracks unseen for longer than the (frame-rate scaled) buffer are removed.
        int maxTimeLost = _options.MaxTimeLost;
        foreach (var track in _lost)
        {
            if (frame - track.LastFrame > maxTimeLost)
            {
                track.State = BotSortTrackState.Removed;
                _removed.Add(track);
            }
        }

        // 9. Update the lists in the reference's order (it decides later tie-breaks).
        _lists.EndFrame(_tracked, _lost, _activated, _refound, _newlyLost, _removed);

        // 10. Report the tracked tracks (the reference reports unconfirmed ones too; see the option).
        _output.Clear();
        foreach (var track in _tracked)
            if (track.IsActivated || _options.ReportUnconfirmed)
                _output.Add(new TrackedObject(track.Id, track.Box, track.Score, track.ClassId));
        return _output;
    }

    private void ReportMotionAlone()
    {
        RanOnMotionAlone = true;
        if (_motionAloneReported) return;
        _motionAloneReported = true;
        MotionAloneStarted?.Invoke(this, EventArgs.Empty);
    }

    private void ApplyMatch(BotSortTrack track, in Detection detection, float[]? feature, int frame)
    {
        if (track.State == BotSortTrackState.Tracked) _activated.Add(track);
        else _refound.Add(track);
        track.Update(detection, feature, frame);
    }

    /// <summary>
    /// Solves tracks x detections[indices] into _rowMatch / _colMatch. The cost is the IoU distance
    /// (score-fused if asked); with appearance, the paper's eq. 12-13: the halved cosine distance counts
    /// only where it is within the appearance threshold and the raw IoU distance within the proximity
    /// threshold, and the cost is the smaller of the two.
    /// </summary>
    private void Associate(List<BotSortTrack> tracks, ReadOnlySpan<Detection> detections, IReadOnlyList<float[]?>? embeddings,
        int[] indices, int count, bool fuse, bool withAppearance, double limit)
    {
        int rows = tracks.Count;
        Buffers.Grow(ref _rowMatch, rows);
        Buffers.Grow(ref _colMatch, count);
        Buffers.Grow(ref _boxesA, rows);
        Buffers.Grow(ref _boxesB, count);
        Buffers.Grow(ref _costs, rows * count);
        for (int i = 0; i < rows; i++) _boxesA[i] = tracks[i].Box;
        for (int j = 0; j < count; j++) _boxesB[j] = detections[indices[j]].Box;
        var costs = _costs.AsSpan(0, rows * count);
        // The reference's iou_distance uses cython_bbox, the "+1 pixel" convention, as ByteTrack's does.
        IouMatrix.Compute(_boxesA.AsSpan(0, rows), _boxesB.AsSpan(0, count), costs, pixelInclusive: true);
        bool appearance = withAppearance && embeddings is not null;
        for (int i = 0; i < rows; i++)
        {
            var row = costs.Slice(i * count, count);
            var track = tracks[i];
            for (int j = 0; j < count; j++)
            {
                double iouDistance = 1 - row[j];
                double cost = fuse ? 1 - (1 - iouDistance) * detections[indices[j]].Score : iouDistance;
                if (appearance && iouDistance <= _options.ProximityThreshold
                    && track.Appearance.HasValue && embeddings![indices[j]] is { } feature)
                {
                    // cdist's cosine distance is clipped at 0 in the reference (np.maximum(0.0, ...)).
                    double embDistance = Math.Max(0, CosineDistance.BetweenUnit(track.Appearance.Value, feature)) / 2;
                    if (embDistance > _options.AppearanceThreshold) embDistance = NoAppearance;
                    cost = Math.Min(cost, embDistance);
                }
                row[j] = cost;
            }
        }
        _solver.Solve(costs, rows, count, limit, _rowMatch.AsSpan(0, rows), _colMatch.AsSpan(0, count));
    }
}
