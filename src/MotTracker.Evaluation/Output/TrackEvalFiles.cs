using System.Globalization;
using MotTracker.Evaluation.Metrics;
using MotTracker.Core.MotChallenge;

namespace MotTracker.Evaluation.Output;

/// <summary>
/// Writes TrackEval's two result files, <c>pedestrian_summary.txt</c> and <c>pedestrian_detailed.csv</c>,
/// byte for byte in its layout, so scripts that parse TrackEval output read ours unchanged.
/// </summary>
public static class TrackEvalFiles
{
    public const string SummaryFileName = "pedestrian_summary.txt";
    public const string DetailedFileName = "pedestrian_detailed.csv";

    /// <summary>Writes both files into <paramref name="directory"/> (created if needed), each atomically.</summary>
    public static void WriteAll(string directory, EvaluationReport report)
    {
        AtomicFile.Write(Path.Combine(directory, SummaryFileName), w => WriteSummary(w, report));
        AtomicFile.Write(Path.Combine(directory, DetailedFileName), w => WriteDetailed(w, report));
    }

    /// <summary>
    /// Two space-separated lines: the summary field names, then the combined values (percentages with 5
    /// significant digits, counts as whole numbers).
    /// </summary>
    public static void WriteSummary(TextWriter writer, EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        var fields = SummaryOrder(report.SummaryFields());
        writer.Write(string.Join(' ', fields.Select(f => f.Label)));
        writer.Write('\n');
        writer.Write(string.Join(' ', fields.Select(f => FormatSummary(f, report.Combined[f.Field]))));
        writer.Write('\n');
    }

    /// <summary>One csv row per sequence (sorted by name) plus COMBINED, every field of every metric.</summary>
    public static void WriteDetailed(TextWriter writer, EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        writer.Write("seq");
        foreach (var metric in report.Metrics)
        {
            foreach (string name in metric.FieldNames)
            {
                writer.Write(',');
                writer.Write(name);
            }
        }
        writer.Write('\n');
        foreach (var seq in report.SequencesByName()) WriteRow(writer, seq);
        WriteRow(writer, report.Combined);
    }

    /// <summary>
    /// TrackEval puts known summary fields in a fixed order (sMOTA after Frag, not after MLR as in the
    /// CLEAR field list), then any others in metric order.
    /// </summary>
    public static IReadOnlyList<SummaryField> SummaryOrder(IReadOnlyList<SummaryField> fields)
    {
        var ordered = new List<SummaryField>(fields.Count);
        foreach (string label in DefaultSummaryOrder)
        {
            var field = fields.FirstOrDefault(f => f.Label == label);
            if (field is not null) ordered.Add(field);
        }
        ordered.AddRange(fields.Where(f => Array.IndexOf(DefaultSummaryOrder, f.Label) < 0));
        return ordered;
    }

    private static readonly string[] DefaultSummaryOrder =
    [
        "HOTA", "DetA", "AssA", "DetRe", "DetPr", "AssRe", "AssPr", "LocA", "RHOTA", "HOTA(0)", "LocA(0)", "HOTALocA(0)",
        "MOTA", "MOTP", "MODA", "CLR_Re", "CLR_Pr", "MTR", "PTR", "MLR", "CLR_TP", "CLR_FN", "CLR_FP", "IDSW", "MT", "PT",
        "ML", "Frag", "sMOTA", "IDF1", "IDR", "IDP", "IDTP", "IDFN", "IDFP", "Dets", "GT_Dets", "IDs", "GT_IDs",
    ];

    /// <summary>A value as TrackEval's summary prints it.</summary>
    public static string FormatSummary(SummaryField field, MetricValue value) =>
        field.IsPercent
            ? PythonFloat.General5(100 * value.Value)
            : ((long)value.Value).ToString(CultureInfo.InvariantCulture);

    /// <summary>A value as Python's <c>str()</c> prints it: "15955" for an integer, "156.0" for a float.</summary>
    public static string FormatDetailed(MetricValue value) =>
        value.IsInteger ? ((long)value.Value).ToString(CultureInfo.InvariantCulture) : PythonFloat.Repr(value.Value);

    private static void WriteRow(TextWriter writer, SequenceScores seq)
    {
        writer.Write(CsvField(seq.Name));
        foreach (var result in seq.Results)
        {
            foreach (var value in result.Values)
            {
                writer.Write(',');
                writer.Write(FormatDetailed(value));
            }
        }
        writer.Write('\n');
    }

    /// <summary>Quotes a name only when csv requires it (as Python's csv module does).</summary>
    internal static string CsvField(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
