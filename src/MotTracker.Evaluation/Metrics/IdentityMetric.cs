using System.Runtime.CompilerServices;
namespace MotTracker.Evaluation.Metrics;

/// <summary>
/// Identity metrics (Ristani et al. 2016): IDF1, IDR, IDP from one global one-to-one matching of gt ids
/// to tracker ids that maximises the number of frames in which matched ids overlap with IoU ≥ 0.5.
/// </summary>
/// <remarks>
/// TrackEval solves this as a square (G+T)² min-cost problem of false negatives plus false positives; its
/// optimum equals Σgt + Σtracker − 2·(best total overlap count), so solving the G×T maximisation of the
/// overlap counts gives the same IDTP/IDFN/IDFP with a much smaller matrix. The counts are whole numbers,
/// so the optimum is exact.
/// </remarks>
public sealed class IdentityMetric : IEvaluationMetric
{
    private const double Threshold = 0.5;
    private static readonly string[] Names = ["IDF1", "IDR", "IDP", "IDTP", "IDFN", "IDFP"];
    private const int F1 = 0, Re = 1, Pr = 2, Tp = 3, Fn = 4, Fp = 5;

    private static readonly SummaryField[] Summary =
    [
        new("IDF1", "IDF1", true), new("IDR", "IDR", true), new("IDP", "IDP", true),
        new("IDTP", "IDTP", false), new("IDFN", "IDFN", false), new("IDFP", "IDFP", false),
    ];

    public string Name => "Identity";
    public IReadOnlyList<string> FieldNames => Names;
    public IReadOnlyList<SummaryField> SummaryFields => Summary;

    // Hot loop of a short-lived process: compile optimized at once instead of starting at tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public MetricResult Evaluate(SequenceData sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var v = new MetricValue[Names.Length];
        for (int k = 0; k < v.Length; k++) v[k] = MetricValue.Int(0);
        if (sequence.TrackerDetectionCount == 0)
        {
            v[Fn] = MetricValue.Int(sequence.GtDetectionCount);
            return new MetricResult(this, v);
        }
        if (sequence.GtDetectionCount == 0)
        {
            v[Fp] = MetricValue.Int(sequence.TrackerDetectionCount);
            return new MetricResult(this, v);
        }

        int gtIds = sequence.GtIdCount, trIds = sequence.TrackerIdCount;
        var overlap = new double[gtIds * trIds];
        for (int t = 0; t < sequence.Timesteps; t++)
        {
            var g = sequence.GtIds(t);
            var r = sequence.TrackerIds(t);
            var sim = sequence.Similarity(t);
            int n = r.Length;
            for (int i = 0; i < g.Length; i++)
            {
                int rowBase = g[i] * trIds;
                for (int j = 0; j < n; j++)
                {
                    if (sim[i * n + j] >= Threshold) overlap[rowBase + r[j]]++;
                }
            }
        }

        int pairCount = Math.Min(gtIds, trIds);
        var rows = new int[pairCount];
        var cols = new int[pairCount];
        var scratch = new double[overlap.Length];
        int pairs = new ScipyAssignment().Maximize(overlap, gtIds, trIds, rows, cols, scratch);
        long idtp = 0;
        for (int p = 0; p < pairs; p++) idtp += (long)overlap[rows[p] * trIds + cols[p]];

        v[Tp] = MetricValue.Int(idtp);
        v[Fn] = MetricValue.Int(sequence.GtDetectionCount - idtp);
        v[Fp] = MetricValue.Int(sequence.TrackerDetectionCount - idtp);
        ComputeFinalFields(v);
        return new MetricResult(this, v);
    }

    public MetricResult Combine(IReadOnlyList<MetricResult> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var v = new MetricValue[Names.Length];
        foreach (int f in new[] { Tp, Fn, Fp })
        {
            long sum = 0;
            foreach (var seq in sequences) sum += (long)seq.Values[f].Value;
            v[f] = MetricValue.Int(sum);
        }
        ComputeFinalFields(v);
        return new MetricResult(this, v);
    }

    private static void ComputeFinalFields(MetricValue[] v)
    {
        double tp = v[Tp].Value, fn = v[Fn].Value, fp = v[Fp].Value;
        v[Re] = MetricValue.Float(tp / Math.Max(1.0, tp + fn));
        v[Pr] = MetricValue.Float(tp / Math.Max(1.0, tp + fp));
        v[F1] = MetricValue.Float(tp / Math.Max(1.0, tp + 0.5 * fp + 0.5 * fn));
    }
}
