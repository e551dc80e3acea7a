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

    /// <summary>
    /// The multi-camera identity scores <c>eval --mtmc</c> adds, by the labels of its table; a threshold on
    /// them gates the joint score over every camera, not the per-camera COMBINED row.
    /// </summary>
    public static IReadOnlyList<string> MultiCameraMetrics { get; } = ["MTMC_IDF1", "MTMC_IDP", "MTMC_IDR"];

    public static bool IsMultiCamera(MetricThreshold threshold)
    {
        ArgumentNullException.ThrowIfNull(threshold);
        return MultiCameraMetrics.Contains(threshold.Metric, StringComparer.Ordinal);
    }

    /// <summary>The multi-camera thresholds (<see cref="MultiCameraMetrics"/>) the scores fall short of, with the actual percentage; others are skipped.</summary>
    public static IReadOnlyList<(MetricThreshold Threshold, double ActualPercent)> Failures(Mtmc.MultiCameraScores scores, IReadOnlyList<MetricThreshold> thresholds)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(thresholds);
        var failures = new List<(MetricThreshold, double)>();
        foreach (var threshold in thresholds.Where(IsMultiCamera))
        {
            double percent = 100 * threshold.Metric switch
            {
                "MTMC_IDF1" => scores.Idf1,
                "MTMC_IDP" => scores.Idp,
                _ => scores.Idr,
            };
            if (percent < threshold.MinimumPercent) failures.Add((threshold, percent));
        }
        return failures;
    }

    /// <summary>The thresholds the combined result falls short of, with the actual percentage (multi-camera ones are skipped).</summary>
    public static IReadOnlyList<(MetricThreshold Threshold, double ActualPercent)> Failures(EvaluationReport report, IReadOnlyList<MetricThreshold> thresholds)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(thresholds);
        var fields = report.SummaryFields();
        var failures = new List<(MetricThreshold, double)>();
        foreach (var threshold in thresholds.Where(t => !IsMultiCamera(t)))
        {
            var field = fields.First(f => f.Label == threshold.Metric);
            double percent = 100 * report.Combined[field.Field].Value;
            if (percent < threshold.MinimumPercent) failures.Add((threshold, percent));
        }
        return failures;
    }
}
