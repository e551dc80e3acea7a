using System.Text.Json;
using System.Text.Json.Serialization;
using MotTracker.Core;

namespace MotTracker.Inference.Models;

/// <summary>What a model is for.</summary>
public enum ModelTask
{
    Detector,
    Reid,
}

/// <summary>The pre/post-processing family a model file belongs to.</summary>
public enum ModelFormat
{
    Yolox,
    Ultralytics,
    Osnet,
}

/// <summary>One model the tool knows: where it sits inside a models folder, its checksum and where to get it.</summary>
/// <param name="File">Path relative to a models folder, '/'-separated (e.g. detector/yolox_nano.onnx).</param>
public sealed record ModelEntry(
    string Name,
    ModelTask Task,
    ModelFormat Format,
    string File,
    int InputWidth,
    int InputHeight,
    long Size,
    string Sha256,
    string Url,
    string License,
    string Description)
{
    /// <summary>The file name alone, for folders that keep models flat.</summary>
    public string FileName => System.IO.Path.GetFileName(File);

    /// <summary>The manifest this entry was read from, for messages.</summary>
    public string ManifestSource { get; init; } = "models.json";

    /// <summary>Where this model sits inside <paramref name="modelsDirectory"/>; never outside it.</summary>
    /// <exception cref="MotFormatException">The manifest's <see cref="File"/> would leave the folder.</exception>
    public string PathIn(string modelsDirectory) => PlainName.ResolveUnder(modelsDirectory, File, ManifestSource, 0, "file");
}

/// <summary>
/// The list of supported models (models/models.json). The copy compiled into the assembly is what an
/// installed tool uses; a different manifest can be loaded from a file.
/// </summary>
public sealed partial class ModelManifest
{
    internal const string ResourceName = "MotTracker.Inference.Models.models.json";

    private static readonly Lazy<ModelManifest> s_embedded = new(LoadEmbedded);

    private ModelManifest(IReadOnlyList<ModelEntry> models, string source)
    {
        Models = models;
        Source = source;
    }

    public IReadOnlyList<ModelEntry> Models { get; }

    /// <summary>Where the manifest came from (a file path, or the embedded resource).</summary>
    public string Source { get; }

    /// <summary>The manifest built into this assembly.</summary>
    public static ModelManifest Embedded => s_embedded.Value;

