using MotTracker.Core;

namespace MotTracker.Media;

/// <summary>Opens the right frame source for what a path or URL is.</summary>
public static class FrameSources
{
    /// <summary>
    /// A folder holding seqinfo.ini -> <see cref="MotSequenceSource"/>; a folder of images ->
    /// <see cref="ImageFolderSource"/>; a network URL (contains "://", other than file://) ->
    /// <see cref="FfmpegStreamSource"/>; a file or file:// URL -> <see cref="VideoCaptureSource"/>.
    /// </summary>
    public static IFrameSource Open(string input, FrameSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        options ??= FrameSourceOptions.Default;
        if (IsNetworkUrl(input))
            return new FfmpegStreamSource(input, options);
        if (input.Contains("://", StringComparison.Ordinal))
            return new VideoCaptureSource(input, options);
        if (Directory.Exists(input))
        {
            if (File.Exists(Path.Combine(input, "seqinfo.ini")))
                return new MotSequenceSource(input, options);
            if (ImageFolderSource.ListImages(input).Count > 0)
                return new ImageFolderSource(input, options);
            throw new MotFormatException(input, 0, null,
                "folder has neither a seqinfo.ini (MOTChallenge sequence) nor any jpg/jpeg/png/bmp images");
        }
        if (File.Exists(input))
            return new VideoCaptureSource(input, options);
        throw new FileNotFoundException(
            $"input not found: {input} (expected a video file, a URL, an image folder or a MOTChallenge sequence folder)", input);
    }

    /// <summary>A URL read over the network (any scheme but file): OpenCV's built-in FFmpeg cannot, the ffmpeg program does.</summary>
    public static bool IsNetworkUrl(string input) =>
        input.Contains("://", StringComparison.Ordinal) && !input.StartsWith("file://", StringComparison.OrdinalIgnoreCase);
}
