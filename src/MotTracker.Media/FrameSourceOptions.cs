using MotTracker.Core;

namespace MotTracker.Media;

/// <summary>Settings shared by every frame source.</summary>
public sealed record FrameSourceOptions
{
    public static FrameSourceOptions Default { get; } = new();

    /// <summary>
    /// Receives non-fatal problems (a video that ended before the frames it announced, an unknown frame
    /// rate). OpenCV's and FFmpeg's own log output is silenced, so this is where such problems surface.
    /// Null discards them.
    /// </summary>
    public Action<string>? Warning { get; init; }

    /// <summary>Frame rate reported for an image folder, and for a video whose rate is unknown.</summary>
    public double FallbackFps { get; init; } = 30;

    /// <summary>
    /// Where decoded frames' buffers come from; null allocates a new one per frame. With a pool, the
    /// consumer returns each frame when done with it.
    /// </summary>
    public FramePool? Pool { get; init; }

    /// <summary>How long opening a video, and then reading one frame, may take (a stalled URL must not hang the caller).</summary>
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The URL is a live stream whatever its scheme (an http URL told <c>--live</c>): whatever length it
    /// reports means nothing. rtsp, rtmp, udp, rtp, srt and tcp URLs are live anyway.
    /// </summary>
    public bool Live { get; init; }

    /// <summary>
    /// A network stream is probed by ffmpeg for its default 5 s rather than 0.5 s: for reopening a stream
    /// whose short probe failed before (<see cref="FfmpegStreamSource.NeededLongProbe"/>), so each reopen
    /// does not try the short probe first in vain.
    /// </summary>
    public bool LongStreamProbe { get; init; }
}
