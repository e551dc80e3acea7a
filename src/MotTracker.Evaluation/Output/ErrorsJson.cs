using System.Text.Json;
using System.Text.Json.Serialization;

namespace MotTracker.Evaluation.Output;

/// <summary>
/// Writes and reads the error listing (<c>eval --errors</c>) as JSON, schema "mottrack-errors/1"
/// (the types in ErrorModel.cs; README "Error listing" documents every field).
/// </summary>
public static class ErrorsJson
{
    /// <summary>The listing of a report evaluated with <c>listErrors</c>.</summary>
    public static ErrorListing From(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sequences = report.SequencesByName()
            .Select(s => s.Errors ?? throw new InvalidOperationException($"sequence {s.Name} was evaluated without listing errors"))
            .ToArray();
        return new ErrorListing
        {
            Benchmark = report.Benchmark.ToString(),
            Totals = Sum(sequences.Select(s => s.Counts)),
            Sequences = sequences,
        };
    }

    public static ErrorCounts Sum(IEnumerable<ErrorCounts> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        int idsw = 0, frag = 0, fp = 0, fn = 0, ignored = 0;
        foreach (var c in counts)
        {
            idsw += c.IdSwitches;
            frag += c.Fragmentations;
            fp += c.FalsePositives;
            fn += c.FalseNegatives;
            ignored += c.Ignored;
        }
        return new ErrorCounts { IdSwitches = idsw, Fragmentations = frag, FalsePositives = fp, FalseNegatives = fn, Ignored = ignored };
    }

    public static void Write(TextWriter writer, ErrorListing listing)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(listing);
        writer.Write(JsonSerializer.Serialize(listing, ErrorsJsonContext.Default.ErrorListing));
        writer.Write('\n');
    }

    /// <summary>Compact JSON (no indentation) of one sequence, for embedding in the HTML report.</summary>
    internal static string Compact(SequenceErrors errors) =>
        JsonSerializer.Serialize(errors, ErrorsJsonContext.Compact.SequenceErrors);

    /// <exception cref="JsonException">The text is not an error listing.</exception>
    public static ErrorListing Read(string json) =>
        JsonSerializer.Deserialize(json, ErrorsJsonContext.Default.ErrorListing) ?? throw new JsonException("empty error listing");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ErrorListing))]
[JsonSerializable(typeof(SequenceErrors))]
internal sealed partial class ErrorsJsonContext : JsonSerializerContext
{
    private static ErrorsJsonContext? _compact;

    /// <summary>The same contract without indentation.</summary>
    public static ErrorsJsonContext Compact => _compact ??= new ErrorsJsonContext(new JsonSerializerOptions(Default.Options) { WriteIndented = false });
}
