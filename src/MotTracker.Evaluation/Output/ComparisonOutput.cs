using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MotTracker.Evaluation.Output;

/// <summary>
/// <c>eval --compare A B --format json</c>: names, tolerance, per sequence and combined the summary
/// metrics (A, B, delta = B − A) and the fixed and introduced switches (README "Comparing two runs").
/// </summary>
public static class ComparisonJson
{
    public static void Write(TextWriter writer, RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(comparison);
        writer.Write(JsonSerializer.Serialize(comparison, ComparisonJsonContext.Default.RunComparison));
        writer.Write('\n');
    }
}

/// <summary>The comparison as a text table: headline deltas and switch counts per sequence.</summary>
public static class ComparisonTable
{
    private static readonly string[] Headline = ["HOTA", "MOTA", "IDF1", "AssA", "DetA"];

    public static void Write(TextWriter writer, RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(comparison);
        writer.WriteLine($"{comparison.NameB} against {comparison.NameA} (delta = B - A; switches matched by gt id within {comparison.ToleranceFrames.ToString(CultureInfo.InvariantCulture)} frames)");
        var fields = Headline.Where(h => comparison.Combined.Metrics.Any(m => m.Metric == h)).ToArray();
        var header = new List<string> { "Sequence" };
        header.AddRange(fields.Select(f => "d" + f));
        header.AddRange(["IDSW A", "IDSW B", "fixed", "new"]);
        var rows = new List<string[]> { header.ToArray() };
        foreach (var seq in comparison.Sequences.Append(comparison.Combined))
        {
            var row = new List<string> { seq.Name };
            row.AddRange(fields.Select(f => seq.Metrics.First(m => m.Metric == f).Delta.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture)));
            var idsw = seq.Metrics.FirstOrDefault(m => m.Metric == "IDSW");
            row.Add(idsw is null ? "-" : idsw.A.ToString("0", CultureInfo.InvariantCulture));
            row.Add(idsw is null ? "-" : idsw.B.ToString("0", CultureInfo.InvariantCulture));
            row.Add(seq.FixedCount.ToString(CultureInfo.InvariantCulture));
            row.Add(seq.IntroducedCount.ToString(CultureInfo.InvariantCulture));
            rows.Add(row.ToArray());
        }
        int[] widths = Enumerable.Range(0, header.Count).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
            writer.WriteLine(string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RunComparison))]
internal sealed partial class ComparisonJsonContext : JsonSerializerContext;
