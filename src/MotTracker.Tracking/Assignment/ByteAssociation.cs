using MotTracker.Tracking.Common;

namespace MotTracker.Tracking.Assignment;

/// <summary>The thresholds of the two-round BYTE association, as each tracker running it sets them.</summary>
/// <param name="HighThreshold">Detections scoring above this enter the first round (track_thresh).</param>
/// <param name="LowThreshold">Detections scoring above this and below the high threshold enter the second round.</param>
/// <param name="NewTrackThreshold">An unmatched high-score detection starts a track only at or above this.</param>
/// <param name="MatchThreshold">Cost limit of the first round.</param>
/// <param name="SecondMatchThreshold">Cost limit of the second (low-score, IoU only) round.</param>
/// <param name="UnconfirmedMatchThreshold">Cost limit of unconfirmed tracks against the high-score detections left.</param>
/// <param name="FuseScore">Multiply IoU similarity by detection score in the first and unconfirmed rounds.</param>
/// <param name="MaxTimeLost">Frames a lost track is kept.</param>
/// <param name="ReportUnconfirmed">Report tracks not confirmed yet too.</param>
public sealed record ByteAssociationSettings(
    double HighThreshold, double LowThreshold, double NewTrackThreshold,
    double MatchThreshold, double SecondMatchThreshold, double UnconfirmedMatchThreshold,
    bool FuseScore, int MaxTimeLost, bool ReportUnconfirmed = false);

/// <summary>
/// ByteTrack's association (Zhang et al., ECCV 2022), written once for every tracker that runs it: every
/// detection box, high and low score, is associated with the motion-predicted tracks by IoU in two rounds,
/// then unconfirmed tracks take the high-score boxes left, new tracks start from the rest, and lost tracks
/// expire. It follows the reference implementation's rules, list orders and quirks, so the same
/// detections give the same tracks. A tracker supplies its track type (motion model, appearance) and may
/// change the first-round costs (BoT-SORT adds appearance) and move tracks before association (camera motion).
/// </summary>
public abstract class ByteAssociationTracker<TTrack> : ITracker where TTrack : TrackBase
{
    private readonly ByteAssociationSettings _settings;
    private readonly LinearAssignment _solver = new();
    private readonly List<TTrack> _tracked = [];
    private readonly List<TTrack> _lost = [];
    private readonly TrackLists<TTrack> _lists = new();

    // Per-frame work lists and buffers, kept to avoid allocating in every update.
    private readonly List<TTrack> _pool = [];
    private readonly List<TTrack> _unconfirmed = [];
    private readonly List<TTrack> _remainingTracked = [];
    private readonly List<TTrack> _activated = [];
    private readonly List<TTrack> _refound = [];
    private readonly List<TTrack> _newlyLost = [];
    private readonly List<TTrack> _removed = [];
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

    private protected ByteAssociationTracker(ByteAssociationSettings settings)
    {
        _settings = settings;
    }

    public int FrameNumber { get; private set; }

    /// <summary>Tracks currently tracked (confirmed or not).</summary>
    public IReadOnlyList<TTrack> TrackedTracks => _tracked;

    /// <summary>Tracks currently lost but still kept for re-identification.</summary>
    public IReadOnlyList<TTrack> LostTracks => _lost;

    /// <summary>Whether this tracker reads embeddings (then their count is checked against the detections').</summary>
    private protected virtual bool ReadsEmbeddings => false;

    /// <summary>A new track from a detection nobody took.</summary>
    private protected abstract TTrack NewTrack(int id, in Detection detection, float[]? feature, int frame);

    /// <summary>Called once the detections are split, with the number of high-score ones.</summary>
    private protected virtual void OnScoresSplit(int highCount, IReadOnlyList<float[]?>? embeddings)
    {
    }

    /// <summary>Called after the pool is predicted, before the first round (camera-motion compensation goes here).</summary>
    private protected virtual void BeforeAssociation(List<TTrack> pool, List<TTrack> unconfirmed, AffineWarp? cameraMotion)
    {
    }

    /// <summary>
    /// Turns the IoU matrix in <paramref name="costs"/> (tracks × detections[indices], row-major) into the
    /// costs the round minimises: the IoU distance, score-fused if <paramref name="fuse"/>, as the reference
    /// computes it. <paramref name="firstOrUnconfirmedRound"/> is false for the low-score round.
    /// </summary>
    private protected virtual void FillCosts(List<TTrack> tracks, ReadOnlySpan<Detection> detections, IReadOnlyList<float[]?>? embeddings,
        int[] indices, int count, Span<double> costs, bool fuse, bool firstOrUnconfirmedRound)
    {
        for (int i = 0; i < tracks.Count; i++)
        {
            var row = costs.Slice(i * count, count);
            for (int j = 0; j < count; j++)
            {
                // Written as the reference computes it (distance, then back to similarity) so the
                // floating-point values, and therefore the assignment, are the same.
                double cost = 1 - row[j];
                if (fuse) cost = 1 - (1 - cost) * detections[indices[j]].Score;
                row[j] = cost;
            }
        }
    }

