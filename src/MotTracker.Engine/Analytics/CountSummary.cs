using System.Text.Json;
using System.Text.Json.Serialization;
using MotTracker.Core.MotChallenge;

namespace MotTracker.Engine.Analytics;

/// <summary>The <c>--summary</c> file: every count line with its totals, per-class counts and crossings, and every zone with its entries, exits, occupancy and stays.</summary>
public sealed record CountSummary
{
    /// <summary>The anchor that had to cross: "bottom" or "center".</summary>
    public required string Anchor { get; init; }

    public required IReadOnlyList<LineSummary> Lines { get; init; }

    /// <summary>The zones (<c>--zone</c>), in the order given; empty without zones.</summary>
    public IReadOnlyList<ZoneSummary> Zones { get; init; } = [];

    /// <summary>The summary as indented JSON (UTF-8 text, camelCase names).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, CountSummaryJsonContext.Default.CountSummary);

    /// <summary>Writes the JSON atomically (temporary file, then rename).</summary>
    public void Write(string path) => AtomicFile.Write(path, w =>
    {
        w.Write(ToJson());
        w.Write('\n');
    });

    /// <summary>Reads a summary written by <see cref="Write"/>.</summary>
    /// <exception cref="MotFormatException">Not valid summary JSON; names the file, line and JSON path.</exception>
    public static CountSummary Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses summary JSON; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="MotFormatException">Not valid summary JSON.</exception>
    public static CountSummary Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize(json, CountSummaryJsonContext.Default.CountSummary)
                ?? throw new MotFormatException(source, 1, null, "the summary is null; expected an object with 'anchor' and 'lines'");
        }
        catch (JsonException ex)
        {
            int line = ex.LineNumber is long n ? (int)n + 1 : 0;
            throw new MotFormatException(source, line, ex.Path, ex.Message);
        }
    }
}

/// <summary>One line's counts. <see cref="In"/> and <see cref="Out"/> are the totals over all classes.</summary>
public sealed record LineSummary
{
    public required string Name { get; init; }
    public required PixelPoint Start { get; init; }
    public required PixelPoint End { get; init; }
    public required int In { get; init; }
    public required int Out { get; init; }

    /// <summary>Counts per class, by class id.</summary>
    public required IReadOnlyList<ClassCount> Classes { get; init; }

    /// <summary>Every counted crossing, in the order counted (frame order).</summary>
    public required IReadOnlyList<LineCrossing> Crossings { get; init; }
}

/// <summary>One zone's counts. Totals are over all classes; <see cref="Occupancy"/> is the number inside at the last frame fed.</summary>
public sealed record ZoneSummary
{
    public required string Name { get; init; }
    public required IReadOnlyList<PixelPoint> Points { get; init; }
    public required int Entries { get; init; }
    public required int Exits { get; init; }
    public required int Occupancy { get; init; }

    /// <summary>Counts per class, by class id.</summary>
    public required IReadOnlyList<ZoneClassCount> Classes { get; init; }

    /// <summary>Every stay: finished ones in the order they ended, then the open ones (no exit frame) by entry.</summary>
    public required IReadOnlyList<ZoneVisit> Visits { get; init; }
}

/// <summary>Entries, exits and occupancy of one class in one zone.</summary>
public sealed record ZoneClassCount
{
    public required int ClassId { get; init; }
    public required int Entries { get; init; }
    public required int Exits { get; init; }
    public required int Occupancy { get; init; }

    /// <summary>The COCO class name (written for readers; ignored when read back).</summary>
    public string Class => CocoClasses.NameOf(ClassId);
}

/// <summary>In and out counts of one class on one line.</summary>
public sealed record ClassCount
{
    public required int ClassId { get; init; }
    public required int In { get; init; }
    public required int Out { get; init; }

    /// <summary>The COCO class name (written for readers; ignored when read back).</summary>
    public string Class => CocoClasses.NameOf(ClassId);
}

/// <summary>
/// Source-generated serialisation of the summary: no reflection, so it works trimmed and AOT-compiled.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(CountSummary))]
internal sealed partial class CountSummaryJsonContext : JsonSerializerContext;
