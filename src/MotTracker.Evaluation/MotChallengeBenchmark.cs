using System.Runtime.CompilerServices;
using System.Globalization;
using System.Runtime.InteropServices;
using MotTracker.Core.MotChallenge;

namespace MotTracker.Evaluation;

/// <summary>
/// The MOTChallenge 2D-box evaluation rules (TrackEval's <c>MotChallenge2DBox</c> preprocessing), kept
/// apart from the metrics: which rows are scored, which tracker boxes are dropped, and the input checks.
/// </summary>
/// <remarks>
/// For MOT16/17/20, tracker boxes matched (optimal assignment, IoU ≥ 0.5, against every gt row of the
/// frame whatever its class) to a distractor gt row are removed, because the annotators marked those
/// objects as neither to be found nor to be penalised. Then only gt rows with a non-zero consider flag
/// and the pedestrian class are scored. MOT15 has no classes: only the consider flag applies.
/// </remarks>
public sealed class MotChallengeBenchmark
{
    public const int PedestrianClass = 1;

    /// <summary>Highest class id MOTChallenge defines (1 pedestrian … 13 crowd).</summary>
    private const int MaxClassId = 13;

    private static readonly int[] Mot17Distractors = [2, 7, 8, 12];
    private static readonly int[] Mot20Distractors = [2, 6, 7, 8, 12];

    private readonly int[] _distractors;

    private MotChallengeBenchmark(MotBenchmark benchmark)
    {
        Benchmark = benchmark;
        _distractors = benchmark switch
        {
            MotBenchmark.MOT15 => [],
            MotBenchmark.MOT20 => Mot20Distractors,
            _ => Mot17Distractors,
        };
    }

    public MotBenchmark Benchmark { get; }

    /// <summary>Whether class-based preprocessing applies (all benchmarks except MOT15).</summary>
    public bool UsesClasses => Benchmark != MotBenchmark.MOT15;

    /// <summary>gt classes (person on vehicle, static person, distractor, reflection; MOT20 adds non-MOT vehicle).</summary>
    public IReadOnlyList<int> DistractorClasses => _distractors;

    public static MotChallengeBenchmark For(MotBenchmark benchmark) => new(benchmark);

    /// <summary>Parses MOT15/MOT16/MOT17/MOT20 (case-insensitive).</summary>
    public static bool TryParse(string text, out MotBenchmark benchmark) =>
        Enum.TryParse(text.Trim(), ignoreCase: true, out benchmark) && Enum.IsDefined(benchmark);

