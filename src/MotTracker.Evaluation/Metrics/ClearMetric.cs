using System.Runtime.CompilerServices;
namespace MotTracker.Evaluation.Metrics;

/// <summary>
/// CLEAR MOT metrics (Bernardin &amp; Stiefelhagen 2008) as TrackEval computes them: MOTA, MOTP, MODA,
/// ID switches, fragmentations, mostly tracked/lost, plus sMOTA, CLR_F1, FP per frame and MOTAL.
/// </summary>
/// <remarks>
/// Per frame, pairs with IoU ≥ 0.5 are matched maximising 1000·(same pairing as in the previous frame) +
/// IoU, so an existing track keeps its gt object unless that is impossible. An ID switch is counted when
/// a gt id is matched to a different tracker id than the last one it was matched to, however many frames
/// ago that was.
/// </remarks>
public sealed class ClearMetric : IEvaluationMetric
{
    private const double Threshold = 0.5;

    // Detailed order: float fields, then integer fields (TrackEval's float_fields + integer_fields).
    private static readonly string[] Names =
    [
        "MOTA", "MOTP", "MODA", "CLR_Re", "CLR_Pr", "MTR", "PTR", "MLR", "sMOTA", "CLR_F1", "FP_per_frame", "MOTAL", "MOTP_sum",
        "CLR_TP", "CLR_FN", "CLR_FP", "IDSW", "MT", "PT", "ML", "Frag", "CLR_Frames",
    ];

    private const int Mota = 0, Motp = 1, Moda = 2, Re = 3, Pr = 4, Mtr = 5, Ptr = 6, Mlr = 7, SMota = 8, F1 = 9, FpPerFrame = 10, Motal = 11, MotpSum = 12;
    private const int Tp = 13, Fn = 14, Fp = 15, Idsw = 16, Mt = 17, Pt = 18, Ml = 19, Frag = 20, Frames = 21;

    /// <summary>Fields summed when sequences are combined; everything else is derived from them.</summary>
    private static readonly int[] Summed = [Tp, Fn, Fp, Idsw, Mt, Pt, Ml, Frag, Frames, MotpSum];

    private static readonly SummaryField[] Summary =
    [
        .. new[] { "MOTA", "MOTP", "MODA", "CLR_Re", "CLR_Pr", "MTR", "PTR", "MLR", "sMOTA" }.Select(f => new SummaryField(f, f, IsPercent: true)),
        .. new[] { "CLR_TP", "CLR_FN", "CLR_FP", "IDSW", "MT", "PT", "ML", "Frag" }.Select(f => new SummaryField(f, f, IsPercent: false)),
    ];

    public string Name => "CLEAR";
    public IReadOnlyList<string> FieldNames => Names;
    public IReadOnlyList<SummaryField> SummaryFields => Summary;

    public MetricResult Evaluate(SequenceData sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var none = default(NoObserver);
        return Evaluate(sequence, ref none);
    }