    public static ModelManifest Load(string path)
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            throw new MotFormatException(path, 0, null, "model manifest not found");
        }

        return Parse(text, path);
    }

    /// <summary>Parses and checks a manifest; errors name <paramref name="source"/> and the offending field.</summary>
    public static ModelManifest Parse(string json, string source)
    {
        ManifestDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(json, ManifestJson.Default.ManifestDocument);
        }
        catch (JsonException ex)
        {
            int line = ex.LineNumber is long l ? (int)l + 1 : 0;
            throw new MotFormatException(source, line, ex.Path, $"not a valid model manifest: {ex.Message}");
        }

        if (doc?.Models is null)
            throw new MotFormatException(source, 0, "models", "the manifest has no 'models' list");

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var entries = new List<ModelEntry>(doc.Models.Count);
        for (int i = 0; i < doc.Models.Count; i++)
        {
            var m = doc.Models[i];
            string at = $"models[{i}]";
            if (m is null)
                throw new MotFormatException(source, 0, at, "empty entry");
            string name = Required(m.Name, source, at + ".name");
            // A name is also tried as <name>.onnx in each models folder: a plain file name, and no spaces (it is typed on command lines).
            PlainName.Check(name, source, LineOfKey(json, "name", i), at + ".name");
            if (name.Any(char.IsWhiteSpace))
                throw new MotFormatException(source, LineOfKey(json, "name", i), at + ".name", $"'{name}' must not contain spaces");
            if (!names.Add(name))
                throw new MotFormatException(source, 0, at + ".name", $"'{name}' is listed twice");
            // The file is opened (and downloaded to) inside a models folder: sub-folders, but never a way out of it.
            string file = PlainName.CheckRelativePath(Required(m.File, source, at + ".file"), source, LineOfKey(json, "file", i), at + ".file");
            string sha = Required(m.Sha256, source, at + ".sha256").ToLowerInvariant();
            if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit))
                throw new MotFormatException(source, 0, at + ".sha256", $"'{m.Sha256}' is not 64 hex digits");
            string url = Required(m.Url, source, at + ".url");
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                throw new MotFormatException(source, 0, at + ".url", $"'{url}' is not an http(s) URL");
            if (m.Size is not > 0)
                throw new MotFormatException(source, 0, at + ".size", "must be the file's size in bytes");
            if (m.Task is null)
                throw new MotFormatException(source, 0, at + ".task", "missing (detector or reid)");
            if (m.Format is null)
                throw new MotFormatException(source, 0, at + ".format", "missing (yolox, ultralytics or osnet)");
            bool formatFits = m.Task == ModelTask.Reid ? m.Format == ModelFormat.Osnet : m.Format != ModelFormat.Osnet;
            if (!formatFits)
                throw new MotFormatException(source, 0, at + ".format", $"format {m.Format} does not fit task {m.Task}");
            if (m.InputWidth is not > 0 || m.InputHeight is not > 0)
                throw new MotFormatException(source, 0, at + ".inputWidth", "inputWidth and inputHeight must be positive");

            entries.Add(new ModelEntry(name, m.Task.Value, m.Format.Value, file, m.InputWidth.Value, m.InputHeight.Value,
                m.Size.Value, sha, url, m.License ?? "", m.Description ?? "") { ManifestSource = source });
        }

        return new ModelManifest(entries, source);
    }

    /// <summary>The entry called <paramref name="name"/> (case-insensitive; a trailing .onnx is ignored), or null.</summary>
    public ModelEntry? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = name.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) ? name[..^5] : name;
        return Models.FirstOrDefault(m => string.Equals(m.Name, key, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The entry whose file has this name (used to recognise a model given by path), or null.</summary>
    public ModelEntry? FindByFileName(string fileName) =>
        Models.FirstOrDefault(m => string.Equals(m.FileName, fileName, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Best-effort 1-based line of the <paramref name="occurrence"/>-th (0-based) <c>"key":</c> in the text, for
    /// messages (System.Text.Json reports lines only for syntax errors); 0 when not found. Every earlier
    /// entry passed its checks, so it has the key and the count lines up with the entry index.
    /// </summary>
    private static int LineOfKey(string json, string key, int occurrence)
    {
        var matches = System.Text.RegularExpressions.Regex.Matches(json, $"\"{key}\"\\s*:", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (occurrence >= matches.Count) return 0;
        int index = matches[occurrence].Index, line = 1;
        for (int c = 0; c < index; c++)
            if (json[c] == '\n') line++;
        return line;
    }

    private static string Required(string? value, string source, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new MotFormatException(source, 0, field, "missing") : value.Trim();

    private static ModelManifest LoadEmbedded()
    {
        using var stream = typeof(ModelManifest).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"resource {ResourceName} is missing from {typeof(ModelManifest).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "models.json (built in)");
    }

    /// <summary>
    /// Serialisation code generated at compile time: the tool is published as Native AOT, where
    /// reflection-based JSON cannot run. Enum values are camelCase strings; numbers are refused so a
    /// manifest cannot silently mean a different task or format when the enums change.
    /// </summary>
    [JsonSourceGenerationOptions(
        PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = [typeof(TaskConverter), typeof(FormatConverter)])]
    [JsonSerializable(typeof(ManifestDocument))]
    private sealed partial class ManifestJson : JsonSerializerContext;

    private sealed class TaskConverter() : JsonStringEnumConverter<ModelTask>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);

    private sealed class FormatConverter() : JsonStringEnumConverter<ModelFormat>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);

    private sealed class ManifestDocument
    {
        public int Schema { get; set; }
        public List<ManifestModel?>? Models { get; set; }
    }

    private sealed class ManifestModel
    {
        public string? Name { get; set; }
        public ModelTask? Task { get; set; }
        public ModelFormat? Format { get; set; }
        public string? File { get; set; }
        public int? InputWidth { get; set; }
        public int? InputHeight { get; set; }
        public long? Size { get; set; }
        public string? Sha256 { get; set; }
        public string? Url { get; set; }
        public string? License { get; set; }
        public string? Description { get; set; }
    }
}
