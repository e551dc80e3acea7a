using System.Globalization;
using System.Text.Json;
using MotTracker.Core;

namespace MotTracker.Media;

/// <summary>What ffprobe says about the first video stream.</summary>
internal sealed record VideoProbeResult(int Width, int Height, double? Fps, int? FrameCount);

internal static class VideoProbe
{
    public static VideoProbeResult Probe(string ffprobe, string input, TimeSpan timeout)
    {
        string[] arguments =
        [
            "-v", "error", "-select_streams", "v:0",
            "-show_entries", "stream=width,height,avg_frame_rate,r_frame_rate,nb_frames",
            "-of", "json", "-i", input,
        ];
        var (exitCode, output, error) = FfmpegTools.Run("ffprobe", ffprobe, arguments, timeout);
        if (exitCode != 0)
        {
            string reason = error.Trim().Length > 0 ? error.Trim() : $"ffprobe exited with code {exitCode}";
            throw new MotFormatException(input, 0, null, $"not a readable video: {reason}");
        }
        return Parse(output, input);
    }

    /// <summary>Parses ffprobe's JSON; separate from <see cref="Probe"/> so odd outputs can be unit tested.</summary>
    public static VideoProbeResult Parse(string json, string input)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new MotFormatException(input, 0, null, $"ffprobe printed output that is not JSON: {ex.Message}");
        }
        using (document)
        {
            if (!document.RootElement.TryGetProperty("streams", out JsonElement streams)
                || streams.ValueKind != JsonValueKind.Array || streams.GetArrayLength() == 0)
                throw new MotFormatException(input, 0, null, "has no video stream");
            JsonElement stream = streams[0];
            int width = ReadInt(stream, "width") ?? 0;
            int height = ReadInt(stream, "height") ?? 0;
            if (width <= 0 || height <= 0)
                throw new MotFormatException(input, 0, null, $"video stream has no usable frame size ({width}x{height})");
            double? fps = ParseRate(ReadString(stream, "avg_frame_rate")) ?? ParseRate(ReadString(stream, "r_frame_rate"));
            int? frames = ReadInt(stream, "nb_frames");
            return new VideoProbeResult(width, height, fps, frames is > 0 ? frames : null);
        }
    }

    /// <summary>"30000/1001" -> 29.97; "0/0", "N/A" or garbage -> null (ffprobe's way of saying unknown).</summary>
    public static double? ParseRate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        int slash = text.IndexOf('/');
        double value;
        if (slash < 0)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                return null;
        }
        else
        {
            if (!double.TryParse(text.AsSpan(0, slash), NumberStyles.Float, CultureInfo.InvariantCulture, out double numerator)
                || !double.TryParse(text.AsSpan(slash + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double denominator)
                || denominator == 0)
                return null;
            value = numerator / denominator;
        }
        return double.IsFinite(value) && value > 0 ? value : null;
    }

    // ffprobe prints width/height as numbers but nb_frames as a string; accept either for every field.
    private static int? ReadInt(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out JsonElement value))
            return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number))
            return number;
        if (value.ValueKind == JsonValueKind.String
            && int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
            return number;
        return null;
    }

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
