using MotTracker.Core;

namespace MotTracker.Inference.Imaging;

/// <summary>How pixel values are laid into the tensor: which channel order and which value range.</summary>
public enum TensorColorMode
{
    /// <summary>Channels B, G, R with raw 0–255 values (Megvii YOLOX exports).</summary>
    Bgr255,

    /// <summary>Channels R, G, B scaled to 0–1 (Ultralytics YOLOv8/YOLO11 exports).</summary>
    RgbUnit,
}

/// <summary>
/// Fits an image into a square NCHW float32 tensor the way YOLOX and Ultralytics expect: keep the aspect
/// ratio, resize bilinearly, paste at the top-left corner and fill the rest with grey 114.
/// </summary>
/// <remarks>
/// One instance per detector: the column sampling table depends only on the source and target widths,
/// which stay the same for every frame of a video, so it is built once and reused.
/// </remarks>
public sealed class Letterbox
{
    /// <summary>The grey both model families were trained with in the padded area.</summary>
    public const byte PadValue = 114;

    private readonly BilinearTable _columns = new();
    private readonly BilinearTable _rows = new();

    public Letterbox(int size, TensorColorMode mode)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
        Mode = mode;
    }

    /// <summary>Side length S of the square tensor.</summary>
    public int Size { get; }

    public TensorColorMode Mode { get; }

    /// <summary>Number of floats one image occupies: 3·S·S.</summary>
    public int TensorLength => 3 * Size * Size;

    /// <summary>The scale r = min(S/h, S/w) for an image; tensor pixels = image pixels · r.</summary>
    public double ScaleFor(int width, int height) => Math.Min((double)Size / height, (double)Size / width);

    /// <summary>Writes the letterboxed image into <paramref name="destination"/> (length 3·S·S) and returns r.</summary>
    public double Fill(BgrImage image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (destination.Length < TensorLength)
            throw new ArgumentException($"destination holds {destination.Length} floats; a 3x{Size}x{Size} tensor needs {TensorLength}", nameof(destination));

        double r = ScaleFor(image.Width, image.Height);
        // Rounded so that an image already of size S maps to exactly S pixels; at least one pixel.
        int newW = Math.Clamp((int)Math.Round(image.Width * r), 1, Size);
        int newH = Math.Clamp((int)Math.Round(image.Height * r), 1, Size);

        _columns.Build(image.Width, 0, image.Width, newW);
        _rows.Build(image.Height, 0, image.Height, newH);

        float scale = Mode == TensorColorMode.RgbUnit ? 1f / 255f : 1f;
        float pad = PadValue * scale;
        int plane = Size * Size;
        var c0 = destination.Slice(0, plane);
        var c1 = destination.Slice(plane, plane);
        var c2 = destination.Slice(2 * plane, plane);

        // Source byte order is B, G, R; the tensor's first channel is B for YOLOX and R for Ultralytics.
        ReadOnlySpan<int> channels = Mode == TensorColorMode.RgbUnit ? [2, 1, 0] : [0, 1, 2];
        ReadOnlySpan<float> gain = [scale, scale, scale];
        ReadOnlySpan<float> offset = [0f, 0f, 0f];
        ReadOnlySpan<byte> pixels = image.Pixels;
        int stride = image.Stride;

        for (int y = 0; y < Size; y++)
        {
            int rowStart = y * Size;
            if (y >= newH)
            {
                c0.Slice(rowStart, Size).Fill(pad);
                c1.Slice(rowStart, Size).Fill(pad);
                c2.Slice(rowStart, Size).Fill(pad);
                continue;
            }

            RowResampler.Resample(
                pixels.Slice(_rows.Index0[y] * stride, stride), pixels.Slice(_rows.Index1[y] * stride, stride), _rows.Weight[y],
                _columns, newW, c0.Slice(rowStart, Size), c1.Slice(rowStart, Size), c2.Slice(rowStart, Size), channels, gain, offset);

            if (newW < Size)
            {
                c0.Slice(rowStart + newW, Size - newW).Fill(pad);
                c1.Slice(rowStart + newW, Size - newW).Fill(pad);
                c2.Slice(rowStart + newW, Size - newW).Fill(pad);
            }
        }

        return r;
    }
}
