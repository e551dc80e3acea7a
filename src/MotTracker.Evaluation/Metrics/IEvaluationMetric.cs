namespace MotTracker.Evaluation.Metrics;

/// <summary>
/// One family of tracking metrics (HOTA, CLEAR, Identity, Count). A metric scores one preprocessed
/// sequence, and combines per-sequence results into the benchmark total by its own rule.
/// </summary>
/// <remarks>Implementations are stateless, so sequences may be evaluated in parallel.</remarks>
public interface IEvaluationMetric
{
    /// <summary>TrackEval's class name for the family, e.g. "HOTA", "CLEAR", "Identity", "Count".</summary>
    string Name { get; }

    /// <summary>Every field, in the order of TrackEval's <c>pedestrian_detailed.csv</c>.</summary>
    IReadOnlyList<string> FieldNames { get; }

    /// <summary>The fields of TrackEval's summary, in its order.</summary>
    IReadOnlyList<SummaryField> SummaryFields { get; }

    MetricResult Evaluate(SequenceData sequence);

    /// <summary>Combines per-sequence results (TrackEval's <c>combine_sequences</c>).</summary>
    MetricResult Combine(IReadOnlyList<MetricResult> sequences);
}

/// <summary>
/// A field of the summary: <paramref name="Label"/> is its column name, <paramref name="Field"/> the
/// detailed field it shows (HOTA's summary shows the α-average, "HOTA___AUC"). Percent fields print as
/// 100·value with 5 significant digits; the others as whole numbers.
/// </summary>
public sealed record SummaryField(string Label, string Field, bool IsPercent);

/// <summary>
/// A field value plus whether TrackEval holds it as an integer: it writes "156" for an integer and
/// "156.0" for a float of the same value, and keeping that distinction keeps our csv byte-identical.
/// </summary>
public readonly record struct MetricValue(double Value, bool IsInteger)
{
    public static MetricValue Int(long value) => new(value, true);
    public static MetricValue Float(double value) => new(value, false);
}

/// <summary>The fields of one metric family for one sequence (or the combination of all).</summary>
public sealed class MetricResult
{
    private readonly Dictionary<string, int> _index;
    private readonly MetricValue[] _values;

    public MetricResult(IEvaluationMetric metric, MetricValue[] values)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != metric.FieldNames.Count)
            throw new ArgumentException($"{metric.Name} has {metric.FieldNames.Count} fields, got {values.Length} values", nameof(values));
        Metric = metric;
        _values = values;
        _index = IndexOf(metric);
    }

    public IEvaluationMetric Metric { get; }
    public IReadOnlyList<string> FieldNames => Metric.FieldNames;
    public IReadOnlyList<MetricValue> Values => _values;

    public MetricValue this[string field] =>
        _index.TryGetValue(field, out int i) ? _values[i] : throw new KeyNotFoundException($"{Metric.Name} has no field '{field}'");

    public bool TryGet(string field, out MetricValue value)
    {
        if (_index.TryGetValue(field, out int i))
        {
            value = _values[i];
            return true;
        }
        value = default;
        return false;
    }

    // One index per metric instance: results of the same metric share it.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IEvaluationMetric, Dictionary<string, int>> Indexes = new();

    private static Dictionary<string, int> IndexOf(IEvaluationMetric metric) =>
        Indexes.GetValue(metric, static m =>
        {
            var map = new Dictionary<string, int>(m.FieldNames.Count, StringComparer.Ordinal);
            for (int i = 0; i < m.FieldNames.Count; i++) map.Add(m.FieldNames[i], i);
            return map;
        });
}
