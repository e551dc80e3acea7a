using System.Runtime.CompilerServices;
namespace MotTracker.Evaluation.Metrics;

/// <summary>
/// HOTA (Luiten et al., IJCV 2020) with its sub-metrics, at the 19 localisation thresholds
/// α = 0.05, 0.10 … 0.95, as TrackEval computes it.
/// </summary>
/// <remarks>
/// Matching within a frame maximises global-alignment × IoU, so a detection pairs with the tracker id it
/// is associated with over the whole sequence rather than only with the box it overlaps most; one
/// assignment per frame serves every α, a pair only counting at α when its IoU reaches α.
/// </remarks>
public sealed class HotaMetric : IEvaluationMetric
{
    public const int AlphaCount = 19;

    /// <summary>The per-α fields, in TrackEval's order (float arrays, then the count arrays).</summary>
    public static readonly IReadOnlyList<string> ArrayFields =
        ["HOTA", "DetA", "AssA", "DetRe", "DetPr", "AssRe", "AssPr", "LocA", "RHOTA", "HOTA_TP", "HOTA_FN", "HOTA_FP"];

    private const int Hota = 0, DetA = 1, AssA = 2, DetRe = 3, DetPr = 4, AssRe = 5, AssPr = 6, LocA = 7, RHota = 8, Tp = 9, Fn = 10, Fp = 11;
    private const int ScalarCount = 3; // HOTA(0), LocA(0), HOTALocA(0)
    private const int Stride = AlphaCount + 1; // 19 values + AUC per array field

    private static readonly string[] Names = BuildNames();
    private static readonly SummaryField[] Summary = BuildSummary();

    /// <summary>α values exactly as <c>np.arange(0.05, 0.99, 0.05)</c> produces them (start + i·step).</summary>
    public static IReadOnlyList<double> Alphas { get; } = Enumerable.Range(0, AlphaCount).Select(i => 0.05 + i * 0.05).ToArray();

    public string Name => "HOTA";
    public IReadOnlyList<string> FieldNames => Names;
    public IReadOnlyList<SummaryField> SummaryFields => Summary;

