using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Engine.Batch;
using MotTracker.Engine.Cache;

namespace MotTracker.Engine;

/// <summary>
/// The JSON manifests the Engine keeps beside its outputs (a batch's run.json, a cache's cache.json), in
/// one style (<see cref="ManifestJson"/>) and written and read one way: a manifest appears whole or not at
/// all, and a file that is not valid JSON of its kind becomes the caller's <see cref="MotFormatException"/>.
/// </summary>
internal static class ManifestFile
{
    /// <summary>Writes atomically (temp file, then rename), so a kill never leaves half a manifest.</summary>
    public static void Write<T>(string path, T value, JsonTypeInfo<T> type) =>
        AtomicFile.Write(path, writer => writer.Write(JsonSerializer.Serialize(value, type)));

    /// <summary>The manifest in <paramref name="path"/>, or null when the file holds JSON null.</summary>
    /// <param name="invalid">The error to raise for JSON that does not parse as <typeparamref name="T"/>; each kind words it for its users.</param>
    public static T? Read<T>(string path, JsonTypeInfo<T> type, Func<JsonException, MotFormatException> invalid) where T : class
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, type);
        }
        catch (JsonException ex)
        {
            throw invalid(ex);
        }
    }
}

/// <summary>The manifests' one JSON style: indented, camelCase names, nulls left out.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunManifest))]
[JsonSerializable(typeof(CacheManifest))]
internal sealed partial class ManifestJson : JsonSerializerContext;
