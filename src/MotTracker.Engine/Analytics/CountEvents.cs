using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MotTracker.Engine.Analytics;

/// <summary>
/// One line of the <c>--events</c> file (JSON Lines, one object per line, written as it happens). Every
/// event has <see cref="Type"/>, <see cref="Frame"/>, <see cref="Time"/>, <see cref="Wall"/>,
/// <see cref="Id"/>, <see cref="ClassId"/>, <see cref="Class"/> and <see cref="Box"/>; the others appear
/// only for the types they belong to (absent otherwise).
/// </summary>
public sealed record CountEvent
{
    public const string TrackStarted = "track_started";
    public const string TrackEnded = "track_ended";
    public const string LineCrossed = "line_crossed";
    public const string ZoneEntered = "zone_entered";
    public const string ZoneExited = "zone_exited";

    /// <summary>track_started, track_ended, line_crossed, zone_entered or zone_exited.</summary>
    public required string Type { get; init; }

    /// <summary>The frame (1-based) at which it was found.</summary>
    public required int Frame { get; init; }

    /// <summary>Media time of <see cref="Frame"/> in seconds: (frame − 1) ÷ frame rate.</summary>
    public required double Time { get; init; }

    /// <summary>Wall-clock time (UTC, ISO 8601) at which the event was written.</summary>
    public required string Wall { get; init; }

    public required int Id { get; init; }

    public required int ClassId { get; init; }

    /// <summary>The COCO class name of <see cref="ClassId"/>.</summary>
    public required string Class { get; init; }

    /// <summary>The box [x, y, width, height] in pixels (for track_ended and a removal's zone_exited: the last box seen).</summary>
    public required double[] Box { get; init; }

    /// <summary>track_ended: the last frame the track was seen.</summary>
    public int? LastFrame { get; init; }

    /// <summary>line_crossed: the line's name.</summary>
    public string? Line { get; init; }

    /// <summary>line_crossed: "in" or "out".</summary>
    public string? Direction { get; init; }

    /// <summary>zone_entered, zone_exited: the zone's name.</summary>
    public string? Zone { get; init; }

    /// <summary>zone_exited: frames spent inside.</summary>
    public int? DwellFrames { get; init; }

    /// <summary>zone_exited: seconds spent inside.</summary>
    public double? DwellSeconds { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, CountEventJsonContext.Default.CountEvent);

    /// <summary>Parses one line of an events file.</summary>
    /// <exception cref="JsonException">Not an event object.</exception>
    public static CountEvent Parse(string line) =>
        JsonSerializer.Deserialize(line, CountEventJsonContext.Default.CountEvent) ?? throw new JsonException("the event is null");

    internal static string WallNow(TimeProvider clock) =>
        clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>
/// Writes events as JSON Lines and flushes after every frame, so a consumer tailing the file (or reading
/// stdout) sees each frame's events as soon as the frame is done. The file is written in place, not
/// through a temporary file: events are for reading while the run goes on.
/// </summary>
public sealed class CountEventWriter : IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _owns;
    private bool _disposed;

    public CountEventWriter(TextWriter writer, bool ownsWriter)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _owns = ownsWriter;
    }

    /// <summary>Opens <paramref name="path"/> for writing (replacing it), UTF-8 without a byte-order mark.</summary>
    public static CountEventWriter Create(string path) =>
        new(new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false)), ownsWriter: true);

    public int Written { get; private set; }

    public void Write(CountEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        _writer.Write(e.ToJson());
        _writer.Write('\n');
        Written++;
    }

    public void Flush() => _writer.Flush();

    /// <summary>Flushes (and closes an owned writer); a second call does nothing, since a writer that is not owned may be closed by then (a staged events file, committed with the run's other outputs).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _writer.Flush();
        if (_owns) _writer.Dispose();
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(CountEvent))]
internal sealed partial class CountEventJsonContext : JsonSerializerContext;