    /// <summary>Name of a per-α field, e.g. ("DetA", 9) → "DetA___50".</summary>
    public static string FieldAt(string arrayField, int alphaIndex) => $"{arrayField}___{(int)(100 * (0.05 + alphaIndex * 0.05))}";

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public MetricResult Evaluate(SequenceData sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var arrays = new double[ArrayFields.Count][];
        for (int f = 0; f < arrays.Length; f++) arrays[f] = new double[AlphaCount];

        // TrackEval returns early for an empty side, before computing any derived field.
        if (sequence.TrackerDetectionCount == 0 || sequence.GtDetectionCount == 0)
        {
            bool noTracker = sequence.TrackerDetectionCount == 0;
            Array.Fill(noTracker ? arrays[Fn] : arrays[Fp], (double)(noTracker ? sequence.GtDetectionCount : sequence.TrackerDetectionCount));
            Array.Fill(arrays[LocA], 1.0);
            return Pack(arrays, MetricValue.Int(0), MetricValue.Float(1.0), MetricValue.Int(0));
        }

        Accumulate(sequence, arrays);
        ComputeFinalFields(arrays);
        return PackFinal(arrays);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public MetricResult Combine(IReadOnlyList<MetricResult> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var arrays = new double[ArrayFields.Count][];
        for (int f = 0; f < arrays.Length; f++) arrays[f] = new double[AlphaCount];
        var tpPerSeq = new double[sequences.Count][];
        for (int s = 0; s < sequences.Count; s++) tpPerSeq[s] = Read(sequences[s], Tp);

        foreach (int f in new[] { Tp, Fn, Fp })
        {
            foreach (var seq in sequences)
            {
                var values = Read(seq, f);
                for (int a = 0; a < AlphaCount; a++) arrays[f][a] += values[a];
            }
        }
        // Association and localisation are averages over true positives, so weight by each sequence's TP.
        foreach (int f in new[] { AssRe, AssPr, AssA, LocA })
        {
            var weighted = new double[AlphaCount];
            for (int s = 0; s < sequences.Count; s++)
            {
                var values = Read(sequences[s], f);
                for (int a = 0; a < AlphaCount; a++) weighted[a] += values[a] * tpPerSeq[s][a];
            }
            for (int a = 0; a < AlphaCount; a++)
            {
                arrays[f][a] = f == LocA
                    ? Math.Max(1e-10, weighted[a]) / Math.Max(1e-10, arrays[Tp][a])
                    : weighted[a] / Math.Max(1.0, arrays[Tp][a]);
            }
        }
        ComputeFinalFields(arrays);
        return PackFinal(arrays);
    }

    // Hot loop of a short-lived process: compile optimized at once instead of starting at tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate(SequenceData data, double[][] arrays)
    {
        int gtIds = data.GtIdCount, trIds = data.TrackerIdCount;
        var potential = new double[gtIds * trIds];
        var gtCount = new double[gtIds];
        var trCount = new double[trIds];
        int maxDets = data.MaxDetectionsPerFrame();
        var rowSum = new double[maxDets];
        var colSum = new double[maxDets];

        // Pass 1: soft co-occurrence of every (gt id, tracker id) pair, normalised per frame.
        for (int t = 0; t < data.Timesteps; t++)
        {
            var g = data.GtIds(t);
            var r = data.TrackerIds(t);
            var sim = data.Similarity(t);
            int n = r.Length;
            for (int i = 0; i < g.Length; i++) rowSum[i] = NumpySum.Sum(sim.Slice(i * n, n));
            Array.Clear(colSum, 0, n);
            for (int i = 0; i < g.Length; i++)
                for (int j = 0; j < n; j++) colSum[j] += sim[i * n + j];
            for (int i = 0; i < g.Length; i++)
            {
                int rowBase = g[i] * trIds;
                for (int j = 0; j < n; j++)
                {
                    double s = sim[i * n + j];
                    double denominator = colSum[j] + rowSum[i] - s;
                    if (denominator > BoxSimilarity.Epsilon) potential[rowBase + r[j]] += s / denominator;
                }
            }
            for (int i = 0; i < g.Length; i++) gtCount[g[i]]++;
            for (int j = 0; j < n; j++) trCount[r[j]]++;
        }

        var alignment = new double[potential.Length];
        for (int i = 0; i < gtIds; i++)
            for (int j = 0; j < trIds; j++)
            {
                int k = i * trIds + j;
                alignment[k] = potential[k] / (gtCount[i] + trCount[j] - potential[k]);
            }

        // Pass 2: one assignment per frame, scored at every α.
        var matches = new int[AlphaCount][];
        for (int a = 0; a < AlphaCount; a++) matches[a] = new int[potential.Length];
        int maxCells = Math.Max(1, data.MaxCellsPerFrame());
        var score = new double[maxCells];
        var pairRows = new int[Math.Max(1, maxDets)];
        var pairCols = new int[pairRows.Length];
        var solver = new SparseAssignment();
        double[] tp = arrays[Tp], fn = arrays[Fn], fp = arrays[Fp], loc = arrays[LocA];
        var thresholds = new double[AlphaCount];
        for (int a = 0; a < AlphaCount; a++) thresholds[a] = Alphas[a] - BoxSimilarity.Epsilon;

        for (int t = 0; t < data.Timesteps; t++)
        {
            var g = data.GtIds(t);
            var r = data.TrackerIds(t);
            int n = r.Length;
            if (g.Length == 0)
            {
                for (int a = 0; a < AlphaCount; a++) fp[a] += n;
                continue;
            }
            if (n == 0)
            {
                for (int a = 0; a < AlphaCount; a++) fn[a] += g.Length;
                continue;
            }
            var sim = data.Similarity(t);
            for (int i = 0; i < g.Length; i++)
            {
                int rowBase = g[i] * trIds;
                for (int j = 0; j < n; j++) score[i * n + j] = alignment[rowBase + r[j]] * sim[i * n + j];
            }
            int pairs = solver.Maximize(score.AsSpan(0, g.Length * n), g.Length, n, pairRows, pairCols);

            for (int a = 0; a < AlphaCount; a++)
            {
                int matched = 0;
                double locSum = 0;
                var counts = matches[a];
                for (int p = 0; p < pairs; p++)
                {
                    double s = sim[pairRows[p] * n + pairCols[p]];
                    if (s < thresholds[a]) continue;
                    matched++;
                    locSum += s;
                    counts[g[pairRows[p]] * trIds + r[pairCols[p]]]++;
                }
                tp[a] += matched;
                fn[a] += g.Length - matched;
                fp[a] += n - matched;
                if (matched > 0) loc[a] += locSum;
            }
        }

        // Association scores: Σ over id pairs of matches × (that pair's score), summed over the whole
        // G×T matrix in numpy's order. Only pairs ever matched (at α = 0.05, the loosest) are non-zero.
        var terms = new double[potential.Length];
        var cells = new List<int>();
        var counts0 = matches[0];
        for (int k = 0; k < counts0.Length; k++)
        {
            if (counts0[k] != 0) cells.Add(k);
        }
        for (int a = 0; a < AlphaCount; a++)
        {
            var counts = matches[a];
            double denominator = Math.Max(1, tp[a]);
            for (int kind = 0; kind < 3; kind++)
            {
                foreach (int k in cells)
                {
                    double m = counts[k];
                    int i = k / trIds, j = k - i * trIds;
                    double d = kind switch
                    {
                        0 => Math.Max(1, gtCount[i] + trCount[j] - m),
                        1 => Math.Max(1, gtCount[i]),
                        _ => Math.Max(1, trCount[j]),
                    };
                    terms[k] = m * (m / d);
                }
                double sum = NumpySum.SumBuffered(terms) / denominator;
                arrays[kind == 0 ? AssA : kind == 1 ? AssRe : AssPr][a] = sum;
            }
            loc[a] = Math.Max(1e-10, loc[a]) / Math.Max(1e-10, tp[a]);
        }
    }

    private static void ComputeFinalFields(double[][] x)
    {
        for (int a = 0; a < AlphaCount; a++)
        {
            double tp = x[Tp][a], fn = x[Fn][a], fp = x[Fp][a];
            x[DetRe][a] = tp / Math.Max(1, tp + fn);
            x[DetPr][a] = tp / Math.Max(1, tp + fp);
            x[DetA][a] = tp / Math.Max(1, tp + fn + fp);
            x[Hota][a] = Math.Sqrt(x[DetA][a] * x[AssA][a]);
            x[RHota][a] = Math.Sqrt(x[DetRe][a] * x[AssA][a]);
        }
    }

    private MetricResult PackFinal(double[][] arrays)
    {
        double hota0 = arrays[Hota][0], loca0 = arrays[LocA][0];
        return Pack(arrays, MetricValue.Float(hota0), MetricValue.Float(loca0), MetricValue.Float(hota0 * loca0));
    }

    private MetricResult Pack(double[][] arrays, MetricValue hota0, MetricValue loca0, MetricValue hotaLoca0)
    {
        var values = new MetricValue[Names.Length];
        values[0] = hota0;
        values[1] = loca0;
        values[2] = hotaLoca0;
        for (int f = 0; f < arrays.Length; f++)
        {
            int at = ScalarCount + f * Stride;
            for (int a = 0; a < AlphaCount; a++) values[at + a] = MetricValue.Float(arrays[f][a]);
            values[at + AlphaCount] = MetricValue.Float(NumpySum.Mean(arrays[f]));
        }
        return new MetricResult(this, values);
    }

    private static double[] Read(MetricResult result, int field)
    {
        var values = new double[AlphaCount];
        int at = ScalarCount + field * Stride;
        for (int a = 0; a < AlphaCount; a++) values[a] = result.Values[at + a].Value;
        return values;
    }

    private static string[] BuildNames()
    {
        var names = new List<string> { "HOTA(0)", "LocA(0)", "HOTALocA(0)" };
        foreach (string field in ArrayFields)
        {
            for (int a = 0; a < AlphaCount; a++) names.Add(FieldAt(field, a));
            names.Add(field + "___AUC");
        }
        return names.ToArray();
    }

    private static SummaryField[] BuildSummary()
    {
        var summary = new List<SummaryField>();
        foreach (string field in ArrayFields.Take(9)) summary.Add(new SummaryField(field, field + "___AUC", IsPercent: true));
        foreach (string field in new[] { "HOTA(0)", "LocA(0)", "HOTALocA(0)" }) summary.Add(new SummaryField(field, field, IsPercent: true));
        return summary.ToArray();
    }
}
