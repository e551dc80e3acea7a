using System.Diagnostics;
using System.Globalization;
using MotTracker.Core;

namespace MotTracker.Media;

/// <summary>Settings for <see cref="FfmpegVideoSink"/>.</summary>
public sealed record VideoSinkOptions
{
    public static VideoSinkOptions Default { get; } = new();

    /// <summary>ffmpeg executable; null means $MOTTRACK_FFMPEG, then "ffmpeg" on PATH.</summary>
    public string? FfmpegPath { get; init; }

    /// <summary>Encoder name; null picks libx264 when this ffmpeg has it, else mpeg4.</summary>
    public string? Codec { get; init; }

    /// <summary>Replace an existing output file. Off by default: a user's file is never replaced silently.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Quality for libx264 (constant rate factor, lower is better) and mpeg4 (qscale 2..31 derived from it).</summary>
    public int Quality { get; init; } = 23;
}

/// <summary>
/// Encodes BGR24 frames into a video file through an ffmpeg child process fed over stdin.
/// Output goes to a temporary file next to the target and is renamed only by a successful
/// <see cref="Complete"/>; a failed encode or a sink disposed without Complete leaves no file behind.
/// </summary>
public sealed class FfmpegVideoSink : IDisposable
{
    private readonly Process _process;
    private readonly StderrCollector _stderr;
    private readonly Stream _stdin;
    private readonly string _tempPath;
    private readonly bool _overwrite;
    private readonly int _frameBytes;
    private bool _finished;

    public FfmpegVideoSink(string outputPath, int width, int height, double fps, VideoSinkOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (!double.IsFinite(fps) || fps <= 0)
            throw new ArgumentOutOfRangeException(nameof(fps), fps, "frame rate must be a positive number");
        options ??= VideoSinkOptions.Default;

        OutputPath = Path.GetFullPath(outputPath);
        if (!options.Overwrite && File.Exists(OutputPath))
            throw new IOException($"output file already exists: {OutputPath} (choose another name or allow overwriting)");
        string directory = Path.GetDirectoryName(OutputPath)!;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"output folder does not exist: {directory}");

        string ffmpeg = FfmpegTools.ResolveFfmpeg(options.FfmpegPath);
        Codec = options.Codec ?? (FfmpegTools.HasEncoder(ffmpeg, "libx264") ? "libx264" : "mpeg4");
        Width = width;
        Height = height;
        _overwrite = options.Overwrite;
        _frameBytes = checked(width * height * 3);
        // Same folder (so the final rename is atomic), same extension (ffmpeg picks the container from it).
        _tempPath = Path.Combine(directory,
            $".{Path.GetFileNameWithoutExtension(OutputPath)}.{Guid.NewGuid():N}.partial{Path.GetExtension(OutputPath)}");

        var arguments = new List<string>
        {
            "-nostdin", "-hide_banner", "-v", "error",
            "-f", "rawvideo", "-pix_fmt", "bgr24", "-s", $"{width}x{height}",
            "-framerate", fps.ToString("0.######", CultureInfo.InvariantCulture), "-i", "-",
        };
        // yuv420p (what players expect) needs even sides; pad an odd edge by one pixel.
        if (width % 2 != 0 || height % 2 != 0)
            arguments.AddRange(["-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2"]);
        arguments.AddRange(["-c:v", Codec, "-pix_fmt", "yuv420p"]);
        if (Codec == "libx264")
            arguments.AddRange(["-preset", "veryfast", "-crf", options.Quality.ToString(CultureInfo.InvariantCulture)]);
        else if (Codec == "mpeg4")
            arguments.AddRange(["-q:v", Math.Clamp(options.Quality / 5, 2, 31).ToString(CultureInfo.InvariantCulture)]);
        arguments.AddRange(["-y", _tempPath]);

        _process = FfmpegTools.Start("ffmpeg", ffmpeg, arguments, redirectInput: true, redirectOutput: false);
        _stderr = new StderrCollector(_process);
        _stdin = _process.StandardInput.BaseStream;
    }

    public string OutputPath { get; }

    /// <summary>The encoder in use (libx264, mpeg4 or the one asked for).</summary>
    public string Codec { get; }

    public int Width { get; }

    public int Height { get; }

    public int FramesWritten { get; private set; }

    public void Write(BgrImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_finished, this);
        if (image.Width != Width || image.Height != Height)
            throw new ArgumentException($"frame is {image.Width}x{image.Height}; this video is {Width}x{Height}", nameof(image));
        try
        {
            _stdin.Write(image.Pixels, 0, _frameBytes);
        }
        catch (IOException ex)
        {
            // ffmpeg exited (bad codec, disk full...): its stderr says why, the broken pipe does not.
            Abort();
            throw new IOException($"ffmpeg stopped while writing {OutputPath}: {ErrorText()} ({ex.Message})", ex);
        }
        FramesWritten++;
    }

    /// <summary>Finishes encoding and moves the video into place. Throws (and leaves no file) if ffmpeg failed.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        try
        {
            _stdin.Dispose();
        }
        catch (IOException)
        {
            // Broken pipe on close: ffmpeg already died; its exit code below reports why.
        }
        _process.WaitForExit();
        int exitCode = _process.ExitCode;
        _process.Dispose();
        if (exitCode != 0 || !File.Exists(_tempPath))
        {
            DeleteTemp();
            throw new IOException($"ffmpeg failed to encode {OutputPath} (exit code {exitCode}): {ErrorText()}");
        }
        try
        {
            File.Move(_tempPath, OutputPath, _overwrite);
        }
        catch
        {
            DeleteTemp();
            throw;
        }
    }

    /// <summary>Without a prior <see cref="Complete"/> this abandons the video: ffmpeg is stopped and nothing is written.</summary>
    public void Dispose()
    {
        if (_finished)
            return;
        _finished = true;
        Abort();
    }

    private void Abort()
    {
        _finished = true;
        FfmpegTools.KillAndWait(_process);
        _process.Dispose();
        DeleteTemp();
    }

    private string ErrorText()
    {
        string text = _stderr.Text;
        return text.Length > 0 ? text : "no message";
    }

    private void DeleteTemp()
    {
        try
        {
            File.Delete(_tempPath);
        }
        catch (IOException)
        {
            // Best effort; the name starts with '.' and ends in .partial so it is recognisable.
        }
    }
}
