using MotTracker.Core;
using OpenCvSharp;

namespace MotTracker.Media;

/// <summary>Settings for <see cref="VideoFileSink"/>.</summary>
public sealed record VideoSinkOptions
{
    public static VideoSinkOptions Default { get; } = new();

    /// <summary>Replace an existing output file. Off by default: a user's file is never replaced silently.</summary>
    public bool Overwrite { get; init; }
}

/// <summary>
/// Encodes BGR frames into a video file with OpenCV's VideoWriter (FFmpeg backend): <c>.mp4</c> as
/// MPEG-4 Part 2 (mp4v; the OpenCV package has no H.264 encoder), <c>.avi</c> as Motion JPEG.
/// Output goes to a temporary file next to the target and is renamed only by a successful
/// <see cref="Complete"/>; a failed encode or a sink disposed without Complete leaves no file behind.
/// </summary>
public sealed class VideoFileSink : IDisposable
{
    private readonly VideoWriter _writer;
    private readonly Mat? _padded;
    private readonly string _tempPath;
    private readonly bool _overwrite;
    private bool _finished;
    private bool _staged;

    public VideoFileSink(string outputPath, int width, int height, double fps, VideoSinkOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outputPath);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (!double.IsFinite(fps) || fps <= 0)
            throw new ArgumentOutOfRangeException(nameof(fps), fps, "frame rate must be a positive number");
        options ??= VideoSinkOptions.Default;

        OutputPath = Path.GetFullPath(outputPath);
        Codec = CodecFor(OutputPath);
        if (!options.Overwrite && File.Exists(OutputPath))
            throw new IOException($"output file already exists: {OutputPath} (choose another name or allow overwriting)");
        string directory = Path.GetDirectoryName(OutputPath)!;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"output folder does not exist: {directory}");

        Width = width;
        Height = height;
        _overwrite = options.Overwrite;
        // Same folder (so the final rename is atomic), same extension (the container is chosen from it).
        _tempPath = Path.Combine(directory,
            $".{Path.GetFileNameWithoutExtension(OutputPath)}.{Guid.NewGuid():N}.partial{Path.GetExtension(OutputPath)}");

        OpenCvRuntime.EnsureInitialized();
        // Both codecs store 4:2:0 chroma, which needs even sides; OpenCV would silently drop an odd
        // last column or row, so such frames are padded by one black pixel instead (nothing is lost).
        var encoded = new Size(width + width % 2, height + height % 2);
        if (encoded.Width != width || encoded.Height != height)
            _padded = new Mat(encoded.Height, encoded.Width, MatType.CV_8UC3, Scalar.Black);
        _writer = new VideoWriter(_tempPath, VideoCaptureAPIs.FFMPEG, FourCC.FromString(Codec), fps, encoded, isColor: true);
        if (!_writer.IsOpened())
        {
            _writer.Dispose();
            _padded?.Dispose();
            DeleteTemp();
            throw new IOException($"OpenCV could not start writing {OutputPath} ({Codec} at {width}x{height})");
        }
    }

    public string OutputPath { get; }

    /// <summary>The FourCC in use: mp4v for .mp4, MJPG for .avi.</summary>
    public string Codec { get; }

    /// <summary>Size of the frames <see cref="Write"/> takes; the file's is rounded up to even sides.</summary>
    public int Width { get; }

    public int Height { get; }

    public int FramesWritten { get; private set; }

    public void Write(BgrImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_finished, this);
        if (image.Width != Width || image.Height != Height)
            throw new ArgumentException($"frame is {image.Width}x{image.Height}; this video is {Width}x{Height}", nameof(image));
        using (var frame = new BgrImageMat(image))
        {
            if (_padded is null)
            {
                _writer.Write(frame.Mat);
            }
            else
            {
                using (Mat inner = _padded[new Rect(0, 0, Width, Height)])
                    frame.Mat.CopyTo(inner);
                _writer.Write(_padded);
            }
        }
        FramesWritten++;
    }

    /// <summary>Finishes encoding and moves the video into place. Throws (and leaves no file) if nothing usable was written.</summary>
    public void Complete()
    {
        Finish();
        Commit();
    }

    /// <summary>
    /// Finishes encoding into the temporary file without moving it into place, so a run with several
    /// outputs can check that each is good before any appears. Throws (and leaves no file) if nothing
    /// usable was written. <see cref="Commit"/> then moves it; disposing instead deletes it.
    /// </summary>
    public void Finish()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        Close();
        if (FramesWritten == 0 || !File.Exists(_tempPath) || new FileInfo(_tempPath).Length == 0)
        {
            DeleteTemp();
            throw new IOException($"OpenCV wrote no video to {OutputPath} ({FramesWritten} frames given)");
        }
        _staged = true;
    }

    /// <summary>Moves a <see cref="Finish"/>ed video into place.</summary>
    public void Commit()
    {
        if (!_staged) throw new InvalidOperationException("Finish the video before committing it");
        _staged = false;
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

    /// <summary>Without a prior <see cref="Complete"/> (or <see cref="Commit"/>) this abandons the video: nothing is left on disk.</summary>
    public void Dispose()
    {
        if (_finished)
        {
            // Finished but never committed: the staged file is not wanted.
            if (_staged)
            {
                _staged = false;
                DeleteTemp();
            }
            return;
        }
        _finished = true;
        Close();
        DeleteTemp();
    }

    private void Close()
    {
        _writer.Release();
        _writer.Dispose();
        _padded?.Dispose();
    }

    private static string CodecFor(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".mp4" => "mp4v",
        ".avi" => "MJPG",
        var other => throw new ArgumentException(
            $"cannot write a video as '{(other.Length > 0 ? other : "(no extension)")}' ({path}): use .mp4 (MPEG-4) or .avi (Motion JPEG)", nameof(path)),
    };

    private void DeleteTemp()
    {
        try
        {
            File.Delete(_tempPath);
        }
        catch (IOException)
        {
            // Best effort; the name starts with '.' and holds .partial so it is recognisable.
        }
    }
}
