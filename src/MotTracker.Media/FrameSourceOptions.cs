using MotTracker.Core;

namespace MotTracker.Media;

/// <summary>Settings shared by every frame source.</summary>
public sealed record FrameSourceOptions
{
    public static FrameSourceOptions Default { get; } = new();

    /// <summary>ffmpeg executable; null means $MOTTRACK_FFMPEG, then "ffmpeg" on PATH.</summary>
    public string? FfmpegPath { get; init; }

    /// <summary>ffprobe executable; null means $MOTTRACK_FFPROBE, then "ffprobe" on PATH.</summary>
    public string? FfprobePath { get; init; }

    /// <summary>
    /// Receives non-fatal problems (a stream that ended early, a dropped partial frame, decoder
    /// complaints). Null discards them.
    /// </summary>
    public Action<string>? Warning { get; init; }

    /// <summary>Frame rate reported for an image folder, and for a video whose rate ffprobe cannot tell.</summary>
    public double FallbackFps { get; init; } = 30;

    /// <summary>
    /// Where decoded frames' buffers come from; null allocates a new one per frame. With a pool, the
    /// consumer returns each frame when done with it.
    /// </summary>
    public FramePool? Pool { get; init; }

    /// <summary>How long ffprobe may take before it is killed (a stalled URL must not hang the caller).</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