    public IReadOnlyList<TrackedObject> Update(
        int frameNumber,
        ReadOnlySpan<Detection> detections,
        IReadOnlyList<float[]?>? embeddings = null,
        AffineWarp? cameraMotion = null)
    {
        UpdateArguments.CheckFrame(frameNumber, FrameNumber);
        if (ReadsEmbeddings) UpdateArguments.CheckEmbeddings(embeddings, detections.Length);
        // Frames skipped since the last call age the tracks as empty calls would: the Kalman filter
        // steps once per frame (the reference steps once per call, the same when no frame is skipped).
        int steps = FrameNumber == 0 ? 1 : frameNumber - FrameNumber;
        FrameNumber = frameNumber;
        int frame = frameNumber;
        _activated.Clear();
        _refound.Clear();
        _newlyLost.Clear();
        _removed.Clear();

        // 1. Split detections by score: high (> track_thresh) and low (between the two thresholds).
        //    A score exactly at track_thresh belongs to neither, as in the reference.
        ScoreSplit.Split(detections, _settings.HighThreshold, _settings.LowThreshold, ref _high, ref _low, out int highCount, out int lowCount);
        OnScoresSplit(highCount, embeddings);

        // 2. Unconfirmed tracks (seen once) wait; confirmed tracked + lost tracks form the pool and are predicted.
        _unconfirmed.Clear();
        _pool.Clear();
        foreach (var t in _tracked)
            (t.IsActivated ? _pool : _unconfirmed).Add(t);
        _lists.Join(_pool, _lost);
        foreach (var t in _pool)
            for (int k = 0; k < steps; k++) t.Predict(unobserved: k > 0);
        BeforeAssociation(_pool, _unconfirmed, cameraMotion);

        // 3. First association: pool x high-score detections.
        Associate(_pool, detections, embeddings, _high, highCount, _settings.FuseScore, firstOrUnconfirmedRound: true, _settings.MatchThreshold);
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
            else if (track.State == TrackState.Tracked) _remainingTracked.Add(track);
        }

        // 4. Second association: tracked tracks left over x low-score detections, plain IoU (low-score
        //    boxes' appearance is not used).
        Associate(_remainingTracked, detections, null, _low, lowCount, fuse: false, firstOrUnconfirmedRound: false, _settings.SecondMatchThreshold);
        for (int i = 0; i < _remainingTracked.Count; i++)
        {
            int j = _rowMatch[i];
            if (j >= 0) ApplyMatch(_remainingTracked[i], detections[_low[j]], null, frame);
        }
        for (int i = 0; i < _remainingTracked.Count; i++)
        {
            var track = _remainingTracked[i];
            if (_rowMatch[i] < 0 && track.State != TrackState.Lost)
            {
                track.State = TrackState.Lost;
                _newlyLost.Add(track);
            }
        }

        // 5. Unconfirmed tracks x high-score detections nobody took; unmatched unconfirmed tracks end.
        Associate(_unconfirmed, detections, embeddings, _leftover, leftoverCount, _settings.FuseScore, firstOrUnconfirmedRound: true, _settings.UnconfirmedMatchThreshold);
        for (int i = 0; i < _unconfirmed.Count; i++)
        {
            int j = _rowMatch[i];
            if (j < 0) continue;
            _unconfirmed[i].Continue(detections[_leftover[j]], embeddings?[_leftover[j]], frame);
            _activated.Add(_unconfirmed[i]);
        }
        for (int i = 0; i < _unconfirmed.Count; i++)
        {
            if (_rowMatch[i] >= 0) continue;
            _unconfirmed[i].State = TrackState.Removed;
            _removed.Add(_unconfirmed[i]);
        }

        // 6. New tracks from detections still unmatched that score high enough.
        for (int j = 0; j < leftoverCount; j++)
        {
            if (_colMatch[j] >= 0) continue;
            int d = _leftover[j];
            if (detections[d].Score < _settings.NewTrackThreshold) continue;
            _activated.Add(NewTrack(++_nextId, detections[d], embeddings?[d], frame));
        }

        // 7. Lost tracks unseen for longer than the (frame-rate scaled) buffer are removed.
        foreach (var track in _lost)
        {
            if (frame - track.LastFrame > _settings.MaxTimeLost)
            {
                track.State = TrackState.Removed;
                _removed.Add(track);
            }
        }

        // 8. Update the lists, in the reference's order (it decides later tie-breaks).
        _lists.EndFrame(_tracked, _lost, _activated, _refound, _newlyLost, _removed);

        // 9. Report confirmed tracks (the output filters are a separate step shared by every tracker).
        _output.Clear();
        foreach (var track in _tracked)
            if (track.IsActivated || _settings.ReportUnconfirmed)
                _output.Add(new TrackedObject(track.Id, track.Box, track.Score, track.ClassId));
        return _output;
    }

    private void ApplyMatch(TTrack track, in Detection detection, float[]? feature, int frame)
    {
        if (track.State == TrackState.Tracked)
        {
            track.Continue(detection, feature, frame);
            _activated.Add(track);
        }
        else
        {
            track.Reactivate(detection, feature, frame);
            _refound.Add(track);
        }
    }

    /// <summary>Solves tracks x detections[indices] and leaves the result in _rowMatch / _colMatch.</summary>
    private void Associate(List<TTrack> tracks, ReadOnlySpan<Detection> detections, IReadOnlyList<float[]?>? embeddings,
        int[] indices, int count, bool fuse, bool firstOrUnconfirmedRound, double limit)
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
        // The reference's iou_distance uses cython_bbox, the "+1 pixel" convention.
        IouMatrix.Compute(_boxesA.AsSpan(0, rows), _boxesB.AsSpan(0, count), costs, pixelInclusive: true);
        FillCosts(tracks, detections, embeddings, indices, count, costs, fuse, firstOrUnconfirmedRound);
        _solver.Solve(costs, rows, count, limit, _rowMatch.AsSpan(0, rows), _colMatch.AsSpan(0, count));
    }
}
