using MotTracker.Core;

namespace MotTracker.Media;

/// <summary>
/// Frames from a plain folder of images (jpg, jpeg, png, bmp), in natural name order
/// (img2 before img10), numbered 1..N. All images must have the same size.
/// </summary>
public sealed class ImageFolderSource : IFrameSource
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".bmp"];
    private readonly ImageListDecoder _decoder;

    public ImageFolderSource(string folder, FrameSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        options ??= FrameSourceOptions.Default;
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"image folder not found: {folder}");
        List<string> files = ListImages(folder);
        if (files.Count == 0)
            throw new MotFormatException(folder, 0, null, $"contains no images ({string.Join(", ", Extensions)})");

        var (width, height) = ImageListDecoder.CheckSameSize(files, null, "");
        Files = files;
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        Info = new FrameSourceInfo(width, height, options.FallbackFps, files.Count, name);
        int[] numbers = Enumerable.Range(1, files.Count).ToArray();
        _decoder = new ImageListDecoder(FfmpegTools.ResolveFfmpeg(options.FfmpegPath), folder, files, numbers,
            width, height, options.Warning, options.Pool);
    }

    public FrameSourceInfo Info { get; }

    /// <summary>The images in frame order (frame n is Files[n - 1]).</summary>
    public IReadOnlyList<string> Files { get; }

    internal int? LastDecoderProcessId => _decoder.LastProcessId;

    public IEnumerable<VideoFrame> ReadFrames(CancellationToken cancellationToken = default) => _decoder.Read(cancellationToken);

    public void Dispose() => _decoder.Dispose();

    internal static List<string> ListImages(string folder)
    {
        var files = Directory.EnumerateFiles(folder)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .ToList();
        files.Sort((a, b) => NaturalStringComparer.Instance.Compare(Path.GetFileName(a), Path.GetFileName(b)));
        return files;
    }
}
