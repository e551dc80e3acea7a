using System.Diagnostics;
using MotTracker.Core;

namespace MotTracker.Media;

/// <summary>
/// Runs one ffmpeg process that writes packed bgr24 frames to stdout and turns them into
/// <see cref="VideoFrame"/>s. Shared by every source, so the process handling (kill on dispose or
/// cancel, stderr kept for messages, clean end on a short stream) lives in one place.
/// </summary>
/// <remarks>
/// Every frame gets a fresh <see cref="BgrImage"/>. Frames travel through bounded channels to the
/// detector, tracker and writer stages and may be held by any of them, so a reused buffer could be
/// overwritten while a later stage still reads it. The allocation (one pixel array per frame) is the
/// price of that safety; the decoder itself allocates nothing else per frame.
/// </remarks>
internal sealed class RawVideoDecoder : IDisposable
{
    private readonly string _ffmpeg;
    private readonly string _inputName;
    private readonly Action<string>? _warning;
    private readonly FramePool? _pool;
    private readonly object _gate = new();
    private Process? _process;
    private bool _disposed;

    public RawVideoDecoder(string ffmpeg, string inputName, Action<string>? warning, FramePool? pool = null)
    {
        _ffmpeg = ffmpeg;
        _inputName = inputName;
        _warning = warning;
        _pool = pool;
    }

    /// <summary>After stdout closes, how long ffmpeg may take to exit on its own before it is killed.</summary>
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(10);

    /// <summary>Id of the last ffmpeg process started; tests use it to check that nothing is left behind.</summary>
    internal int? LastProcessId { get; private set; }

    /// <param name="inputArguments">ffmpeg arguments up to and including the <c>-i INPUT</c> part.</param>
    /// <param name="frameNumberAt">Maps the 0-based decode index to the frame number reported.</param>
    /// <param name="maxFrames">Number of images in a list input (more decoded frames is an error); null for a video.</param>
    /// <param name="expectedFrames">Frame count announced by the container; fewer decoded frames give a warning.</param>
    public IEnumerable<VideoFrame> Read(IReadOnlyList<string> inputArguments, int width, int height,
        Func<int, int> frameNumberAt, int? maxFrames, int? expectedFrames, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();

        var arguments = new List<string> { "-nostdin", "-hide_banner", "-v", "error" };
        arguments.AddRange(inputArguments);
        arguments.AddRange(["-an", "-sn", "-dn", "-f", "rawvideo", "-pix_fmt", "bgr24", "-"]);
        return ReadIterator(arguments, width, height, frameNumberAt, maxFrames, expectedFrames, cancellationToken);
    }

    private IEnumerable<VideoFrame> ReadIterator(List<string> arguments, int width, int height,
        Func<int, int> frameNumberAt, int? maxFrames, int? expectedFrames, CancellationToken cancellationToken)
    {
        Process process = FfmpegTools.Start("ffmpeg", _ffmpeg, arguments, redirectInput: false, redirectOutput: true);
        lock (_gate)
        {
            if (_disposed || _process is not null)
            {
                FfmpegTools.KillAndWait(process);
                process.Dispose();
                if (_disposed)
                    throw new ObjectDisposedException(nameof(RawVideoDecoder));
                throw new InvalidOperationException("this frame source is already being read; read it from one loop at a time");
            }
            _process = process;
            LastProcessId = process.Id;
        }

        var stderr = new StderrCollector(process);
        int frameBytes = checked(width * height * 3);
        int decoded = 0;
        int partialBytes = 0;
        bool reachedEnd = false;
        int exitCode;
        try
        {
            // A cancelled token kills ffmpeg, which closes stdout and unblocks the read below.
            using (cancellationToken.Register(() => FfmpegTools.KillAndWait(process)))
            {
                Stream stdout = process.StandardOutput.BaseStream;
                while (true)
                {
                    var image = _pool?.Rent(width, height) ?? new BgrImage(width, height);
                    int read = ReadFrame(stdout, image.Pixels, frameBytes);
                    if (read < frameBytes)
                    {
                        partialBytes = read;
                        reachedEnd = true;
                        break;
                    }
                    if (decoded == maxFrames)
                        throw new MotFormatException(_inputName, 0, null,
                            $"ffmpeg decoded more frames than the {maxFrames} images listed (an animated image?)");
                    decoded++;
                    yield return new VideoFrame(frameNumberAt(decoded - 1), image);
                }
            }
        }
        finally
        {
            // Runs also when the consumer stops early (break, enumerator disposed, exception): ffmpeg
            // must never be left writing into a pipe nobody reads.
            if (!reachedEnd || !process.WaitForExit(ExitGrace))
                FfmpegTools.KillAndWait(process);
            process.WaitForExit(); // also flushes the stderr reader
            exitCode = process.ExitCode;
            lock (_gate)
            {
                // Under the lock so a concurrent Dispose() never kills an already disposed Process.
                _process = null;
                process.Dispose();
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (IsDisposed)
            yield break;
        Finish(exitCode, stderr.Text, decoded, partialBytes, frameBytes, expectedFrames);
    }

    private bool IsDisposed
    {
        get { lock (_gate) return _disposed; }
    }

    private static int ReadFrame(Stream stdout, byte[] buffer, int frameBytes)
    {
        try
        {
            return stdout.ReadAtLeast(buffer.AsSpan(0, frameBytes), frameBytes, throwOnEndOfStream: false);
        }
        catch (IOException)
        {
            // The pipe broke because the process was killed (dispose/cancel); the caller sorts out why.
            return 0;
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }

    private void Finish(int exitCode, string stderr, int decoded, int partialBytes, int frameBytes,
        int? expectedFrames)
    {
        if (exitCode != 0)
        {
            string reason = stderr.Length > 0 ? stderr : $"ffmpeg exited with code {exitCode}";
            if (decoded == 0)
                throw new MotFormatException(_inputName, 0, null, $"ffmpeg could not decode it: {reason}");
            Warn($"{_inputName}: ffmpeg stopped (exit code {exitCode}) after {decoded} frames: {reason}");
            return;
        }
        if (decoded == 0)
            throw new MotFormatException(_inputName, 0, null,
                "ffmpeg decoded no frames" + (stderr.Length > 0 ? $": {stderr}" : ""));

        if (stderr.Length > 0)
            Warn($"{_inputName}: ffmpeg reported problems while decoding: {stderr}");
        if (partialBytes > 0)
            Warn($"{_inputName}: dropped an incomplete last frame ({partialBytes} of {frameBytes} bytes)");
        if (expectedFrames is int expected && decoded < expected)
            Warn($"{_inputName}: stream ended after {decoded} frames, {expected} were announced");
    }

    private void Warn(string message) => _warning?.Invoke(message);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
                return;
            _disposed = true;
            // Killing ends the reader's blocked read with end-of-stream; the loop then sees _disposed.
            if (_process is not null)
                FfmpegTools.KillAndWait(_process);
        }
    }
}
