using System.Runtime.CompilerServices;
using System.Globalization;
using MotTracker.Core.MotChallenge;

namespace MotTracker.Core.Evaluation;

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
    /// <exception cref="MotFormatException">Frame out of range, duplicate id in a frame, a non-pedestrian
    /// class in the results, or an unknown gt class.</exception>
    // Hot loop of a short-lived process: compile optimized at once instead of starting at tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SequenceData Preprocess(
        string sequenceName, int sequenceLength,
        IReadOnlyList<MotRow> gt, string gtFile,
        IReadOnlyList<MotRow> results, string resultsFile)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequenceLength);
        CheckRows(gt, gtFile, sequenceLength, isResults: false);
        CheckRows(results, resultsFile, sequenceLength, isResults: true);

        var gtFrames = FrameIndex.Build(gt, sequenceLength);
        var trFrames = FrameIndex.Build(results, sequenceLength);
        var gtBoxes = Corners(gt, gtFrames.Order);
        var trBoxes = Corners(results, trFrames.Order);

        int maxG = gtFrames.MaxPerFrame, maxT = trFrames.MaxPerFrame;
        var iou = new double[Math.Max(1, maxG * maxT)];
        var scores = new double[iou.Length];
        var pairRows = new int[Math.Max(1, Math.Min(maxG, maxT))];
        var pairCols = new int[pairRows.Length];
        var removeTracker = new bool[Math.Max(1, maxT)];
        var keptGt = new int[Math.Max(1, maxG)];
        var keptTr = new int[Math.Max(1, maxT)];
        var idScratch = new long[Math.Max(1, Math.Max(maxG, maxT))];
        var solver = new SparseAssignment();

        var gtIds = new List<int>(gt.Count);
        var trIds = new List<int>(results.Count);
        var gtOffsets = new int[sequenceLength + 1];
        var trOffsets = new int[sequenceLength + 1];
        var simOffsets = new int[sequenceLength + 1];
        var similarity = new List<double>(gt.Count * 4);

        for (int t = 0; t < sequenceLength; t++)
        {
            int g0 = gtFrames.Start[t], g = gtFrames.Start[t + 1] - g0;
            int r0 = trFrames.Start[t], n = trFrames.Start[t + 1] - r0;
            CheckUniqueIds(results, trFrames.Order, r0, n, resultsFile, "track", t + 1, idScratch);
            CheckUniqueIds(gt, gtFrames.Order, g0, g, gtFile, "gt", t + 1, idScratch);

            for (int i = 0; i < g; i++)
                for (int j = 0; j < n; j++)
                    iou[i * n + j] = BoxSimilarity.IoU(gtBoxes[g0 + i], trBoxes[r0 + j]);

            Array.Clear(removeTracker, 0, n);
            if (UsesClasses && g > 0 && n > 0)
                MarkDistractorMatches(gt, gtFrames.Order, g0, g, n, gtFile, t + 1, iou, scores, pairRows, pairCols, removeTracker, solver);

            int keptG = 0;
            for (int i = 0; i < g; i++)
            {
                var row = gt[gtFrames.Order[g0 + i]];
                // TrackEval reads the flag as an integer (truncation), so 0.4 counts as "not considered".
                bool considered = (int)row.Score != 0;
                if (considered && (!UsesClasses || row.ClassId == PedestrianClass)) keptGt[keptG++] = i;
            }
            int keptT = 0;
            for (int j = 0; j < n; j++)
            {
                if (!removeTracker[j]) keptTr[keptT++] = j;
            }

            for (int a = 0; a < keptG; a++) gtIds.Add(gt[gtFrames.Order[g0 + keptGt[a]]].Id);
            for (int b = 0; b < keptT; b++) trIds.Add(results[trFrames.Order[r0 + keptTr[b]]].Id);
            for (int a = 0; a < keptG; a++)
            {
                int rowStart = keptGt[a] * n;
                for (int b = 0; b < keptT; b++) similarity.Add(iou[rowStart + keptTr[b]]);
            }
            gtOffsets[t + 1] = gtIds.Count;
            trOffsets[t + 1] = trIds.Count;
            simOffsets[t + 1] = similarity.Count;
        }

        int[] gtIdArray = gtIds.ToArray(), trIdArray = trIds.ToArray();
        int gtIdCount = Relabel(gtIdArray);
        int trIdCount = Relabel(trIdArray);
        return new SequenceData(sequenceName, gtIdCount, trIdCount,
            gtIdArray, gtOffsets, trIdArray, trOffsets, similarity.ToArray(), simOffsets);
    }

    private void MarkDistractorMatches(
        IReadOnlyList<MotRow> gt, int[] order, int g0, int g, int n, string gtFile, int frame,
        double[] iou, double[] scores, int[] pairRows, int[] pairCols, bool[] remove,
        SparseAssignment solver)
    {
        for (int i = 0; i < g; i++)
        {
            int cls = gt[order[g0 + i]].ClassId;
            if (cls < 1 || cls > MaxClassId)
            {
                int line = gt[order[g0 + i]].Line;
                throw new MotFormatException(gtFile, line, "class",
                    $"class {cls} in frame {frame} is not a MOTChallenge class (1-{MaxClassId}); {Benchmark} preprocessing needs valid classes");
            }
        }

        int cells = g * n;
        bool distractorOverlaps = false;
        for (int i = 0; i < g; i++)
        {
            bool isDistractor = Array.IndexOf(_distractors, gt[order[g0 + i]].ClassId) >= 0;
            for (int j = 0; j < n; j++)
            {
                int k = i * n + j;
                scores[k] = iou[k] < 0.5 - BoxSimilarity.Epsilon ? 0 : iou[k];
                distractorOverlaps |= isDistractor && scores[k] > 0;
            }
        }
        // Only a box matched to a distractor is removed; with no candidate pair there is nothing to solve.
        if (!distractorOverlaps) return;
        int pairs = solver.Maximize(scores.AsSpan(0, cells), g, n, pairRows, pairCols);
        for (int p = 0; p < pairs; p++)
        {
            int i = pairRows[p], j = pairCols[p];
            if (scores[i * n + j] > BoxSimilarity.Epsilon && Array.IndexOf(_distractors, gt[order[g0 + i]].ClassId) >= 0)
                remove[j] = true;
        }
    }

    private static void CheckRows(IReadOnlyList<MotRow> rows, string file, int sequenceLength, bool isResults)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
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

    private static void CheckUniqueIds(IReadOnlyList<MotRow> rows, int[] order, int start, int count, string file, string what, int frame, long[] scratch)
    {
        if (count < 2) return;
        // Pack (id, row) so one sort finds duplicates and still knows which lines they came from.
        for (int k = 0; k < count; k++)
            scratch[k] = ((long)rows[order[start + k]].Id << 32) | (uint)order[start + k];
        var span = scratch.AsSpan(0, count);
        span.Sort();
        for (int k = 1; k < count; k++)
        {
            if ((span[k] >> 32) != (span[k - 1] >> 32)) continue;
            int first = (int)(uint)span[k - 1], second = (int)(uint)span[k];
            int id = (int)(span[k] >> 32);
            int firstLine = rows[first].Line;
            throw new MotFormatException(file, rows[second].Line, "id",
                $"{what} id {id} appears more than once in frame {frame} (also on line {firstLine}); ids must be unique within a frame");
        }
    }

    private static BoxSimilarity.Corners[] Corners(IReadOnlyList<MotRow> rows, int[] order)
    {
        var corners = new BoxSimilarity.Corners[order.Length];
        for (int k = 0; k < order.Length; k++) corners[k] = BoxSimilarity.Corners.From(rows[order[k]].Box);
        return corners;
    }

    /// <summary>Replaces ids by their rank among the distinct ids; returns how many distinct ids there are.</summary>
    private static int Relabel(int[] ids)
    {
        if (ids.Length == 0) return 0;
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

    /// <summary>Row indices grouped by frame (stable: file order within a frame).</summary>
    private readonly struct FrameIndex
    {
        public int[] Order { get; private init; }

        /// <summary>Rows of timestep t are Order[Start[t]..Start[t + 1]].</summary>
        public int[] Start { get; private init; }

        public int MaxPerFrame { get; private init; }

        public static FrameIndex Build(IReadOnlyList<MotRow> rows, int frames)
        {
            var start = new int[frames + 1];
            for (int i = 0; i < rows.Count; i++) start[rows[i].Frame]++;
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
            var order = new int[rows.Count];
            for (int i = 0; i < rows.Count; i++)
            {
                int t = rows[i].Frame - 1;
                order[start[t] + fill[t]++] = i;
            }
            return new FrameIndex { Order = order, Start = start, MaxPerFrame = max };
        }
    }
}
