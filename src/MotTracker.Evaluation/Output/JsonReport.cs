using System.Text.Json;
using MotTracker.Evaluation.Metrics;

namespace MotTracker.Evaluation.Output;

/// <summary>
/// The report as JSON: every field of every sequence and of the combination, as fractions (0..1), like
/// TrackEval's csv; counts are JSON integers. Each sequence and the combination also carry a
/// <c>summary</c> object with TrackEval's summary names (HOTA, DetA, AssA, MOTA, MOTP, IDF1, IDSW, …) on
/// the summary's scale: percentages (0..100) for scores, whole numbers for counts, as in
/// <c>pedestrian_summary.txt</c> and the table, so scripts can read <c>combined.summary.HOTA</c> directly.
/// </summary>
public static class JsonReport
{
    /// <param name="mtmc">Multi-camera identity scores (eval --mtmc), written as a top-level <c>mtmc</c> object.</param>
    public static void Write(TextWriter writer, EvaluationReport report, Mtmc.MultiCameraScores? mtmc = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var summary = TrackEvalFiles.SummaryOrder(report.SummaryFields());
            json.WriteStartObject();
            json.WriteString("benchmark", report.Benchmark.ToString());
            json.WriteStartArray("sequences");
            foreach (var seq in report.SequencesByName()) WriteScores(json, seq, summary);
            json.WriteEndArray();
            json.WritePropertyName("combined");
            WriteScores(json, report.Combined, summary);
            if (mtmc is not null) Mtmc.MultiCameraOutput.WriteJson(json, mtmc);
            json.WriteEndObject();
        }
        writer.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        writer.Write('\n');
    }

    private static void WriteScores(Utf8JsonWriter json, SequenceScores seq, IReadOnlyList<SummaryField> summary)
    {
        json.WriteStartObject();
        json.WriteString("name", seq.Name);
        foreach (var result in seq.Results)
        {
            for (int f = 0; f < result.FieldNames.Count; f++)
            {
                json.WritePropertyName(result.FieldNames[f]);
                WriteValue(json, result.Values[f], 1);
            }
        }
        json.WriteStartObject("summary");
        foreach (var field in summary)
        {
            json.WritePropertyName(field.Label);
            WriteValue(json, seq[field.Field], field.IsPercent ? 100 : 1);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, MetricValue value, double scale)
    {
        if (value.IsInteger && scale == 1) json.WriteNumberValue((long)value.Value);
        else if (double.IsFinite(value.Value)) json.WriteNumberValue(value.Value * scale);
        else json.WriteNullValue();
    }
}
