using System.Globalization;
using MotTracker.Core;
using OpenCvSharp;

namespace MotTracker.Media;

/// <summary>
/// Decodes a known list of same-sized image files with OpenCV's image codecs, one at a time, into
/// (pooled) <see cref="BgrImage"/> buffers. Shared by the image folder and MOT sequence sources, so the
/// checks (unreadable image, size change) and their messages live in one place.
/// </summary>
internal sealed class ImageListReader
{
    private readonly IReadOnlyList<string> _files;
    private readonly IReadOnlyList<int> _frameNumbers;
    private readonly FramePool? _pool;
    private readonly string _sizeFrom;

    /// <param name="sizeFrom">Where the expected size comes from, for messages (seqinfo.ini or the first image).</param>
    public ImageListReader(IReadOnlyList<string> files, IReadOnlyList<int> frameNumbers, int width, int height,
        string sizeFrom, FramePool? pool)
    {
        _files = files;
        _frameNumbers = frameNumbers;
        Width = width;
        Height = height;
        _sizeFrom = sizeFrom;
        _pool = pool;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Decodes one image just to learn its size (the first image of a plain folder).</summary>
    public static (int Width, int Height) ReadSize(string file)
    {
        OpenCvRuntime.EnsureInitialized();
        using Mat image = Decode(file);
        return (image.Cols, image.Rows);
    }

    public IEnumerable<VideoFrame> Read(Func<bool> stopped, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ReadIterator(stopped, cancellationToken);
    }

    private IEnumerable<VideoFrame> ReadIterator(Func<bool> stopped, CancellationToken cancellationToken)
    {
        for (int i = 0; i < _files.Count && !stopped(); i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            BgrImage image = _pool?.Rent(Width, Height) ?? new BgrImage(Width, Height);
            try
            {
                DecodeInto(_files[i], image);
            }
            catch
            {
                _pool?.Return(image);
                throw;
            }
            yield return new VideoFrame(_frameNumbers[i], image);
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void DecodeInto(string file, BgrImage image)
    {
        // imread has no "decode into this buffer" form: it hands back its own Mat, copied once into the
        // pooled buffer and freed right away, so native memory stays flat however long the folder.
        using Mat decoded = Decode(file);
        if (decoded.Cols != Width || decoded.Rows != Height)
            throw new MotFormatException(file, 0, null, string.Create(CultureInfo.InvariantCulture,
                $"image is {decoded.Cols}x{decoded.Rows} but {_sizeFrom} is {Width}x{Height}; all frames must have the same size"));
        using var target = new BgrImageMat(image);
        decoded.CopyTo(target.Mat);
        if (!target.StillWrapsImage)
            throw new InvalidOperationException($"OpenCV replaced the frame buffer while copying {file}");
    }

    /// <summary>Reads one image as 8-bit BGR (grey, alpha and 16-bit images converted).</summary>
    private static Mat Decode(string file)
    {
        Mat image;
        try
        {
            image = Cv2.ImRead(file, ImreadModes.Color);
        }
        catch (OpenCVException ex)
        {
            throw new MotFormatException(file, 0, null, $"not a readable image: {ex.Message}");
        }
        if (image.Empty())
        {
            image.Dispose();
            string reason = File.Exists(file)
                ? new FileInfo(file).Length == 0 ? "the file is empty" : "corrupt or not a JPEG, PNG or BMP image"
                : "the file is gone";
            throw new MotFormatException(file, 0, null, $"not a readable image ({reason})");
        }
        return image;
    }
}
