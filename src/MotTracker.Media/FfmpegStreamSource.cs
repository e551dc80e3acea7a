using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MotTracker.Core;
using OpenCvSharp;

namespace MotTracker.Media;

/// <summary>
/// Frames of a network stream (http, https, rtsp, rtmp, udp, tcp, srt, ... URLs) read through the
/// <c>ffmpeg</c> program: OpenCV's built-in FFmpeg is built without network support, so it cannot open
/// any of them. ffmpeg decodes the first video stream and writes it to a pipe as YUV4MPEG2 (a one-line
/// header with the size and frame rate, then raw 4:2:0 frames), which is converted into the (pooled)
/// <see cref="BgrImage"/> buffers. Each <see cref="ReadFrames"/> call runs its own ffmpeg (the first
/// reuses the one started to read the header, so a stream is not connected to twice); the process is
/// stopped when the loop ends, breaks or is cancelled.
/// <para>
/// ffmpeg is asked to probe the stream for 0.5 s of media instead of its default 5 s: on a real-time
/// stream the probe is waited out in real time, so the default held back the first frame of every open
/// (and of every reopen after an outage) by about 5 s. A stream whose short probe yields no usable
/// header (ffmpeg exits without one, or with no usable frame size) is opened again at once with the
/// default probe; <see cref="NeededLongProbe"/> then says so, and <see cref="FrameSourceOptions.LongStreamProbe"/>
/// lets a caller that reopens the stream go straight to the default probe.
/// </para>
/// </summary>
public sealed class FfmpegStreamSource : IFrameSource
{
    /// <summary>The program run: the environment variable MOTTRACK_FFMPEG, else <c>ffmpeg</c> on the PATH.</summary>
    public static string Program => Environment.GetEnvironmentVariable("MOTTRACK_FFMPEG") is { Length: > 0 } path ? path : "ffmpeg";

    /// <summary>
    /// ffmpeg's <c>-analyzeduration</c> for the first try, in microseconds of media: long enough for the
    /// size and frame rate of a stream that starts at a keyframe (measured on MPEG-2 and H.264 streams at
    /// 1 to 10 fps), short enough not to hold back the first frame.
    /// </summary>
    internal const string ShortProbeMicroseconds = "500000";

    private readonly string _url;
    private readonly FrameSourceOptions _options;
    private readonly string _program;
    private volatile bool _disposed;
    private Reader? _probed;

    public FfmpegStreamSource(string url, FrameSourceOptions? options = null)
        : this(url, options, Program)
    {
    }

