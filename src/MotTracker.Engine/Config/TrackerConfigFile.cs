using System.Text;
using System.Text.Json;
using MotTracker.Core.MotChallenge;
using MotTracker.Tracking;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MotTracker.Engine.Config;

/// <summary>The two formats of a tracker settings file.</summary>
public enum TrackerConfigFormat
{
    Json,
    Yaml,
}

/// <summary>
/// Reads and writes tracker settings files (<c>--config</c>, <c>config show</c>, the <c>&lt;name&gt;.json</c>
/// sidecar of <c>track</c>, <c>tune</c>'s <c>best.json</c>): one flat mapping of scalars,
/// <c>tracker: bytetrack</c> and one <c>key: value</c> per option. JSON goes through
/// <see cref="JsonDocument"/> and YAML through YamlDotNet's event parser: neither binds objects, so
/// nothing needs reflection under Native AOT.
/// </summary>
public static class TrackerConfigFile
{
    /// <summary>The format a file name's extension says (.json, .yaml, .yml).</summary>
    /// <exception cref="MotFormatException">Another extension.</exception>
    public static TrackerConfigFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => TrackerConfigFormat.Json,
        ".yaml" or ".yml" => TrackerConfigFormat.Yaml,
        _ => throw new MotFormatException(path, 0, null, "a settings file is .json, .yaml or .yml"),
    };

    /// <summary>Reads a settings file (format from its extension).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="MotFormatException">Not a flat mapping of scalars, a key twice, malformed text.</exception>
    public static TrackerConfig Read(string path)
    {
        var format = FormatOf(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"settings file '{path}' not found", path);
        string text = File.ReadAllText(path);
        var pairs = format == TrackerConfigFormat.Json ? ReadJson(path, text) : ReadYaml(path, text);
        TrackerConfigValue? tracker = null;
        var values = new List<TrackerConfigValue>();
        var runValues = new List<TrackerConfigValue>();
        var detectorValues = new List<TrackerConfigValue>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            string key = TrackerConfig.NormalizeKey(pair.Key);
            bool isTracker = TrackerConfig.TrackerKeys.Contains(key);
            if (!seen.Add(isTracker ? "tracker" : key)) throw new MotFormatException(path, pair.Line, pair.Key, "given twice");
            var value = pair with { Key = key };
            if (isTracker) tracker = value;
            else if (TrackerConfig.RunKeys.Contains(key)) runValues.Add(value);
            else if (TrackerConfig.DetectorKeys.Contains(key)) detectorValues.Add(value);
            else values.Add(value);
        }
        return new TrackerConfig { Source = path, Tracker = tracker, Values = values, RunValues = runValues, DetectorValues = detectorValues };
    }

    private static List<TrackerConfigValue> ReadJson(string path, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new MotFormatException(path, (int)(ex.LineNumber ?? -1) + 1, null, $"not valid JSON ({ex.Message.Split(" LineNumber")[0]})");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new MotFormatException(path, 0, null, "expected one JSON object of \"key\": value pairs");
            var pairs = new List<TrackerConfigValue>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                string value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Number => property.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => throw new MotFormatException(path, 0, property.Name, "expected a number, a string or true/false"),
                };
                pairs.Add(new TrackerConfigValue(property.Name, value, 0));
            }
            return pairs;
        }
    }

    private static List<TrackerConfigValue> ReadYaml(string path, string text)
    {
        var pairs = new List<TrackerConfigValue>();
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _)) return pairs;
            parser.Consume<DocumentStart>();
            if (parser.Accept<Scalar>(out var empty) && empty.Value.Length == 0)
                return pairs;
            if (!parser.TryConsume<MappingStart>(out _))
                throw new MotFormatException(path, (int)parser.Current!.Start.Line, null, "expected a mapping of 'key: value' lines");
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>();
                if (!parser.TryConsume<Scalar>(out var value))
                    throw new MotFormatException(path, (int)key.Start.Line, key.Value, "expected a single value (a number, a name or true/false)");
                if (value.Value.Length == 0 && value.Style == ScalarStyle.Plain)
                    throw new MotFormatException(path, (int)key.Start.Line, key.Value, "has no value");
                pairs.Add(new TrackerConfigValue(key.Value, value.Value, (int)key.Start.Line));
            }
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
                throw new MotFormatException(path, (int)parser.Current!.Start.Line, null, "holds more than one YAML document");
            return pairs;
        }
        catch (YamlException ex)
        {
            throw new MotFormatException(path, (int)ex.Start.Line, null, $"not valid YAML ({ex.Message})");
        }
    }

    /// <summary>The settings file text of <paramref name="pairs"/> (see <see cref="TrackerConfig.Describe"/>).</summary>
    public static string Format(IReadOnlyList<KeyValuePair<string, object>> pairs, TrackerConfigFormat format)
    {
        var text = new StringBuilder();
        if (format == TrackerConfigFormat.Yaml)
        {
            foreach (var (key, value) in pairs)
                text.Append(key).Append(": ").Append(value is double d && double.IsPositiveInfinity(d) ? ".inf" : TrackerConfig.FormatScalar(value)).Append('\n');
            return text.ToString();
        }
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in pairs)
            {
                switch (value)
                {
                    case bool b: writer.WriteBoolean(key, b); break;
                    case string s: writer.WriteString(key, s); break;
                    case double d when !double.IsFinite(d): writer.WriteString(key, TrackerConfig.FormatScalar(d)); break;
                    case float f when !float.IsFinite(f): writer.WriteString(key, TrackerConfig.FormatScalar(f)); break;
                    default:
                        // The shortest round-trip text, as the YAML form writes it, so both formats agree digit for digit.
                        writer.WritePropertyName(key);
                        writer.WriteRawValue(TrackerConfig.FormatScalar(value), skipInputValidation: true);
                        break;
                }
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>One value as a settings file writes it (run.json's option table records it so).</summary>
    public static string FormatScalarText(object value) => TrackerConfig.FormatScalar(value);

    /// <summary>Writes <paramref name="pairs"/> to <paramref name="path"/> atomically, format from the extension.</summary>
    public static void Write(string path, IReadOnlyList<KeyValuePair<string, object>> pairs) =>
        AtomicFile.Write(path, writer => writer.Write(Format(pairs, FormatOf(path))));
}
