using System.Text;
using System.Text.Json;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Tracking;

namespace MotTracker.Engine.Tuning;

/// <summary>
/// The trial log of a search, <c>trials.jsonl</c>: a first line describing the search (tracker, seed,
/// sampler, objective, batch size, TRAIN sequences, search ranges) and one line per finished trial, in
/// the order they finished. A rerun with the same search reads it and runs only the trials it lacks; a
/// different search is refused (exit 2) rather than mixed in. Each trial is one write of a whole line; a
/// line cut short by a kill is dropped on reading and cut off before appending.
/// </summary>
internal static class TuneLog
{
    /// <summary>The first line, without its newline: what must match for a log to be continued.</summary>
    public static string Header(TuneRequest request, TrackerEntry entry, SearchSpace space, TuningSplit train)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("search", "mottrack tune");
            w.WriteString("tracker", entry.Name);
            w.WriteNumber("seed", request.Seed);
            w.WriteString("sampler", request.Sampler.ToString().ToLowerInvariant());
            w.WriteString("metric", request.Objective.ToString());
            w.WriteNumber("batch", TuneSearch.BatchSize);
            w.WriteNumber("random-startup", request.Sampler == TuneSampler.Tpe ? TuneSearch.RandomStartup : 0);
            w.WriteString("benchmark", request.Benchmark.ToString());
            w.WriteStartArray("train");
            foreach (string name in train.Names) w.WriteStringValue(name);
            w.WriteEndArray();
            w.WriteStartArray("space");
            foreach (var option in space.Options)
            {
                var range = option.Search!;
                w.WriteStartObject();
                w.WriteString("name", option.Name);
                w.WriteNumber("low", range.Low);
                w.WriteNumber("high", range.High);
                w.WriteBoolean("log", range.Log);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// The trials of the log at <paramref name="path"/> (none when it does not exist, which creates it with
    /// <paramref name="header"/>); a log whose first line differs from <paramref name="header"/> is refused,
    /// naming the first field that differs.
    /// </summary>
    public static List<TuneTrial> Open(string path, string header, SearchSpace space)
    {
        if (!File.Exists(path))
        {
            AtomicFile.Write(path, w => w.Write(header + "\n"));
            return [];
        }
        var trials = new List<TuneTrial>();
        var seen = new HashSet<int>();
        string text = File.ReadAllText(path);
        // A last line without its newline was cut short by a kill: not a trial.
        var lines = text.Split('\n');
        int complete = lines.Length - 1;
        if (complete < 1) throw new MotFormatException(path, 1, null, "not a trial log (no header line); use a new -o folder");
        CheckHeader(path, lines[0], header);
        for (int i = 1; i < complete; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var trial = ReadTrial(path, i + 1, lines[i], space);
            if (seen.Add(trial.Index)) trials.Add(trial);
        }
        return trials;
    }

    private static void CheckHeader(string path, string line, string header)
    {
        if (line == header) return;
        try
        {
            using var found = JsonDocument.Parse(line);
            using var wanted = JsonDocument.Parse(header);
            foreach (var property in wanted.RootElement.EnumerateObject())
            {
                string? theirs = found.RootElement.TryGetProperty(property.Name, out var value) ? value.GetRawText() : null;
                if (theirs != property.Value.GetRawText())
                    throw new MotFormatException(path, 1, property.Name,
                        $"this log is of another search ({property.Name} {theirs ?? "missing"}, asked for {property.Value.GetRawText()}); rerun with its settings to continue it, or use a new -o folder");
            }
        }
        catch (JsonException ex)
        {
            throw new MotFormatException(path, 1, null, $"not a trial log header ({ex.Message})");
        }
        throw new MotFormatException(path, 1, null, "this log is of another search; use a new -o folder");
    }

    private static TuneTrial ReadTrial(string path, int lineNumber, string line, SearchSpace space)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            int index = root.GetProperty("trial").GetInt32();
            int batch = root.GetProperty("batch").GetInt32();
            var unit = root.GetProperty("unit").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            if (unit.Length != space.Options.Count)
                throw new MotFormatException(path, lineNumber, "unit", $"{unit.Length} coordinates for {space.Options.Count} searched options");
            string? error = root.TryGetProperty("error", out var e) ? e.GetString() : null;
            double? objective = error is null ? root.GetProperty("objective").GetDouble() : null;
            double Get(string name) => error is null ? root.GetProperty(name).GetDouble() : 0;
            return new TuneTrial(index, batch, unit, space.Values(unit), objective, Get("HOTA"), Get("MOTA"), Get("IDF1"), (long)Get("IDSW"), error);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new MotFormatException(path, lineNumber, null, $"not a trial line ({ex.Message})");
        }
    }

    /// <summary>The log opened for appending, after cutting off a line a kill left unfinished.</summary>
    public static Appender Append(string path) => new(path);

    /// <summary>One trial as its log line (with the newline).</summary>
    public static byte[] Line(TuneTrial trial)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("trial", trial.Index);
            w.WriteNumber("batch", trial.Batch);
            w.WriteStartArray("unit");
            foreach (double u in trial.Unit) w.WriteNumberValue(u);
            w.WriteEndArray();
            w.WriteStartObject("params");
            foreach (var (name, value) in trial.Values)
            {
                w.WritePropertyName(name);
                w.WriteRawValue(TrackerConfig.FormatScalar(value), skipInputValidation: true);
            }
            w.WriteEndObject();
            if (trial.Error is { } error)
            {
                w.WriteString("error", error);
            }
            else
            {
                w.WriteNumber("objective", trial.Objective!.Value);
                w.WriteNumber("HOTA", trial.Hota);
                w.WriteNumber("MOTA", trial.Mota);
                w.WriteNumber("IDF1", trial.Idf1);
                w.WriteNumber("IDSW", trial.IdSwitches);
            }
            w.WriteEndObject();
        }
        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    public sealed class Appender : IDisposable
    {
        private readonly FileStream _stream;
        private readonly Lock _lock = new();

        public Appender(string path)
        {
            _stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            // Cut a trailing partial line (a kill in the middle of a write) so the next line starts clean.
            long end = _stream.Length;
            long keep = end;
            if (end > 0)
            {
                var buffer = new byte[1];
                for (keep = end; keep > 0; keep--)
                {
                    _stream.Position = keep - 1;
                    _stream.ReadExactly(buffer);
                    if (buffer[0] == (byte)'\n') break;
                }
            }
            if (keep != end) _stream.SetLength(keep);
            _stream.Position = keep;
        }

        /// <summary>Appends the trial's line in one write and hands it to the system at once, so a finished trial survives a kill of the process.</summary>
        public void Write(TuneTrial trial)
        {
            var line = Line(trial);
            lock (_lock)
            {
                _stream.Write(line);
                _stream.Flush();
            }
        }

        public void Dispose() => _stream.Dispose();
    }
}