    /// <summary>
    /// Checks the input the way TrackEval does and applies the benchmark rules.
    /// </summary>
    /// <param name="sequenceLength">seqLength of the sequence; frames must lie in 1..seqLength.</param>
    /// <param name="gtFile">Name used in error messages (and to find line numbers) for <paramref name="gt"/>.</param>
    /// <param name="keepSources">Also record, for every scored gt row and kept tracker row, which input
    /// row it came from, and which tracker rows were removed for matching a distractor
    /// (<see cref="SequenceData.Sources"/>), so errors can be listed with their ids and boxes. Off for a
    /// plain evaluation: it costs an int per row and keeps the input rows alive.</param>
    /// <exception cref="MotFormatException">Frame out of range, duplicate id in a frame, a non-pedestrian
    /// class in the results, or an unknown gt class.</exception>
    // Hot loop of a short-lived process: compile optimized at once instead of starting at tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SequenceData Preprocess(
        string sequenceName, int sequenceLength,
        IReadOnlyList<MotRow> gt, string gtFile,
        IReadOnlyList<MotRow> results, string resultsFile, bool keepSources = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequenceLength);
        // The row loops below read the rows in place: through the interface each row (72 bytes) was copied.
        var gtRows = RowSpan(gt);
        var resultRows = RowSpan(results);
        CheckRows(gtRows, gtFile, sequenceLength, isResults: false);
        CheckRows(resultRows, resultsFile, sequenceLength, isResults: true);

        // Frame-ordered copies of just the fields the loop reads, so it walks plain arrays.
        var g = FrameRows.Build(gtRows, sequenceLength);
        var r = FrameRows.Build(resultRows, sequenceLength);
        var keptGtRow = new bool[g.Count];
        for (int k = 0; k < g.Count; k++)
        {
            // TrackEval reads the flag as an integer (truncation), so 0.4 counts as "not considered".
            keptGtRow[k] = (int)gtRows[g.Row[k]].Score != 0 && (!UsesClasses || g.Class[k] == PedestrianClass);
        }
        // IoU rows needed in every frame: the scored rows and the distractors. The other rows (cars,
        // occluders, unconsidered people) matter only when a distractor may be matched, which few frames
        // have, so their IoU is computed there alone.
        var eagerIoU = new bool[g.Count];
        for (int k = 0; k < g.Count; k++)
            eagerIoU[k] = keptGtRow[k] || (UsesClasses && Array.IndexOf(_distractors, g.Class[k]) >= 0);

        // Upper bound of the similarity entries (kept gt × all boxes per frame): one allocation, no regrowth.
        long bound = 0;
        for (int t = 0; t < sequenceLength; t++)
        {
            int kept = 0;
            for (int k = g.Start[t]; k < g.Start[t + 1]; k++) kept += keptGtRow[k] ? 1 : 0;
            bound += (long)kept * (r.Start[t + 1] - r.Start[t]);
        }
        if (bound > Array.MaxLength) throw new InvalidOperationException($"sequence {sequenceName} is too large to evaluate");
        var similarity = new double[bound];

        int maxG = g.MaxPerFrame, maxT = r.MaxPerFrame;
        var iou = new double[Math.Max(1, maxG * maxT)];
        var scores = new double[iou.Length];
        var pairRows = new int[Math.Max(1, Math.Min(maxG, maxT))];
        var pairCols = new int[pairRows.Length];
        // Per box of the frame: -1 kept, else the frame position of the distractor gt row it matched.
        var removeTracker = new int[Math.Max(1, maxT)];
        var keptTr = new int[Math.Max(1, maxT)];
        var idScratch = new long[Math.Max(1, Math.Max(maxG, maxT))];
        var solver = new SparseAssignment();
        var matchScratch = new MatchScratch(maxG, maxT);

        var gtIds = new int[g.Count];
        var trIds = new int[r.Count];
        int gtCount = 0, trCount = 0, simCount = 0;
        var gtOffsets = new int[sequenceLength + 1];
        var trOffsets = new int[sequenceLength + 1];
        var simOffsets = new int[sequenceLength + 1];
        int[]? gtRowOf = keepSources ? new int[g.Count] : null;
        int[]? trRowOf = keepSources ? new int[r.Count] : null;
        List<RemovedTrackerRow>? removed = keepSources ? [] : null;

        for (int t = 0; t < sequenceLength; t++)
        {
            int g0 = g.Start[t], gn = g.Start[t + 1] - g0;
            int r0 = r.Start[t], n = r.Start[t + 1] - r0;
            CheckUniqueIds(results, r, r0, n, resultsFile, "track", t + 1, idScratch);
            CheckUniqueIds(gt, g, g0, gn, gtFile, "gt", t + 1, idScratch);

            for (int i = 0; i < gn; i++)
            {
                if (eagerIoU[g0 + i]) IoURow(g, g0 + i, r, r0, n, iou.AsSpan(i * n, n));
            }

            Array.Fill(removeTracker, -1, 0, n);
            if (UsesClasses && gn > 0 && n > 0)
                MarkDistractorMatches(gt, g, g0, gn, r, r0, n, gtFile, t + 1, eagerIoU, iou, scores, pairRows, pairCols, removeTracker, solver, matchScratch);

            int keptT = 0;
            for (int j = 0; j < n; j++)
            {
                if (removeTracker[j] >= 0)
                {
                    removed?.Add(new RemovedTrackerRow(r.Row[r0 + j], g.Row[g0 + removeTracker[j]]));
                    continue;
                }
                keptTr[keptT++] = j;
                if (trRowOf is not null) trRowOf[trCount] = r.Row[r0 + j];
                trIds[trCount++] = r.Id[r0 + j];
            }
            for (int i = 0; i < gn; i++)
            {
                if (!keptGtRow[g0 + i]) continue;
                if (gtRowOf is not null) gtRowOf[gtCount] = g.Row[g0 + i];
                gtIds[gtCount++] = g.Id[g0 + i];
                int rowStart = i * n;
                for (int b = 0; b < keptT; b++) similarity[simCount++] = iou[rowStart + keptTr[b]];
            }
            gtOffsets[t + 1] = gtCount;
            trOffsets[t + 1] = trCount;
            simOffsets[t + 1] = simCount;
        }

        Array.Resize(ref gtIds, gtCount);
        Array.Resize(ref trIds, trCount);
        int gtIdCount = Relabel(gtIds);
        int trIdCount = Relabel(trIds);
        var sources = keepSources
            ? new SequenceSources(gt, results, gtRowOf![..gtCount], trRowOf![..trCount], removed!.ToArray())
            : null;
        return new SequenceData(sequenceName, gtIdCount, trIdCount, gtIds, gtOffsets, trIds, trOffsets, similarity, simOffsets) { Sources = sources };
    }

    private static void IoURow(FrameRows g, int k, FrameRows r, int r0, int n, Span<double> result) =>
        BoxSimilarity.IoURow(g.Corners(k), r.X0.AsSpan(r0, n), r.Y0.AsSpan(r0, n), r.X1.AsSpan(r0, n),
            r.Y1.AsSpan(r0, n), r.Area.AsSpan(r0, n), result);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MarkDistractorMatches(
        IReadOnlyList<MotRow> gt, FrameRows g, int g0, int gn, FrameRows r, int r0, int n, string gtFile, int frame,
        bool[] eagerIoU, double[] iou, double[] scores, int[] pairRows, int[] pairCols, int[] remove, SparseAssignment solver, MatchScratch scratch)
    {
        for (int i = 0; i < gn; i++)
        {
            int cls = g.Class[g0 + i];
            if (cls < 1 || cls > MaxClassId)
            {
                throw new MotFormatException(gtFile, gt[g.Row[g0 + i]].Line, "class",
                    $"class {cls} in frame {frame} is not a MOTChallenge class (1-{MaxClassId}); {Benchmark} preprocessing needs valid classes (MOT15 data has none: evaluate it with the MOT15 rules)");
            }
        }

        // A pair can be matched only with IoU ≥ 0.5. Only boxes matched to a distractor are removed, and the
        // matching decomposes into groups of rows and boxes linked by such pairs, so only the groups that
        // contain a distractor row need solving; in most frames there is none.
        const double MatchThreshold = 0.5 - BoxSimilarity.Epsilon;
        var rowIn = scratch.RowIn;
        var colIn = scratch.ColIn;
        Array.Clear(rowIn, 0, gn);
        Array.Clear(colIn, 0, n);
        var queue = scratch.Queue;
        int head = 0, tail = 0;
        for (int i = 0; i < gn; i++)
        {
            if (Array.IndexOf(_distractors, g.Class[g0 + i]) < 0) continue;
            var row = iou.AsSpan(i * n, n);
            for (int j = 0; j < n; j++)
            {
                if (row[j] >= MatchThreshold && row[j] > 0)
                {
                    rowIn[i] = true;
                    queue[tail++] = i;
                    break;
                }
            }
        }
        if (tail == 0) return;
        // A distractor may be matched: every row can compete for its boxes, so fill in the rows left out.
        for (int i = 0; i < gn; i++)
        {
            if (!eagerIoU[g0 + i]) IoURow(g, g0 + i, r, r0, n, iou.AsSpan(i * n, n));
        }
        while (head < tail)
        {
            int i = queue[head++];
            for (int j = 0; j < n; j++)
            {
                double v = iou[i * n + j];
                if (colIn[j] || !(v >= MatchThreshold && v > 0)) continue;
                colIn[j] = true;
                for (int other = 0; other < gn; other++)
                {
                    double w = iou[other * n + j];
                    if (rowIn[other] || !(w >= MatchThreshold && w > 0)) continue;
                    rowIn[other] = true;
                    queue[tail++] = other;
                }
            }
        }

        // Solve the linked rows and boxes (in index order, as within the full matrix).
        var subRows = scratch.SubRows;
        var subCols = scratch.SubCols;
        int sr = 0, sc = 0;
        for (int i = 0; i < gn; i++) if (rowIn[i]) subRows[sr++] = i;
        for (int j = 0; j < n; j++) if (colIn[j]) subCols[sc++] = j;
        for (int a = 0; a < sr; a++)
        {
            int rowStart = subRows[a] * n;
            for (int b = 0; b < sc; b++)
            {
                double v = iou[rowStart + subCols[b]];
                scores[a * sc + b] = v < MatchThreshold ? 0 : v;
            }
        }
        int pairs = solver.Maximize(scores.AsSpan(0, sr * sc), sr, sc, pairRows, pairCols);
        for (int p = 0; p < pairs; p++)
        {
            int a = pairRows[p], b = pairCols[p];
            if (scores[a * sc + b] > BoxSimilarity.Epsilon && Array.IndexOf(_distractors, g.Class[g0 + subRows[a]]) >= 0)
                remove[subCols[b]] = subRows[a];
        }
    }

    /// <summary>Buffers for the distractor matching, sized for the largest frame and reused.</summary>
    private sealed class MatchScratch(int maxRows, int maxCols)
    {
        public bool[] RowIn { get; } = new bool[Math.Max(1, maxRows)];
        public bool[] ColIn { get; } = new bool[Math.Max(1, maxCols)];
        public int[] Queue { get; } = new int[Math.Max(1, maxRows)];
        public int[] SubRows { get; } = new int[Math.Max(1, maxRows)];
        public int[] SubCols { get; } = new int[Math.Max(1, maxCols)];
    }

    private static ReadOnlySpan<MotRow> RowSpan(IReadOnlyList<MotRow> rows) => rows switch
    {
        List<MotRow> list => CollectionsMarshal.AsSpan(list),
        MotRow[] array => array,
        _ => rows.ToArray(),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckRows(ReadOnlySpan<MotRow> rows, string file, int sequenceLength, bool isResults)
    {
        for (int i = 0; i < rows.Length; i++)
        {
            ref readonly var row = ref rows[i];
            if (row.Frame < 1 || row.Frame > sequenceLength)
            {
                throw new MotFormatException(file, rows[i].Line, "frame",
                    $"frame {row.Frame} is outside the sequence (frames 1-{sequenceLength}, seqLength from seqinfo.ini)");
            }
            if (isResults && row.ClassId != -1 && row.ClassId != PedestrianClass)
            {
                throw new MotFormatException(file, rows[i].Line, "class",
                    $"class {row.ClassId.ToString(CultureInfo.InvariantCulture)}: pedestrian results must have class 1 or -1 in column 8");
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CheckUniqueIds(IReadOnlyList<MotRow> rows, FrameRows f, int start, int count, string file, string what, int frame, long[] scratch)
    {
        if (count < 2) return;
        // Pack (id, position) so one sort finds duplicates and still knows which lines they came from.
        for (int k = 0; k < count; k++) scratch[k] = ((long)f.Id[start + k] << 32) | (uint)k;
        var span = scratch.AsSpan(0, count);
        span.Sort();
        for (int k = 1; k < count; k++)
        {
            if ((span[k] >> 32) != (span[k - 1] >> 32)) continue;
            int first = f.Row[start + (int)(uint)span[k - 1]], second = f.Row[start + (int)(uint)span[k]];
            int id = (int)(span[k] >> 32);
            throw new MotFormatException(file, rows[second].Line, "id",
                $"{what} id {id} appears more than once in frame {frame} (also on line {rows[first].Line}); ids must be unique within a frame");
        }
    }

    /// <summary>Replaces ids by their rank among the distinct ids; returns how many distinct ids there are.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Relabel(int[] ids)
    {
        if (ids.Length == 0) return 0;
        int min = ids[0], max = ids[0];
        foreach (int id in ids)
        {
            min = Math.Min(min, id);
            max = Math.Max(max, id);
        }
        // Ids are usually small and dense: rank them through a table over their range (two linear passes)
        // instead of a sort plus a binary search per row, which was a visible share of an eval run.
        long range = (long)max - min + 1;
        if (range <= 4L * ids.Length + 4096)
        {
            var rank = new int[range];
            foreach (int id in ids) rank[id - min] = 1;
            int next = 0;
            for (int k = 0; k < rank.Length; k++)
            {
                if (rank[k] == 0) continue;
                rank[k] = next++;
            }
            for (int k = 0; k < ids.Length; k++) ids[k] = rank[ids[k] - min];
            return next;
        }
        var distinct = (int[])ids.Clone();
        Array.Sort(distinct);
        int count = 1;
        for (int k = 1; k < distinct.Length; k++)
        {
            if (distinct[k] != distinct[count - 1]) distinct[count++] = distinct[k];
        }
        for (int k = 0; k < ids.Length; k++) ids[k] = Array.BinarySearch(distinct, 0, count, ids[k]);
        return count;
    }

    /// <summary>The rows of a file grouped by frame (file order within a frame), as parallel arrays.</summary>
    private sealed class FrameRows
    {
        /// <summary>Rows of timestep t are positions Start[t] .. Start[t + 1] - 1.</summary>
        public required int[] Start { get; init; }

        /// <summary>Index of each position's row in the original list (for error lines).</summary>
        public required int[] Row { get; init; }

        public required int[] Id { get; init; }
        public required int[] Class { get; init; }

        // Box corners as columns, for the vectorised IoU against a frame's boxes.
        public required double[] X0 { get; init; }
        public required double[] Y0 { get; init; }
        public required double[] X1 { get; init; }
        public required double[] Y1 { get; init; }
        public required double[] Area { get; init; }
        public required int MaxPerFrame { get; init; }
        public int Count => Row.Length;

        public BoxSimilarity.Corners Corners(int k) => new(X0[k], Y0[k], X1[k], Y1[k], Area[k]);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static FrameRows Build(ReadOnlySpan<MotRow> rows, int frames)
        {
            var start = new int[frames + 1];
            for (int i = 0; i < rows.Length; i++) start[rows[i].Frame]++;
            int max = 0, sum = 0;
            for (int t = 0; t < frames; t++)
            {
                int c = start[t + 1];
                max = Math.Max(max, c);
                start[t] = sum;
                sum += c;
            }
            start[frames] = sum;
            var fill = new int[frames];
            int n = rows.Length;
            var row = new int[n];
            var id = new int[n];
            var cls = new int[n];
            double[] x0 = new double[n], y0 = new double[n], x1 = new double[n], y1 = new double[n], area = new double[n];
            for (int i = 0; i < n; i++)
            {
                ref readonly var source = ref rows[i];
                int t = source.Frame - 1;
                int k = start[t] + fill[t]++;
                row[k] = i;
                id[k] = source.Id;
                cls[k] = source.ClassId;
                var corners = BoxSimilarity.Corners.From(source.Box);
                (x0[k], y0[k], x1[k], y1[k], area[k]) = (corners.X0, corners.Y0, corners.X1, corners.Y1, corners.Area);
            }
            return new FrameRows
            {
                Start = start, Row = row, Id = id, Class = cls,
                X0 = x0, Y0 = y0, X1 = x1, Y1 = y1, Area = area, MaxPerFrame = max,
            };
        }
    }
}