    /// <summary>
    /// Scores the sequence and lists every error behind the counts: each ID switch and fragmentation
    /// as this very matching counted it, so the listing's counts equal IDSW, Frag, CLR_FP and CLR_FN.
    /// </summary>
    /// <param name="sequence">Preprocessed with <c>keepSources</c>, so rows can be traced to ids and boxes.</param>
    /// <param name="imageWidth">Image size (seqinfo.ini) for the density map; 0: the extent of the gt boxes.</param>
    public MetricResult Evaluate(SequenceData sequence, out SequenceErrors errors, int imageWidth = 0, int imageHeight = 0)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var collector = new ClearErrorCollector(sequence, imageWidth, imageHeight);
        var observer = new CollectingObserver(collector);
        var result = Evaluate(sequence, ref observer);
        errors = collector.Build();
        return result;
    }

    // Hot loop of a short-lived process: compile optimized at once instead of starting at tier 0. The
    // observer is a struct type parameter, so for NoObserver the JIT drops every call and branch.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private MetricResult Evaluate<TObserver>(SequenceData sequence, ref TObserver observer)
        where TObserver : struct, IClearObserver
    {
        var v = new MetricValue[Names.Length];
        for (int k = 0; k < v.Length; k++) v[k] = MetricValue.Int(0);

        // TrackEval returns early here without deriving the ratios (and without setting CLR_Frames).
        if (sequence.TrackerDetectionCount == 0 || sequence.GtDetectionCount == 0)
        {
            // Nothing can match: every gt row is a miss and every tracker row a false positive.
            if (observer.Enabled)
            {
                for (int t = 0; t < sequence.Timesteps; t++) observer.EndFrame(t);
            }
        }
        if (sequence.TrackerDetectionCount == 0)
        {
            v[Fn] = MetricValue.Int(sequence.GtDetectionCount);
            v[Ml] = MetricValue.Int(sequence.GtIdCount);
            v[Mlr] = MetricValue.Float(1.0);
            return new MetricResult(this, v);
        }
        if (sequence.GtDetectionCount == 0)
        {
            v[Fp] = MetricValue.Int(sequence.TrackerDetectionCount);
            v[Mlr] = MetricValue.Float(1.0);
            return new MetricResult(this, v);
        }

        int gtIds = sequence.GtIdCount;
        var gtCount = new int[gtIds];
        var matchedCount = new int[gtIds];
        var fragCount = new int[gtIds];
        // -1 = none. lastTracker: last tracker id ever matched (for ID switches); previousFrame: the
        // tracker id matched in the previous frame only (for preferring continuity in matching).
        var lastTracker = new int[gtIds];
        var previousFrame = new int[gtIds];
        var wasTracked = new bool[gtIds];
        Array.Fill(lastTracker, -1);
        Array.Fill(previousFrame, -1);

        int maxCells = Math.Max(1, sequence.MaxCellsPerFrame());
        var score = new double[maxCells];
        int maxDets = Math.Max(1, sequence.MaxDetectionsPerFrame());
        var pairRows = new int[maxDets];
        var pairCols = new int[maxDets];
        var matchedGt = new int[maxDets];
        var matchedTr = new int[maxDets];
        // Frame positions of each match, for the observer to trace rows back to boxes.
        var matchedI = new int[maxDets];
        var matchedJ = new int[maxDets];
        var continuing = new int[maxDets];
        var solver = new SparseAssignment();
        long tp = 0, fn = 0, fp = 0, idsw = 0;
        double motpSum = 0;
        bool motpIsFloat = false;

        for (int t = 0; t < sequence.Timesteps; t++)
        {
            var g = sequence.GtIds(t);
            var r = sequence.TrackerIds(t);
            int n = r.Length;
            // As TrackEval: a frame without gt or without tracker rows leaves the previous frame's pairing
            // in place, so a gt id tracked on both sides of such a frame does not start a new fragment.
            if (g.Length == 0)
            {
                fp += n;
                if (observer.Enabled) observer.EndFrame(t);
                continue;
            }
            if (n == 0)
            {
                fn += g.Length;
                for (int i = 0; i < g.Length; i++) gtCount[g[i]]++;
                if (observer.Enabled) observer.EndFrame(t);
                continue;
            }

            var sim = sequence.Similarity(t);
            for (int i = 0; i < g.Length; i++)
            {
                int previous = previousFrame[g[i]];
                continuing[i] = previous < 0 ? -1 : r.IndexOf(previous);
            }
            int matches = MatchFrame(sim, g.Length, n, continuing, score, solver, pairRows, pairCols, matchedI, matchedJ);
            double frameMotp = 0;
            for (int m = 0; m < matches; m++)
            {
                int i = matchedI[m], j = matchedJ[m];
                matchedGt[m] = g[i];
                matchedTr[m] = r[j];
                frameMotp += sim[i * n + j];
            }

            for (int m = 0; m < matches; m++)
            {
                int last = lastTracker[matchedGt[m]];
                if (last >= 0 && last != matchedTr[m])
                {
                    idsw++;
                    if (observer.Enabled) observer.Switch(t, matchedI[m], matchedJ[m]);
                }
            }

            for (int i = 0; i < g.Length; i++) gtCount[g[i]]++;
            for (int m = 0; m < matches; m++)
            {
                matchedCount[matchedGt[m]]++;
                lastTracker[matchedGt[m]] = matchedTr[m];
            }
            // A fragment starts whenever a gt id is tracked now but was not tracked in the previous frame.
            for (int k = 0; k < gtIds; k++) wasTracked[k] = previousFrame[k] >= 0;
            Array.Fill(previousFrame, -1);
            for (int m = 0; m < matches; m++) previousFrame[matchedGt[m]] = matchedTr[m];
            for (int m = 0; m < matches; m++)
            {
                if (!wasTracked[matchedGt[m]]) fragCount[matchedGt[m]]++;
                if (observer.Enabled) observer.Match(t, matchedI[m], matchedJ[m], startsRun: !wasTracked[matchedGt[m]]);
            }
            if (observer.Enabled) observer.EndFrame(t);

            tp += matches;
            fn += g.Length - matches;
            fp += n - matches;
            if (matches > 0)
            {
                motpSum += frameMotp;
                motpIsFloat = true;
            }
        }

        long mt = 0, ptOrMore = 0;
        double frag = 0;
        for (int k = 0; k < gtIds; k++)
        {
            if (gtCount[k] == 0) continue;
            double ratio = (double)matchedCount[k] / gtCount[k];
            if (ratio > 0.8) mt++;
            if (ratio >= 0.2) ptOrMore++;
        }
        for (int k = 0; k < gtIds; k++)
        {
            if (fragCount[k] > 0) frag += fragCount[k] - 1;
        }

        v[Tp] = MetricValue.Int(tp);
        v[Fn] = MetricValue.Int(fn);
        v[Fp] = MetricValue.Int(fp);
        v[Idsw] = MetricValue.Int(idsw);
        v[Mt] = MetricValue.Int(mt);
        v[Pt] = MetricValue.Int(ptOrMore - mt);
        v[Ml] = MetricValue.Int(gtIds - ptOrMore);
        v[Frag] = MetricValue.Float(frag);
        v[Frames] = MetricValue.Int(sequence.Timesteps);
        v[MotpSum] = new MetricValue(motpSum, IsInteger: !motpIsFloat);
        ComputeFinalFields(v);
        return new MetricResult(this, v);
    }

    /// <summary>
    /// One frame of CLEAR's matching: pairs with IoU ≥ 0.5, maximising 1000·(the pair continues the
    /// previous frame's pairing) + IoU. Shared by the metric and the live error overlay
    /// (<see cref="LiveClearErrors"/>), so both count exactly the same errors.
    /// </summary>
    /// <param name="sim">Row-major IoU, <paramref name="gtCount"/> × <paramref name="trackerCount"/>.</param>
    /// <param name="continuing">Per gt row, the tracker column it was matched to in the previous frame, or -1.</param>
    /// <returns>The number of matches, whose gt rows and tracker columns are in <paramref name="matchedI"/> and <paramref name="matchedJ"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int MatchFrame(
        ReadOnlySpan<double> sim, int gtCount, int trackerCount, ReadOnlySpan<int> continuing,
        Span<double> score, SparseAssignment solver, Span<int> pairRows, Span<int> pairCols, Span<int> matchedI, Span<int> matchedJ)
    {
        int n = trackerCount;
        for (int i = 0; i < gtCount; i++)
        {
            int previous = continuing[i];
            for (int j = 0; j < n; j++)
            {
                double s = sim[i * n + j];
                score[i * n + j] = s < Threshold - BoxSimilarity.Epsilon ? 0 : 1000.0 * (j == previous ? 1 : 0) + s;
            }
        }
        int pairs = solver.Maximize(score[..(gtCount * n)], gtCount, n, pairRows, pairCols);
        int matches = 0;
        for (int p = 0; p < pairs; p++)
        {
            int i = pairRows[p], j = pairCols[p];
            if (score[i * n + j] <= BoxSimilarity.Epsilon) continue;
            matchedI[matches] = i;
            matchedJ[matches] = j;
            matches++;
        }
        return matches;
    }

    public MetricResult Combine(IReadOnlyList<MetricResult> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var v = new MetricValue[Names.Length];
        foreach (int f in Summed)
        {
            double sum = 0;
            bool allIntegers = true;
            foreach (var seq in sequences)
            {
                sum += seq.Values[f].Value;
                allIntegers &= seq.Values[f].IsInteger;
            }
            v[f] = new MetricValue(sum, allIntegers);
        }
        ComputeFinalFields(v);
        return new MetricResult(this, v);
    }

    private static void ComputeFinalFields(MetricValue[] v)
    {
        double tp = v[Tp].Value, fn = v[Fn].Value, fp = v[Fp].Value, idsw = v[Idsw].Value, motpSum = v[MotpSum].Value;
        double gtIds = v[Mt].Value + v[Ml].Value + v[Pt].Value;
        v[Mtr] = MetricValue.Float(v[Mt].Value / Math.Max(1.0, gtIds));
        v[Mlr] = MetricValue.Float(v[Ml].Value / Math.Max(1.0, gtIds));
        v[Ptr] = MetricValue.Float(v[Pt].Value / Math.Max(1.0, gtIds));
        v[Re] = MetricValue.Float(tp / Math.Max(1.0, tp + fn));
        v[Pr] = MetricValue.Float(tp / Math.Max(1.0, tp + fp));
        v[Moda] = MetricValue.Float((tp - fp) / Math.Max(1.0, tp + fn));
        v[Mota] = MetricValue.Float((tp - fp - idsw) / Math.Max(1.0, tp + fn));
        v[Motp] = MetricValue.Float(motpSum / Math.Max(1.0, tp));
        v[SMota] = MetricValue.Float((motpSum - fp - idsw) / Math.Max(1.0, tp + fn));
        v[F1] = MetricValue.Float(tp / Math.Max(1.0, tp + 0.5 * fn + 0.5 * fp));
        v[FpPerFrame] = MetricValue.Float(fp / Math.Max(1.0, v[Frames].Value));
        double safeLogIdsw = idsw > 0 ? Math.Log10(idsw) : idsw;
        v[Motal] = MetricValue.Float((tp - fp - safeLogIdsw) / Math.Max(1.0, tp + fn));
    }
}

