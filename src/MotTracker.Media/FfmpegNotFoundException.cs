namespace MotTracker.Media;

/// <summary>The ffmpeg or ffprobe executable could not be started. The message says how to install it.</summary>
public sealed class FfmpegNotFoundException : Exception
{
    public FfmpegNotFoundException(string tool, string path, Exception? inner)
        : base($"could not start {tool} ('{path}'): {inner?.Message ?? "not found"}. "
               + $"mottrack needs ffmpeg: install it (Debian/Ubuntu: apt-get install ffmpeg) "
               + $"or set {FfmpegTools.EnvironmentVariableFor(tool)} to the {tool} executable.", inner)
    {
        Tool = tool;
        ExecutablePath = path;
    }

    /// <summary>"ffmpeg" or "ffprobe".</summary>
    public string Tool { get; }

    public string ExecutablePath { get; }
}
