namespace MotTracker.Core;

/// <summary>
/// A packed 8-bit BGR image (3 bytes a pixel, rows without padding), the layout OpenCV's CV_8UC3 Mat
/// and JPEG decoders produce. It is the one frame type Media produces and Inference consumes, so the
/// two never reference each other.
/// </summary>
public sealed class BgrImage
{
    public BgrImage(int width, int height, byte[]? pixels = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        long size = (long)width * height * 3;
        if (pixels is not null && pixels.Length < size)
            throw new ArgumentException($"pixel buffer holds {pixels.Length} bytes; {width}x{height} BGR needs {size}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels ?? new byte[size];
    }

    public int Width { get; }
    public int Height { get; }
    public int Stride => Width * 3;

    /// <summary>Row-major B, G, R bytes.</summary>
    public byte[] Pixels { get; }

    public Span<byte> Row(int y) => Pixels.AsSpan(y * Stride, Stride);
}

/// <summary>A decoded frame with its 1-based frame number (MOTChallenge numbering).</summary>
public sealed record VideoFrame(int FrameNumber, BgrImage Image);