    /// <param name="program">The ffmpeg to run (tests put a stand-in there).</param>
    internal FfmpegStreamSource(string url, FrameSourceOptions? options, string program)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        _url = url;
        _options = options ?? FrameSourceOptions.Default;
        _program = program;
        NeededLongProbe = _options.LongStreamProbe;
        OpenCvRuntime.EnsureInitialized();
        var reader = Open();
        Info = new FrameSourceInfo(reader.Width, reader.Height, reader.Fps, null, url);
        _probed = reader;
    }

    public FrameSourceInfo Info { get; }

    /// <summary>
    /// The stream was opened with ffmpeg's default (5 s) probe: the short one yielded no usable header, or
    /// <see cref="FrameSourceOptions.LongStreamProbe"/> asked for it. Later reads of this source use it too.
    /// </summary>
    public bool NeededLongProbe { get; private set; }

    /// <summary>Starts ffmpeg and reads the header: the short probe first, the default one when that yields no usable header.</summary>
    private Reader Open()
    {
        if (!NeededLongProbe)
        {
            var reader = new Reader(_url, _options.OpenTimeout, _program, shortProbe: true);
            try
            {
                reader.ReadHeader();
                return reader;
            }
            // A stall is not retried: the default probe would only wait longer for data that is not coming.
            catch (MotFormatException) when (reader.ProbeFailed && !reader.Stalled)
            {
                reader.Dispose();
                NeededLongProbe = true;
            }
            catch
            {
                reader.Dispose();
                throw;
            }
        }
        var full = new Reader(_url, _options.OpenTimeout, _program, shortProbe: false);
        try
        {
            full.ReadHeader();
            return full;
        }
        catch
        {
            full.Dispose();
            throw;
        }
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
        string? failure;
        using (var reader = Interlocked.Exchange(ref _probed, null) ?? Open())
        {
            if (reader.Width != Info.Width || reader.Height != Info.Height)
                throw new MotFormatException(_url, 0, null, string.Create(CultureInfo.InvariantCulture,
                    $"the stream is now {reader.Width}x{reader.Height}, not the {Info.Width}x{Info.Height} it announced"));
            // Cancellation stops ffmpeg, which ends the read in progress.
            using var stop = cancellationToken.Register(reader.Stop);
            while (!_disposed)
            {
                cancellationToken.ThrowIfCancellationRequested();
                BgrImage image = _options.Pool?.Rent(Info.Width, Info.Height) ?? new BgrImage(Info.Width, Info.Height);
                if (!reader.ReadInto(image))
                {
                    _options.Pool?.Return(image);
                    break;
                }
                decoded++;
                yield return new VideoFrame(decoded, image);
            }
            failure = _disposed ? null : reader.Failure();
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (_disposed)
            yield break;
        if (decoded == 0)
            throw new MotFormatException(_url, 0, null, $"not a single video frame could be read{(failure is null ? "" : $" (ffmpeg: {failure})")}");
        if (failure is not null)
            _options.Warning?.Invoke($"{_url}: the stream ended with an error after {decoded} frames (ffmpeg: {failure})");
    }

    /// <summary>Stops a loop in progress (its ffmpeg is stopped); the loop releases what it holds itself.</summary>
    public void Dispose()
    {
        _disposed = true;
        Interlocked.Exchange(ref _probed, null)?.Dispose();
    }

    /// <summary>One ffmpeg process and its YUV4MPEG2 output.</summary>
    private sealed class Reader : IDisposable
    {
        private readonly Process _process;
        private readonly Stream _output;
        private readonly Timer _watchdog;
        private readonly TimeSpan _stallTimeout;
        private readonly string _url;
        private readonly StringBuilder _line = new();
        private byte[] _yuv = [];
        private string? _lastError;
        private volatile bool _stalled;

        /// <summary>Starts ffmpeg; <see cref="ReadHeader"/> then reads the size and rate it found.</summary>
        public Reader(string url, TimeSpan stallTimeout, string program, bool shortProbe)
        {
            _url = url;
            _stallTimeout = stallTimeout;
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = false,
                UseShellExecute = false,
                CreateNoWindow = true,
            };
            string[] probe = shortProbe ? ["-analyzeduration", ShortProbeMicroseconds] : [];
            foreach (string argument in (string[])["-nostdin", "-hide_banner", "-loglevel", "error", .. probe, "-i", url,
                // Passthrough: the frames decoded, none duplicated or dropped to make a constant rate.
                "-map", "0:v:0", "-an", "-sn", "-dn", "-vsync", "passthrough", "-f", "yuv4mpegpipe", "-pix_fmt", "yuv420p", "pipe:1"])
                start.ArgumentList.Add(argument);
            try
            {
                _process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
            }
            catch (Win32Exception ex)
            {
                throw new MotFormatException(url, 0, null,
                    $"network streams are read through the ffmpeg program (OpenCV's built-in FFmpeg has no network support), and '{program}' could not be started ({ex.Message}): install ffmpeg or set MOTTRACK_FFMPEG");
            }
            _process.ErrorDataReceived += (_, e) =>
            {
                if (!string.IsNullOrWhiteSpace(e.Data)) _lastError = e.Data.Trim();
            };
            _process.BeginErrorReadLine();
            _output = _process.StandardOutput.BaseStream;
            // A stalled stream must not hang the caller: no bytes for the stall timeout stops ffmpeg,
            // which ends the read as an end of stream.
            _watchdog = new Timer(_ => { _stalled = true; Stop(); });
        }

        public int Width { get; private set; }
        public int Height { get; private set; }
        public double Fps { get; private set; }

        /// <summary>The header was missing or had no usable size: what a longer probe may cure.</summary>
        public bool ProbeFailed { get; private set; }

        /// <summary>The stall timeout stopped ffmpeg.</summary>
        public bool Stalled => _stalled;

        /// <summary>Reads the YUV4MPEG2 header (the caller disposes the reader when this throws).</summary>
        public void ReadHeader()
        {
            string? header = ReadLine();
            if (header is null || !header.StartsWith("YUV4MPEG2 ", StringComparison.Ordinal))
            {
                ProbeFailed = true;
                throw new MotFormatException(_url, 0, null, $"could not be opened as a video stream{Reason()}");
            }
            int width = 0, height = 0;
            double fps = 0;
            foreach (string token in header.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))
            {
                switch (token[0])
                {
                    case 'W': int.TryParse(token.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out width); break;
                    case 'H': int.TryParse(token.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out height); break;
                    case 'F':
                        string[] parts = token[1..].Split(':');
                        if (parts.Length == 2 && double.TryParse(parts[0], CultureInfo.InvariantCulture, out double n)
                            && double.TryParse(parts[1], CultureInfo.InvariantCulture, out double d) && d > 0)
                            fps = n / d;
                        break;
                    case 'C':
                        if (!token.StartsWith("C420", StringComparison.Ordinal))
                            throw new MotFormatException(_url, 0, null, $"ffmpeg wrote {token[1..]} frames, not the 4:2:0 asked for");
                        break;
                }
            }
            // 4:2:0 frames of an odd size have rounded-up chroma planes, which OpenCV's conversion does not take.
            if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0)
            {
                ProbeFailed = true;
                throw new MotFormatException(_url, 0, null, $"has no video stream of a usable (even) frame size ({width}x{height})");
            }
            if (!double.IsFinite(fps) || fps <= 0 || fps > 1000) fps = 30;
            (Width, Height, Fps) = (width, height, fps);
            _yuv = new byte[width * height * 3 / 2];
        }

        /// <summary>Reads the next frame into the image; false at the end of the stream (or a stall).</summary>
        public bool ReadInto(BgrImage image)
        {
            string? frame = ReadLine();
            if (frame is null || !frame.StartsWith("FRAME", StringComparison.Ordinal)) return false;
            if (!ReadExactly(_yuv)) return false;
            using var yuv = Mat.FromPixelData(Height * 3 / 2, Width, MatType.CV_8UC1, _yuv);
            using var target = new BgrImageMat(image);
            Cv2.CvtColor(yuv, target.Mat, ColorConversionCodes.YUV2BGR_I420);
            return true;
        }

        /// <summary>Why the stream ended, when it did not end normally (ffmpeg's last error line, or a stall).</summary>
        public string? Failure()
        {
            if (_stalled)
                return string.Create(CultureInfo.InvariantCulture, $"no data for {_stallTimeout.TotalSeconds:0.#} s");
            try
            {
                if (!_process.WaitForExit(2000)) return null;
                _process.WaitForExit(); // the error lines are all in once the process has exited
                return _process.ExitCode == 0 ? null : _lastError ?? $"exit code {_process.ExitCode}";
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        private string Reason() => Failure() is { } failure ? $" (ffmpeg: {failure})" : "";

        private string? ReadLine()
        {
            _line.Clear();
            Arm();
            try
            {
                while (true)
                {
                    int b = _output.ReadByte();
                    if (b < 0) return null;
                    if (b == '\n') return _line.ToString();
                    if (_line.Length > 4096) return null; // not YUV4MPEG2
                    _line.Append((char)b);
                }
            }
            finally
            {
                Disarm();
            }
        }

        private bool ReadExactly(byte[] buffer)
        {
            Arm();
            try
            {
                int read = 0;
                while (read < buffer.Length)
                {
                    int n = _output.Read(buffer, read, buffer.Length - read);
                    if (n <= 0) return false;
                    read += n;
                }
                return true;
            }
            finally
            {
                Disarm();
            }
        }

        private void Arm() => _watchdog.Change(_stallTimeout, Timeout.InfiniteTimeSpan);

        private void Disarm() => _watchdog.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        /// <summary>Stops ffmpeg (a read in progress then ends); safe from any thread, any number of times.</summary>
        public void Stop()
        {
            try
            {
                if (!_process.HasExited) _process.Kill();
            }
            catch (InvalidOperationException) { }
            catch (Win32Exception) { }
        }

        public void Dispose()
        {
            _watchdog.Dispose();
            Stop();
            try { _process.WaitForExit(2000); }
            catch (InvalidOperationException) { }
            _process.Dispose();
        }
    }
}
