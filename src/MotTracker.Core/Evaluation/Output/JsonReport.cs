using System.Text.Json;

namespace MotTracker.Core.Evaluation.Output;

/// <summary>
/// The report as JSON: every field of every sequence and of the combination, as fractions (0..1), like
/// TrackEval's csv; counts are JSON integers.
/// </summary>
public static class JsonReport
{
    public static void Write(TextWriter writer, EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("benchmark", report.Benchmark.ToString());
            json.WriteStartArray("sequences");
            foreach (var seq in report.SequencesByName()) WriteScores(json, seq);
            json.WriteEndArray();
            json.WritePropertyName("combined");
            WriteScores(json, report.Combined);
            json.WriteEndObject();
        }
        writer.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        writer.Write('\n');
    }

    private static void WriteScores(Utf8JsonWriter json, SequenceScores seq)
    {
        json.WriteStartObject();
        json.WriteString("name", seq.Name);
        foreach (var result in seq.Results)
        {
            for (int f = 0; f < result.FieldNames.Count; f++)
            {
                var value = result.Values[f];
                json.WritePropertyName(result.FieldNames[f]);
                if (value.IsInteger) json.WriteNumberValue((long)value.Value);
                else if (double.IsFinite(value.Value)) json.WriteNumberValue(value.Value);
                else json.WriteNullValue();
            }
        }
        json.WriteEndObject();
    }
}
