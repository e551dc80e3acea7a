using MotTracker.Core;

namespace MotTracker.Media;

/// <summary>
/// Frames of a video file or URL, decoded by an ffmpeg child process into packed BGR24.
/// Each <see cref="ReadFrames"/> call decodes from the start; a new <see cref="BgrImage"/> is
/// allocated for every frame, so callers may keep frames as long as they like.
/// </summary>
public sealed class FfmpegVideoSource : IFrameSource
{
    private readonly string _input;
    private readonly RawVideoDecoder _decoder;

    public FfmpegVideoSource(string input, FrameSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        options ??= FrameSourceOptions.Default;
        bool isUrl = input.Contains("://", StringComparison.Ordinal);
        if (!isUrl && !File.Exists(input))
            throw new FileNotFoundException($"video file not found: {input}", input);
        _input = input;

        VideoProbeResult probe = VideoProbe.Probe(FfmpegTools.ResolveFfprobe(options.FfprobePath), input, options.ProbeTimeout);
        double fps = probe.Fps ?? options.FallbackFps;
        if (probe.Fps is null)
            options.Warning?.Invoke($"{input}: ffprobe reports no frame rate; assuming {fps:0.###} fps");
        Info = new FrameSourceInfo(probe.Width, probe.Height, fps, probe.FrameCount, DisplayName(input, isUrl));
        _decoder = new RawVideoDecoder(FfmpegTools.ResolveFfmpeg(options.FfmpegPath), input, options.Warning, options.Pool);
    }

    public FrameSourceInfo Info { get; }

    internal int? LastDecoderProcessId => _decoder.LastProcessId;

    // -noautorotate keeps frames in the stored orientation, so they match the size ffprobe reported.
    public IEnumerable<VideoFrame> ReadFrames(CancellationToken cancellationToken = default) =>
        _decoder.Read(["-noautorotate", "-i", _input], Info.Width, Info.Height, index => index + 1,
            maxFrames: null, expectedFrames: Info.FrameCount, cancellationToken);

    public void Dispose() => _decoder.Dispose();

    private static string DisplayName(string input, bool isUrl) =>
        isUrl ? input : Path.GetFileNameWithoutExtension(input);
}
