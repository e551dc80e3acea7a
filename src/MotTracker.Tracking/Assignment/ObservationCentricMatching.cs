namespace MotTracker.Tracking.Assignment;

/// <summary>An OC-SORT-family track as <see cref="ObservationCentricMatching{TTrack}"/> sees it.</summary>
internal interface IObservationCentricTrack
{
    int Id { get; }
    int ClassId { get; }

    /// <summary>Score of the last matched detection (of the first detection before any).</summary>
    double Score { get; }

    int TimeSinceUpdate { get; }

    /// <summary>Observations in a row without a miss.</summary>
    int HitStreak { get; }

    /// <summary>What the reference reports: the last observation, or the state before any.</summary>
    BoundingBox OutputBox { get; }

    /// <summary>The box of the current Kalman state.</summary>
    BoundingBox PredictedBox { get; }

    /// <summary>Whether the track has been matched since it was created.</summary>
    bool HasObservation { get; }

    /// <summary>The last matched detection's box.</summary>
    BoundingBox LastObservation { get; }
}

/// <summary>
/// The bookkeeping of OC-SORT's association rounds, written once for it and its descendants (Deep
/// OC-SORT, Hybrid-SORT): which track took which detection this frame, a round's rows (tracks) and
/// columns (detections), its overlap (IoU or a variant) and cost matrices, and the reference's rule for
/// a solved pair: a match only when its overlap reaches the IoU threshold. Each tracker computes its own
/// similarities into <see cref="Overlap"/> and <see cref="Costs"/>; buffers are reused across frames.
/// </summary>
internal sealed class ObservationCentricMatching<TTrack> where TTrack : class, IObservationCentricTrack
{
    private readonly LinearAssignment _solver = new();
    private int[] _high = new int[64];
    private int[] _low = new int[64];
    private int[] _trackMatch = new int[64];
    private bool[] _taken = new bool[64];
    private int[] _rows = new int[64];
    private int[] _cols = new int[64];
    private int[] _rowMatch = new int[64];
    private int[] _colMatch = new int[64];
    private BoundingBox[] _boxesA = new BoundingBox[64];
    private BoundingBox[] _boxesB = new BoundingBox[64];
    private double[] _overlap = new double[64 * 64];
    private double[] _costs = new double[64 * 64];

    /// <summary>The high-score detections of <see cref="SplitByScore"/>.</summary>
    public int[] High => _high;

    /// <summary>The low-score detections of <see cref="SplitByScore"/> (the BYTE round's).</summary>
    public int[] Low => _low;

    /// <summary>A round's columns gathered by <see cref="CollectUntaken"/>.</summary>
    public int[] Columns => _cols;

    /// <summary>
    /// Step 1 of OC-SORT and Hybrid-SORT: indices of detections scoring above <paramref name="detectionThreshold"/>
    /// into <see cref="High"/>; with the BYTE round, those strictly between <paramref name="lowThreshold"/>
    /// and it into <see cref="Low"/>. Boxes without a positive width and height take no part.
    /// </summary>
    public void SplitByScore(ReadOnlySpan<Detection> detections, double detectionThreshold, double lowThreshold, bool useByte,
        out int highCount, out int lowCount)
    {
        highCount = 0;
        lowCount = 0;
        Buffers.Grow(ref _high, detections.Length);
        Buffers.Grow(ref _low, detections.Length);
        for (int i = 0; i < detections.Length; i++)
        {
            double s = detections[i].Score;
            if (!(detections[i].Box.Width > 0 && detections[i].Box.Height > 0)) continue;
            if (s > detectionThreshold) _high[highCount++] = i;
            else if (useByte && s > lowThreshold && s < detectionThreshold) _low[lowCount++] = i;
        }
    }

    /// <summary>
    /// The reference's output: tracks matched this frame with at least <paramref name="minHits"/> hits in a
    /// row (every track during the first <paramref name="minHits"/> frames), at their output box.
    /// </summary>
    public void Report(List<TTrack> tracks, List<TrackedObject> output, int minHits, int frame)
    {
        foreach (var track in tracks)
            if (track.TimeSinceUpdate < 1 && (track.HitStreak >= minHits || frame <= minHits))
                output.Add(new TrackedObject(track.Id, track.OutputBox, track.Score, track.ClassId));
    }

    /// <summary>Drops tracks unmatched for longer than <paramref name="maxAge"/>, keeping the others' order.</summary>
    public void DropOld(List<TTrack> tracks, int maxAge)
    {
        int kept = 0;
        for (int t = 0; t < tracks.Count; t++)
            if (tracks[t].TimeSinceUpdate <= maxAge) tracks[kept++] = tracks[t];
        tracks.RemoveRange(kept, tracks.Count - kept);
    }

    /// <summary>Starts a frame: no track matched, no detection taken.</summary>
    public void Begin(int trackCount, int detectionCount)
    {
        Buffers.Grow(ref _trackMatch, trackCount);
        _trackMatch.AsSpan(0, trackCount).Fill(-1);
        Buffers.Grow(ref _taken, detectionCount);
        _taken.AsSpan(0, detectionCount).Clear();
        Buffers.Grow(ref _rows, trackCount);
    }

    /// <summary>Every track as a row; returns their count.</summary>
    public int AllTracks(int trackCount)
    {
        for (int t = 0; t < trackCount; t++) _rows[t] = t;
        return trackCount;
    }

