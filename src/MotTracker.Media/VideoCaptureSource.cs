using System.Globalization;
using MotTracker.Core;
using OpenCvSharp;

namespace MotTracker.Media;

/// <summary>
/// Frames of a video file or stream URL, decoded by OpenCV's VideoCapture with its built-in FFmpeg
/// backend straight into the (pooled) <see cref="BgrImage"/> buffers. Each <see cref="ReadFrames"/>
/// call opens its own capture and decodes from the start; the capture is released when the loop ends,
/// breaks or is cancelled.
/// </summary>
public sealed class VideoCaptureSource : IFrameSource
{
    // Live protocols have no length: whatever the capture reports as frame count means nothing there.
    private static readonly string[] LiveSchemes = ["rtsp", "rtsps", "rtmp", "rtmps", "udp", "rtp", "srt", "tcp"];

    /// <summary>Whether a URL's scheme is a live protocol (a stream with no end, reopened when it drops).</summary>
    public static bool IsLiveScheme(string input) =>
        input.Contains("://", StringComparison.Ordinal) && Array.Exists(LiveSchemes, s => input.StartsWith(s + "://", StringComparison.OrdinalIgnoreCase));

    // OpenCV's CAP_PROP_OPEN_TIMEOUT_MSEC and CAP_PROP_READ_TIMEOUT_MSEC (videoio.hpp); OpenCvSharp's enum lacks them.
    private const int OpenTimeoutProperty = 53;
    private const int ReadTimeoutProperty = 54;

    private readonly string _input;
    private readonly FrameSourceOptions _options;
    private volatile bool _disposed;

    // The capture opened to read the properties, kept for the first read: a stream URL is then not
    // connected to twice, and a live stream's first frames are not lost between probe and read.
    private VideoCapture? _probed;

    public VideoCaptureSource(string input, FrameSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        _options = options ?? FrameSourceOptions.Default;
        bool isUrl = input.Contains("://", StringComparison.Ordinal);
        if (!isUrl)
        {
            if (!File.Exists(input))
                throw new FileNotFoundException($"video file not found: {input}", input);
            if (new FileInfo(input).Length == 0)
                throw new MotFormatException(input, 0, null, "is empty (0 bytes), not a video");
        }
        _input = input;

        OpenCvRuntime.EnsureInitialized();
        VideoCapture capture = Open();
        try
        {
            Info = Describe(capture, input, isUrl);
        }
        catch
        {
            capture.Dispose();
            throw;
        }
        _probed = capture;
    }

    public FrameSourceInfo Info { get; }

    private FrameSourceInfo Describe(VideoCapture capture, string input, bool isUrl)
    {
        int width = capture.FrameWidth;
        int height = capture.FrameHeight;
        if (width <= 0 || height <= 0)
            throw new MotFormatException(input, 0, null, $"has no video stream with a usable frame size ({width}x{height})");

        double fps = capture.Fps;
        if (!double.IsFinite(fps) || fps <= 0 || fps > 1000)
        {
            fps = _options.FallbackFps;
            _options.Warning?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"{input}: the video reports no usable frame rate; assuming {fps:0.###} fps"));
        }
        return new FrameSourceInfo(width, height, fps, isUrl && _options.Live ? null : AnnouncedFrames(capture, input, isUrl),
            isUrl ? input : Path.GetFileNameWithoutExtension(input));
    }

    public IEnumerable<VideoFrame> ReadFrames(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        return ReadIterator(cancellationToken);
    }

    private IEnumerable<VideoFrame> ReadIterator(CancellationToken cancellationToken)
    {
        int decoded = 0;
        // The capture belongs to this loop alone: Dispose() from another thread only raises a flag,
        // so native memory is never freed under a Read in progress.
        using (VideoCapture capture = Interlocked.Exchange(ref _probed, null) ?? Open())
        {
            while (!_disposed)
            {
                cancellationToken.ThrowIfCancellationRequested();
                BgrImage image = _options.Pool?.Rent(Info.Width, Info.Height) ?? new BgrImage(Info.Width, Info.Height);
                if (!DecodeInto(capture, image, decoded + 1))
                {
                    _options.Pool?.Return(image);
                    break;
                }
                decoded++;
                yield return new VideoFrame(decoded, image);
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (_disposed)
            yield break;
        if (decoded == 0)
            throw new MotFormatException(_input, 0, null, "not a single video frame could be decoded");
        // A frame count derived from duration x rate can be one off on a sound file; only a real shortfall is reported.
        if (Info.FrameCount is int announced && decoded < announced - 1)
            _options.Warning?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"{_input}: fewer frames than announced: decoding ended after {decoded} of {announced} frames (truncated or damaged file?); tracked the {decoded} decoded"));
    }

    /// <summary>Decodes the next frame straight into the image's pixels; false at the end of the stream.</summary>
    private bool DecodeInto(VideoCapture capture, BgrImage image, int frameNumber)
    {
        using var target = new BgrImageMat(image);
        if (!capture.Read(target.Mat) || target.Mat.Empty())
            return false;
        if (!target.StillWrapsImage)
        {
            // The decoder produced another size or layout (a resolution change mid-stream); the tracker's
            // coordinates assume one frame size throughout.
            throw new MotFormatException(_input, 0, null, string.Create(CultureInfo.InvariantCulture,
                $"frame {frameNumber} is {target.Mat.Cols}x{target.Mat.Rows} ({target.Mat.Channels()} channels) but the video announced {Info.Width}x{Info.Height} BGR"));
        }
        return true;
    }

    private VideoCapture Open()
    {
        int timeoutMs = (int)Math.Clamp(_options.OpenTimeout.TotalMilliseconds, 1, int.MaxValue);
        // FFmpeg only: other backends would accept a text file as an image-sequence pattern or a camera.
        var capture = new VideoCapture(_input, VideoCaptureAPIs.FFMPEG,
        [
            OpenTimeoutProperty, timeoutMs,
            ReadTimeoutProperty, timeoutMs,
        ]);
        if (capture.IsOpened())
            return capture;
        capture.Dispose();
        throw new MotFormatException(_input, 0, null,
            "not a readable video: OpenCV's FFmpeg backend could not open a video stream in it (not a video, audio only, damaged, or an unsupported codec)");
    }

    private static int? AnnouncedFrames(VideoCapture capture, string input, bool isUrl)
    {
        if (isUrl && IsLiveScheme(input))
            return null;
        double count = capture.Get(VideoCaptureProperties.FrameCount);
        return double.IsFinite(count) && count >= 1 && count < int.MaxValue ? (int)count : null;
    }

    /// <summary>Stops a loop in progress after its current frame; the loop releases its capture itself.</summary>
    public void Dispose()
    {
        _disposed = true;
        Interlocked.Exchange(ref _probed, null)?.Dispose();
    }
}
