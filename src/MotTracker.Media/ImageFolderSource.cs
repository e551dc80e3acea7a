using MotTracker.Core;

namespace MotTracker.Media;

/// <summary>
/// Frames from a plain folder of images (jpg, jpeg, png, bmp), in natural name order
/// (img2 before img10), numbered 1..N. All images must have the size of the first one.
/// </summary>
public sealed class ImageFolderSource : IFrameSource
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png", ".bmp"];
    private readonly ImageListReader _reader;
    private volatile bool _disposed;

    public ImageFolderSource(string folder, FrameSourceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        options ??= FrameSourceOptions.Default;
        if (!Directory.Exists(folder))
            throw new DirectoryNotFoundException($"image folder not found: {folder}");
        List<string> files = ListImages(folder);
        if (files.Count == 0)
            throw new MotFormatException(folder, 0, null, $"contains no images ({string.Join(", ", Extensions)})");

        // The first image sets the frame size (decoded once here; a later image of another size is an error naming it).
        var (width, height) = ImageListReader.ReadSize(files[0]);
        Files = files;
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        Info = new FrameSourceInfo(width, height, options.FallbackFps, files.Count, name);
        int[] numbers = Enumerable.Range(1, files.Count).ToArray();
        _reader = new ImageListReader(files, numbers, width, height, Path.GetFileName(files[0]), options.Pool);
    }

    public FrameSourceInfo Info { get; }

    /// <summary>The images in frame order (frame n is Files[n - 1]).</summary>
    public IReadOnlyList<string> Files { get; }

    public IEnumerable<VideoFrame> ReadFrames(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _reader.Read(() => _disposed, cancellationToken);
    }

    /// <summary>Stops a loop in progress after its current frame.</summary>
    public void Dispose() => _disposed = true;

    internal static List<string> ListImages(string folder)
    {
        var files = Directory.EnumerateFiles(folder)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .ToList();
        files.Sort((a, b) => NaturalStringComparer.Instance.Compare(Path.GetFileName(a), Path.GetFileName(b)));
        return files;
    }
}
