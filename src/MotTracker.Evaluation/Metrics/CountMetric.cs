namespace MotTracker.Evaluation.Metrics;

/// <summary>How many tracker and gt detections and distinct ids were scored (after preprocessing).</summary>
public sealed class CountMetric : IEvaluationMetric
{
    private static readonly string[] Names = ["Dets", "GT_Dets", "IDs", "GT_IDs"];
    private static readonly SummaryField[] Summary = Names.Select(n => new SummaryField(n, n, IsPercent: false)).ToArray();

    public string Name => "Count";
    public IReadOnlyList<string> FieldNames => Names;
    public IReadOnlyList<SummaryField> SummaryFields => Summary;

    public MetricResult Evaluate(SequenceData sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return new MetricResult(this,
        [
            MetricValue.Int(sequence.TrackerDetectionCount), MetricValue.Int(sequence.GtDetectionCount),
            MetricValue.Int(sequence.TrackerIdCount), MetricValue.Int(sequence.GtIdCount),
        ]);
    }

    public MetricResult Combine(IReadOnlyList<MetricResult> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        var v = new MetricValue[Names.Length];
        for (int f = 0; f < v.Length; f++)
        {
            long sum = 0;
            foreach (var seq in sequences) sum += (long)seq.Values[f].Value;
            v[f] = MetricValue.Int(sum);
        }
        return new MetricResult(this, v);
    }
}
