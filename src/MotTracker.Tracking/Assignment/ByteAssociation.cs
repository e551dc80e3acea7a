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
/// <param name="SteadyBirth">Births from boxes too weak for <paramref name="NewTrackThreshold"/> (off unless set).</param>
public sealed record ByteAssociationSettings(
    double HighThreshold, double LowThreshold, double NewTrackThreshold,
    double MatchThreshold, double SecondMatchThreshold, double UnconfirmedMatchThreshold,
    bool FuseScore, int MaxTimeLost, bool ReportUnconfirmed = false, SteadyBirthSettings? SteadyBirth = null);

/// <summary>
/// An opt-in birth rule beyond ByteTrack's: a box that no track took and that scores too low to start a
/// track starts one, confirmed at once, when a box at the same place (IoU at least <see cref="LinkIou"/>
/// with the previous frame's) scoring at least <paramref name="Threshold"/> was left over in each of
/// <paramref name="Frames"/> frames in a row, and the box overlaps no live track (tracked, unconfirmed
/// or lost) by more than <paramref name="BlockIou"/>. The detector scores small and far people low;
/// one steady weak box is rarely noise, while the block keeps a second id off a person already tracked
/// (whose part-body boxes are also left over).
/// </summary>
/// <param name="Frames">Frames in a row a weak box must be left over (at least 2).</param>
/// <param name="Threshold">Smallest score of those boxes.</param>
/// <param name="BlockIou">Largest IoU of the box with any live track's box for the birth to happen.</param>
public sealed record SteadyBirthSettings(int Frames, double Threshold, double BlockIou)
{
    /// <summary>IoU a left-over box needs with the previous frame's to continue its run.</summary>
    public const double LinkIou = 0.5;
}

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

    // Steady births (opt-in): the runs of weak left-over boxes seen up to the previous frame and this frame's.
    private List<(BoundingBox Box, int Run)> _weakRuns = [];
    private List<(BoundingBox Box, int Run)> _nextWeakRuns = [];
    private readonly List<int> _weakLeftover = [];
    // Reused by SteadyBirths each frame (candidate run links, each box's run, runs already continued).
    private readonly List<(double Iou, int Previous, int Current)> _weakPairs = [];
    private readonly List<int> _runOf = [];
    private readonly List<bool> _previousUsed = [];

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
        _weakLeftover.Clear();
        var steady = _settings.SteadyBirth;
        if (steady is not null)
            for (int j = 0; j < lowCount; j++)
                if (_colMatch[j] < 0 && detections[_low[j]].Score >= steady.Threshold) _weakLeftover.Add(_low[j]);
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
            if (detections[d].Score < _settings.NewTrackThreshold)
            {
                if (steady is not null && detections[d].Score >= steady.Threshold) _weakLeftover.Add(d);
                continue;
            }
            _activated.Add(NewTrack(++_nextId, detections[d], embeddings?[d], frame));
        }
        if (steady is not null) SteadyBirths(steady, detections, embeddings, frame, steps);

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

    /// <summary>
    /// Continues the runs of weak left-over boxes with this frame's (one to one, highest IoU first) and
    /// starts a confirmed track from each run that is long enough and overlaps no live track.
    /// </summary>
    private void SteadyBirths(SteadyBirthSettings steady, ReadOnlySpan<Detection> detections, IReadOnlyList<float[]?>? embeddings, int frame, int steps)
    {
        // A skipped frame breaks every run: "in a row" means consecutive frames.
        if (steps != 1) _weakRuns.Clear();
        _nextWeakRuns.Clear();
        var pairs = _weakPairs;
        pairs.Clear();
        for (int p = 0; p < _weakRuns.Count; p++)
            for (int c = 0; c < _weakLeftover.Count; c++)
            {
                double iou = BoundingBox.IoU(_weakRuns[p].Box, detections[_weakLeftover[c]].Box);
                if (iou >= SteadyBirthSettings.LinkIou) pairs.Add((iou, p, c));
            }
        // Highest IoU first; ties by list position so the result does not depend on the sort's stability.
        pairs.Sort((a, b) => a.Iou != b.Iou ? b.Iou.CompareTo(a.Iou) : a.Previous != b.Previous ? a.Previous.CompareTo(b.Previous) : a.Current.CompareTo(b.Current));
        var runOf = _runOf;
        runOf.Clear();
        for (int c = 0; c < _weakLeftover.Count; c++) runOf.Add(0);
        var previousUsed = _previousUsed;
        previousUsed.Clear();
        for (int p = 0; p < _weakRuns.Count; p++) previousUsed.Add(false);
        foreach (var (_, p, c) in pairs)
        {
            if (previousUsed[p] || runOf[c] != 0) continue;
            previousUsed[p] = true;
            runOf[c] = _weakRuns[p].Run;
        }
        for (int c = 0; c < _weakLeftover.Count; c++)
        {
            int d = _weakLeftover[c];
            int run = runOf[c] + 1;
            if (run >= steady.Frames && !OverlapsLiveTrack(detections[d].Box, steady.BlockIou))
            {
                var track = NewTrack(++_nextId, detections[d], embeddings?[d], frame);
                // Confirmed at once: the run is the evidence a second hit would otherwise give.
                track.Confirm();
                _activated.Add(track);
                continue; // the run ends in the new track
            }
            _nextWeakRuns.Add((detections[d].Box, run));
        }
        (_weakRuns, _nextWeakRuns) = (_nextWeakRuns, _weakRuns);
    }

    private bool OverlapsLiveTrack(in BoundingBox box, double limit)
    {
        foreach (var t in _pool)
            if (t.State != TrackState.Removed && BoundingBox.IoU(t.Box, box) > limit) return true;
        foreach (var t in _unconfirmed)
            if (t.State != TrackState.Removed && BoundingBox.IoU(t.Box, box) > limit) return true;
        foreach (var t in _activated)
            if (BoundingBox.IoU(t.Box, box) > limit) return true;
        return false;
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