    /// <summary>The tracks still unmatched as rows; returns their count.</summary>
    public int UnmatchedTracks(int trackCount)
    {
        int rows = 0;
        for (int t = 0; t < trackCount; t++)
            if (_trackMatch[t] < 0) _rows[rows++] = t;
        return rows;
    }

    /// <summary>The first <paramref name="count"/> of <paramref name="candidates"/> that no track took, into <see cref="Columns"/>; returns their count.</summary>
    public int CollectUntaken(int[] candidates, int count)
    {
        Buffers.Grow(ref _cols, count);
        int cols = 0;
        for (int j = 0; j < count; j++)
            if (!_taken[candidates[j]]) _cols[cols++] = candidates[j];
        return cols;
    }

    /// <summary>The track index of row <paramref name="r"/>.</summary>
    public int Row(int r) => _rows[r];

    /// <summary>The detection track <paramref name="track"/> took this frame, or -1.</summary>
    public int MatchOf(int track) => _trackMatch[track];

    public bool IsTaken(int detection) => _taken[detection];

    /// <summary>Room for a rows x cols round.</summary>
    public void Prepare(int rows, int cols)
    {
        Buffers.Grow(ref _overlap, rows * cols);
        Buffers.Grow(ref _costs, rows * cols);
    }

    /// <summary>The round's overlap of each row's track with each column's detection (after <see cref="Prepare"/>).</summary>
    public Span<double> Overlap(int rows, int cols) => _overlap.AsSpan(0, rows * cols);

    /// <summary>The round's costs (the negated similarity), the assignment's input.</summary>
    public Span<double> Costs(int rows, int cols) => _costs.AsSpan(0, rows * cols);

    /// <summary>
    /// The box a track is compared by: its prediction, or for OCR its last observation. A track never
    /// observed has none: the reference's placeholder box overlaps nothing.
    /// </summary>
    public static BoundingBox RowBox(TTrack track, bool useLastObservation) =>
        useLastObservation ? (track.HasObservation ? track.LastObservation : default) : track.PredictedBox;

    /// <summary>Prepares the round and fills <see cref="Overlap"/> with plain IoU.</summary>
    public void FillIou(List<TTrack> tracks, ReadOnlySpan<Detection> detections, int rows, int[] columns, int cols, bool useLastObservation)
    {
        Prepare(rows, cols);
        Buffers.Grow(ref _boxesA, rows);
        Buffers.Grow(ref _boxesB, cols);
        for (int r = 0; r < rows; r++) _boxesA[r] = RowBox(tracks[_rows[r]], useLastObservation);
        for (int c = 0; c < cols; c++) _boxesB[c] = detections[columns[c]].Box;
        IouMatrix.Compute(_boxesA.AsSpan(0, rows), _boxesB.AsSpan(0, cols), _overlap.AsSpan(0, rows * cols), pixelInclusive: false);
    }

    /// <summary>The reference's shortcut for the first round: the pairs above the threshold, when none competes (see <see cref="ObservationCentric.TryUniquePairs"/>).</summary>
    public bool TryUniquePairs(int rows, int cols, double threshold)
    {
        GrowMatches(rows, cols);
        return ObservationCentric.TryUniquePairs(_overlap.AsSpan(0, rows * cols), rows, cols, threshold, _rowMatch.AsSpan(0, rows), _colMatch.AsSpan(0, cols));
    }

    /// <summary>A full assignment on the costs.</summary>
    public void Solve(int rows, int cols)
    {
        GrowMatches(rows, cols);
        _solver.Solve(_costs.AsSpan(0, rows * cols), rows, cols, double.PositiveInfinity, _rowMatch.AsSpan(0, rows), _colMatch.AsSpan(0, cols));
    }

    /// <summary>
    /// A round on overlap alone (OCR, and plain IoU rounds): the costs are the negated overlap, and the
    /// assignment is solved only when some pair passes the threshold (the largest overlap is taken with
    /// <see cref="Math.Max(double, double)"/>, so a NaN overlap skips the round, as the reference's max does).
    /// </summary>
    public void SolveOnOverlap(int rows, int cols, int[] columns, double threshold)
    {
        var overlap = _overlap.AsSpan(0, rows * cols);
        var costs = _costs.AsSpan(0, rows * cols);
        double max = 0;
        for (int i = 0; i < overlap.Length; i++)
        {
            costs[i] = -overlap[i];
            max = Math.Max(max, overlap[i]);
        }
        if (!(max > threshold)) return;
        Solve(rows, cols);
        Accept(rows, cols, columns, threshold);
    }

    /// <summary>Pairs of the last solve whose overlap reaches <paramref name="threshold"/> become matches.</summary>
    public void Accept(int rows, int cols, int[] columns, double threshold)
    {
        for (int r = 0; r < rows; r++)
        {
            int c = _rowMatch[r];
            if (c < 0 || _overlap[r * cols + c] < threshold) continue;
            _trackMatch[_rows[r]] = columns[c];
            _taken[columns[c]] = true;
        }
    }

    private void GrowMatches(int rows, int cols)
    {
        Buffers.Grow(ref _rowMatch, rows);
        Buffers.Grow(ref _colMatch, cols);
    }
}