/// <summary>
/// Sees the CLEAR matching as it counts: positions are within timestep <c>t</c>'s gt and tracker rows.
/// Calls per frame: <see cref="Switch"/> for each match that is an ID switch (before the match is recorded,
/// so "the last tracker id" is still the old one), then <see cref="Match"/> for every match (with whether it
/// starts a tracked run, which is what Frag counts), then <see cref="EndFrame"/> (also for frames skipped).
/// </summary>
internal interface IClearObserver
{
    bool Enabled { get; }
    void Switch(int t, int gtPosition, int trackerPosition);
    void Match(int t, int gtPosition, int trackerPosition, bool startsRun);
    void EndFrame(int t);
}

internal struct NoObserver : IClearObserver
{
    public readonly bool Enabled => false;
    public readonly void Switch(int t, int gtPosition, int trackerPosition) { }
    public readonly void Match(int t, int gtPosition, int trackerPosition, bool startsRun) { }
    public readonly void EndFrame(int t) { }
}

internal readonly struct CollectingObserver(ClearErrorCollector collector) : IClearObserver
{
    public bool Enabled => true;
    public void Switch(int t, int gtPosition, int trackerPosition) => collector.Switch(t, gtPosition, trackerPosition);
    public void Match(int t, int gtPosition, int trackerPosition, bool startsRun) => collector.Match(t, gtPosition, trackerPosition, startsRun);
    public void EndFrame(int t) => collector.EndFrame(t);
}
