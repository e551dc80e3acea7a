using System.Globalization;

namespace MotTracker.Evaluation;

/// <summary>
/// A CI gate such as <c>MOTA=55</c>: the combined value of a percentage metric must reach the given
/// percentage.
/// </summary>
public sealed record MetricThreshold(string Metric, double MinimumPercent)
{
    /// <summary>Parses "MOTA=55,IDF1=60,HOTA=45". Metric names are the summary labels (case-insensitive).</summary>
    /// <exception cref="FormatException">Malformed list, unknown or non-percentage metric.</exception>
    public static IReadOnlyList<MetricThreshold> ParseList(string text, IReadOnlyList<Metrics.IEvaluationMetric> metrics) =>
        ParseList(text, metrics.SelectMany(m => m.SummaryFields).Where(f => f.IsPercent).Select(f => f.Label).ToArray());

    public static IReadOnlyList<MetricThreshold> ParseList(string text, IReadOnlyCollection<string> percentMetrics)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = new List<MetricThreshold>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1)
                throw new FormatException($"'{part}' is not METRIC=PERCENT (e.g. MOTA=55)");
            string name = part[..eq].Trim();
            string number = part[(eq + 1)..].Trim();
            string? canonical = percentMetrics.FirstOrDefault(m => string.Equals(m, name, StringComparison.OrdinalIgnoreCase));
            if (canonical is null)
                throw new FormatException($"unknown metric '{name}' (use one of: {string.Join(", ", percentMetrics)})");
            if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double percent) || !double.IsFinite(percent))
                throw new FormatException($"'{number}' is not a number (threshold for {canonical}, in percent)");
            list.Add(new MetricThreshold(canonical, percent));
        }
        if (list.Count == 0) throw new FormatException("no thresholds given (e.g. MOTA=55,IDF1=60)");
        return list;
    }

    /// <summary>The thresholds the combined result falls short of, with the actual percentage.</summary>
    public static IReadOnlyList<(MetricThreshold Threshold, double ActualPercent)> Failures(EvaluationReport report, IReadOnlyList<MetricThreshold> thresholds)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(thresholds);
        var fields = report.SummaryFields();
        var failures = new List<(MetricThreshold, double)>();
        foreach (var threshold in thresholds)
        {
            var field = fields.First(f => f.Label == threshold.Metric);
            double percent = 100 * report.Combined[field.Field].Value;
            if (percent < threshold.MinimumPercent) failures.Add((threshold, percent));
        }
        return failures;
    }
}
