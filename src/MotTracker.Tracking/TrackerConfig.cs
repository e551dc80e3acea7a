using System.Globalization;
using MotTracker.Core;

namespace MotTracker.Tracking;

/// <summary>One <c>key: value</c> of a settings file, the value as written (a scalar's text).</summary>
/// <param name="Line">1-based line in the file; 0 where the format gives none (JSON).</param>
public sealed record TrackerConfigValue(string Key, string Text, int Line);

/// <summary>
/// A tracker settings file (<c>--config</c>) as read, before it is checked against a tracker: the tracker it
/// names (if any) and its other keys in file order. Keys are the command-line flags without dashes;
/// underscores count as dashes, so <c>track_buffer</c> (ultralytics' spelling) is <c>track-buffer</c>.
/// </summary>
public sealed record TrackerConfig
{
    /// <summary>The keys naming the tracker: <c>tracker</c>, and ultralytics' <c>tracker_type</c>.</summary>
    public static IReadOnlyList<string> TrackerKeys { get; } = ["tracker", "tracker-type"];

    /// <summary>
    /// The run keys that are the tracking commands' options besides the tracker's own (frame rate, camera
    /// motion, post-processing, output filter): they decide a run's rows as much as the tracker's options, so a
    /// sidecar records them when given and <c>track</c>, <c>batch</c> and <c>mtmc</c> take them from
    /// <c>--config</c> (the command line still wins). Declared before <see cref="RunKeys"/>, which is built from it.
    /// </summary>
    public static IReadOnlyList<string> RunOptionKeys { get; } = ["fps", "cmc", "postprocess", "max-gap", "gsi-tau", "link-max-gap", "min-box-area", "aspect-ratio-thresh"];

    /// <summary>
    /// Keys that set a run rather than the tracker: its frame and time limits (<c>track</c> writes them to its
    /// settings sidecar when given and <c>track --config</c> replays them, so a replay covers the same frames)
    /// and the <see cref="RunOptionKeys"/>. They are kept apart (<see cref="RunValues"/>) so the tracker's
    /// options are checked as before and <c>config show</c>, which describes the tracker only, can take a
    /// sidecar unchanged.
    /// </summary>
    public static IReadOnlyList<string> RunKeys { get; } = ["max-frames", "duration", .. RunOptionKeys];

    /// <summary>
    /// The detector's keys (<c>--conf</c>, <c>--nms</c>, <c>--imgsz</c>): a settings file carries them so that it is
    /// the whole recipe of a run (a ByteTrack low threshold needs the detector to keep the weak boxes too). They
    /// are kept apart (<see cref="DetectorValues"/>): <c>detect</c> reads only these, and a run on public
    /// detections, where no detector runs, ignores them rather than refusing the file.
    /// </summary>
    public static IReadOnlyList<string> DetectorKeys { get; } = ["conf", "nms", "imgsz"];

    /// <summary>The file it was read from (errors name it).</summary>
    public required string Source { get; init; }

    public TrackerConfigValue? Tracker { get; init; }

    public IReadOnlyList<TrackerConfigValue> Values { get; init; } = [];

    /// <summary>The file's <see cref="RunKeys"/>, as written.</summary>
    public IReadOnlyList<TrackerConfigValue> RunValues { get; init; } = [];

    /// <summary>The file's <see cref="DetectorKeys"/>, as written.</summary>
    public IReadOnlyList<TrackerConfigValue> DetectorValues { get; init; } = [];

    /// <summary>The run key <paramref name="key"/> parsed as a whole number ≥ 1 (null when absent).</summary>
    /// <exception cref="MotFormatException">Not such a number (naming file, line and key).</exception>
    public int? RunCount(string key)
    {
        if (RunValues.FirstOrDefault(v => v.Key == key) is not { } value) return null;
        if (!int.TryParse(value.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
            throw new MotFormatException(Source, value.Line, value.Key, $"'{value.Text}': give a whole number ≥ 1");
        return n;
    }

    /// <summary>The run key <paramref name="key"/> parsed as a number of seconds &gt; 0 (null when absent).</summary>
    /// <exception cref="MotFormatException">Not such a number (naming file, line and key).</exception>
    public double? RunSeconds(string key)
    {
        if (RunValues.FirstOrDefault(v => v.Key == key) is not { } value) return null;
        if (!double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) || !double.IsFinite(s) || s <= 0)
            throw new MotFormatException(Source, value.Line, value.Key, $"'{value.Text}': give a number of seconds > 0");
        return s;
    }

    /// <summary>A key as the options tables name it: underscores read as dashes.</summary>
    public static string NormalizeKey(string key) => key.Trim().Replace('_', '-');

    /// <summary>
    /// The file's option values for <paramref name="entry"/>, each parsed to the option's type and
    /// range-checked on its own. Cross-option rules (low-thresh ≤ track-thresh) are the record's
    /// validation, which runs once the command line's values are merged in.
    /// </summary>
    /// <exception cref="MotFormatException">A key the tracker does not have, a value of the wrong type or out of range (naming file, line and key).</exception>
    public IReadOnlyList<KeyValuePair<string, object>> ValuesFor(TrackerEntry entry)
    {
        var values = new List<KeyValuePair<string, object>>();
        foreach (var value in Values)
        {
            var option = entry.Option(value.Key)
                ?? throw new MotFormatException(Source, value.Line, value.Key,
                    $"not an option of tracker {entry.Name} (its options: {string.Join(", ", entry.Options.Select(o => o.Name))})");
            object parsed;
            try
            {
                parsed = option.ParseText(value.Text);
                option.Apply(entry.DefaultOptions, parsed);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                throw new MotFormatException(Source, value.Line, value.Key, ex is ArgumentException a ? a.Message.Split(" (Parameter")[0] : ex.Message);
            }
            values.Add(new(option.Name, parsed));
        }
        return values;
    }

    /// <summary>
    /// The settings file describing <paramref name="options"/> of <paramref name="entry"/>: the tracker and
    /// every option's effective value (a default included), in table order, ready to write.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, object>> Describe(TrackerEntry entry, object options)
    {
        var pairs = new List<KeyValuePair<string, object>> { new("tracker", entry.Name) };
        foreach (var option in entry.Options) pairs.Add(new(option.Name, option.Read(options)));
        return pairs;
    }

    /// <summary>A value as both file formats write a scalar: invariant culture, shortest round-trip text, <c>inf</c> for infinity.</summary>
    public static string FormatScalar(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d when double.IsPositiveInfinity(d) => "inf",
        float f when float.IsPositiveInfinity(f) => "inf",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
