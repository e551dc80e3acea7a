using MotTracker.Tracking.Assignment;
using MotTracker.Tracking.Common;

namespace MotTracker.Tracking.Trackers.ByteTrack;

/// <summary>
/// ByteTrack (Zhang et al., ECCV 2022): associate every detection box, high and low score, with
/// Kalman-predicted tracks by IoU, in two rounds. This follows the reference implementation's rules,
/// list orders and quirks so that the same detections give the same tracks.
/// </summary>
public sealed class ByteTracker : ITracker
{
    private readonly ByteTrackOptions _options;
    private readonly LinearAssignment _solver = new();
    private readonly List<Track> _tracked = [];
    private readonly List<Track> _lost = [];
    private readonly TrackLists<Track> _lists = new();

    // Per-frame work lists, kept to avoid allocating in every update.
    private readonly List<Track> _pool = [];
    private readonly List<Track> _unconfirmed = [];
    private readonly List<Track> _remainingTracked = [];
    private readonly List<Track> _activated = [];
    private readonly List<Track> _refound = [];
    private readonly List<Track> _newlyLost = [];
    private readonly List<Track> _removed = [];
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

    public ByteTracker(ByteTrackOptions? options = null)
    {
        _options = options ?? new ByteTrackOptions();
        _options.Validate();
    }

    public int FrameNumber { get; private set; }

    /// <summary>Tracks currently tracked (confirmed or not).</summary>
    public IReadOnlyList<Track> TrackedTracks => _tracked;

    /// <summary>Tracks currently lost but still kept for re-identification by position.</summary>
    public IReadOnlyList<Track> LostTracks => _lost;

    public IReadOnlyList<TrackedObject> Update(
        int frameNumber,
        ReadOnlySpan<Detection> detections,
        IReadOnlyList<float[]?>? embeddings = null,
        AffineWarp? cameraMotion = null)
    {
        UpdateArguments.CheckFrame(frameNumber, FrameNumber);
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
        ScoreSplit.Split(detections, _options.TrackThreshold, _options.LowThreshold, ref _high, ref _low, out int highCount, out int lowCount);

        // 2. Unconfirmed tracks (seen once) wait; confirmed tracked + lost tracks form the pool and are predicted.
        _unconfirmed.Clear();
        _pool.Clear();
        foreach (var t in _tracked)
            (t.IsActivated ? _pool : _unconfirmed).Add(t);
        _lists.Join(_pool, _lost);
        foreach (var t in _pool)
            for (int k = 0; k < steps; k++) t.Predict(unobserved: k > 0);

        // 3. First association: pool x high-score detections, IoU (optionally score-fused).
        Associate(_pool, detections, _high, highCount, _options.FuseScore, _options.MatchThreshold);
        int leftoverCount = 0;
        Buffers.Grow(ref _leftover, highCount);
        for (int j = 0; j < highCount; j++)
            if (_colMatch[j] < 0) _leftover[leftoverCount++] = _high[j];
        _remainingTracked.Clear();
        for (int i = 0; i < _pool.Count; i++)
        {
            var track = _pool[i];
            int j = _rowMatch[i];
            if (j >= 0) ApplyMatch(track, detections[_high[j]], frame);
            else if (track.State == TrackState.Tracked) _remainingTracked.Add(track);
        }

        // 4. Second association: tracked tracks left over x low-score detections, plain IoU.
        Associate(_remainingTracked, detections, _low, lowCount, fuse: false, _options.SecondMatchThreshold);
        for (int i = 0; i < _remainingTracked.Count; i++)
        {
            int j = _rowMatch[i];
            if (j >= 0) ApplyMatch(_remainingTracked[i], detections[_low[j]], frame);
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
        Associate(_unconfirmed, detections, _leftover, leftoverCount, _options.FuseScore, _options.UnconfirmedMatchThreshold);
        for (int i = 0; i < _unconfirmed.Count; i++)
        {
            var track = _unconfirmed[i];
            int j = _rowMatch[i];
            if (j >= 0)
            {
                track.Update(detections[_leftover[j]], frame);
                _activated.Add(track);
            }
        }
        for (int i = 0; i < _unconfirmed.Count; i++)
        {
            if (_rowMatch[i] >= 0) continue;
            _unconfirmed[i].State = TrackState.Removed;
            _removed.Add(_unconfirmed[i]);
        }

        // 6. New tracks from detections still unmatched that score high enough.
        double newThreshold = _options.EffectiveNewTrackThreshold;
        for (int j = 0; j < leftoverCount; j++)
        {
            if (_colMatch[j] >= 0) continue;
            ref readonly var det = ref detections[_leftover[j]];
            if (det.Score < newThreshold) continue;
            _activated.Add(new Track(++_nextId, det, frame));
        }

        // 7. Lost tracks unseen for longer than the (frame-rate scaled) buffer are removed.
        int maxTimeLost = _options.MaxTimeLost;
        foreach (var track in _lost)
        {
            if (frame - track.LastFrame > maxTimeLost)
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
            if (track.IsActivated) _output.Add(new TrackedObject(track.Id, track.Box, track.Score, track.ClassId));
        return _output;
    }

    private void ApplyMatch(Track track, in Detection detection, int frame)
    {
        if (track.State == TrackState.Tracked)
        {
            track.Update(detection, frame);
            _activated.Add(track);
        }
        else
        {
            track.Reactivate(detection, frame);
            _refound.Add(track);
        }
    }

    /// <summary>Solves tracks x detections[indices] and leaves the result in _rowMatch / _colMatch.</summary>
    private void Associate(List<Track> tracks, ReadOnlySpan<Detection> detections, int[] indices, int count, bool fuse, double limit)
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
        IouMatrix.Compute(_boxesA.AsSpan(0, rows), _boxesB.AsSpan(0, count), costs, pixelInclusive: true);
        for (int i = 0; i < rows; i++)
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
        _solver.Solve(costs, rows, count, limit, _rowMatch.AsSpan(0, rows), _colMatch.AsSpan(0, count));
    }
}
