using System.Globalization;
using MotTracker.Evaluation;

namespace MotTracker.Engine.Tuning;

/// <summary>
/// What <c>mottrack tune</c> maximises: one metric (<c>HOTA</c>, <c>IDF1</c> or <c>MOTA</c>) or a weighted
/// sum written <c>HOTA:0.5,IDF1:0.5</c>, in percent, of the combined scores over the split.
/// </summary>
public sealed class TuneObjective
{
    /// <summary>The metric names the objective accepts and the combined-score field each reads.</summary>
    public static IReadOnlyList<(string Name, string Field)> Metrics { get; } = [("HOTA", "HOTA___AUC"), ("IDF1", "IDF1"), ("MOTA", "MOTA")];

    private TuneObjective(IReadOnlyList<(string Name, double Weight)> terms) => Terms = terms;

    public IReadOnlyList<(string Name, double Weight)> Terms { get; }

    /// <summary>Parses <c>HOTA</c>, <c>idf1</c>, <c>HOTA:0.5,IDF1:0.5</c> (weights are finite numbers; a metric at most once).</summary>
    /// <exception cref="FormatException">The text names another metric or a weight is not a number (the message says which).</exception>
    public static TuneObjective Parse(string text)
    {
        var terms = new List<(string, double)>();
        foreach (string raw in text.Split(','))
        {
            string part = raw.Trim();
            string name = part, weightText = "1";
            int colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0) (name, weightText) = (part[..colon].Trim(), part[(colon + 1)..].Trim());
            var metric = Metrics.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
            if (metric.Name is null)
                throw new FormatException($"unknown metric '{name}' in '{text}' (use HOTA, IDF1 or MOTA, or a weighted sum such as HOTA:0.5,IDF1:0.5)");
            if (!double.TryParse(weightText, NumberStyles.Float, CultureInfo.InvariantCulture, out double weight) || !double.IsFinite(weight) || weight == 0)
                throw new FormatException($"weight '{weightText}' of {metric.Name} is not a non-zero number");
            if (terms.Any(t => t.Item1 == metric.Name)) throw new FormatException($"{metric.Name} is given twice in '{text}'");
            terms.Add((metric.Name, weight));
        }
        return new TuneObjective(terms);
    }

    /// <summary>The objective of combined scores <paramref name="scores"/>: the weighted sum of the metrics in percent.</summary>
    public double Of(SequenceScores scores)
    {
        double sum = 0;
        foreach (var (name, weight) in Terms) sum += weight * Percent(scores, name);
        return sum;
    }

    /// <summary>A metric (by objective name) of <paramref name="scores"/> in percent.</summary>
    public static double Percent(SequenceScores scores, string name) => scores[Metrics.First(m => m.Name == name).Field].Value * 100;

    /// <summary>The canonical text: <c>HOTA</c> for one metric of weight 1, else <c>HOTA:0.5,IDF1:0.5</c>.</summary>
    public override string ToString() =>
        Terms.Count == 1 && Terms[0].Weight == 1 ? Terms[0].Name
        : string.Join(",", Terms.Select(t => t.Name + ":" + t.Weight.ToString("R", CultureInfo.InvariantCulture)));
}
