using System.Diagnostics;
using MotTracker.Core;

namespace MotTracker.Inference.Tests.Imaging;

/// <summary>Decodes a still image to BGR with the ffmpeg/ffprobe programs (Media's job in the product; tests only).</summary>
internal static class FfmpegFrames
{
    public static BgrImage Load(string path)
    {
        string size = Run("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path], out _).Trim();
        var parts = size.Split(',');
        int width = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
        int height = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);

        Run("ffmpeg", ["-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", "bgr24", "-"], out var pixels);
        if (pixels.Length != width * height * 3)
            throw new InvalidOperationException($"ffmpeg gave {pixels.Length} bytes for {path}; {width}x{height} BGR needs {width * height * 3}");
        return new BgrImage(width, height, pixels);
    }

    private static string Run(string program, string[] arguments, out byte[] stdout)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var errorTask = process.StandardError.ReadToEndAsync();
        using var buffer = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(buffer);
        process.WaitForExit();
        string error = errorTask.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} failed on {arguments[^1]} (exit {process.ExitCode}): {error}");
        stdout = buffer.ToArray();
        return System.Text.Encoding.ASCII.GetString(stdout);
    }
}
