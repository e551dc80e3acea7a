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
/// Fits an image into a W×H NCHW float32 tensor the way YOLOX and Ultralytics expect: keep the aspect
/// ratio, resize bilinearly, paste at the top-left corner and fill the rest with grey 114. W and H may
/// differ (a 640x384 export); the scale is the one that fits both sides.
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

    /// <summary>A square S×S tensor.</summary>
    public Letterbox(int size, TensorColorMode mode)
        : this(size, size, mode)
    {
    }

    public Letterbox(int width, int height, TensorColorMode mode)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        Mode = mode;
    }

    /// <summary>Tensor width W (the last axis).</summary>
    public int Width { get; }

    /// <summary>Tensor height H.</summary>
    public int Height { get; }

    public TensorColorMode Mode { get; }

    /// <summary>Number of floats one image occupies: 3·H·W.</summary>
    public int TensorLength => 3 * Width * Height;

    /// <summary>The scale r = min(H/h, W/w) for an image; tensor pixels = image pixels · r.</summary>
    public double ScaleFor(int width, int height) => Math.Min((double)Height / height, (double)Width / width);

    /// <summary>Writes the letterboxed image into <paramref name="destination"/> (length 3·H·W) and returns r.</summary>
    public double Fill(BgrImage image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (destination.Length < TensorLength)
            throw new ArgumentException($"destination holds {destination.Length} floats; a 3x{Height}x{Width} tensor needs {TensorLength}", nameof(destination));

        double r = ScaleFor(image.Width, image.Height);
        // Rounded so that an image already of the tensor's size maps to exactly that size; at least one pixel.
        int newW = Math.Clamp((int)Math.Round(image.Width * r), 1, Width);
        int newH = Math.Clamp((int)Math.Round(image.Height * r), 1, Height);

        _columns.Build(image.Width, 0, image.Width, newW);
        _rows.Build(image.Height, 0, image.Height, newH);

        float scale = Mode == TensorColorMode.RgbUnit ? 1f / 255f : 1f;
        float pad = PadValue * scale;
        int plane = Width * Height;
        var c0 = destination.Slice(0, plane);
        var c1 = destination.Slice(plane, plane);
        var c2 = destination.Slice(2 * plane, plane);

        // Source byte order is B, G, R; the tensor's first channel is B for YOLOX and R for Ultralytics.
        ReadOnlySpan<int> channels = Mode == TensorColorMode.RgbUnit ? [2, 1, 0] : [0, 1, 2];
        ReadOnlySpan<float> gain = [scale, scale, scale];
        ReadOnlySpan<float> offset = [0f, 0f, 0f];
        ReadOnlySpan<byte> pixels = image.Pixels;
        int stride = image.Stride;

        int width = Width;
        for (int y = 0; y < Height; y++)
        {
            int rowStart = y * width;
            if (y >= newH)
            {
                c0.Slice(rowStart, width).Fill(pad);
                c1.Slice(rowStart, width).Fill(pad);
                c2.Slice(rowStart, width).Fill(pad);
                continue;
            }

            RowResampler.Resample(
                pixels.Slice(_rows.Index0[y] * stride, stride), pixels.Slice(_rows.Index1[y] * stride, stride), _rows.Weight[y],
                _columns, newW, c0.Slice(rowStart, width), c1.Slice(rowStart, width), c2.Slice(rowStart, width), channels, gain, offset);

            if (newW < width)
            {
                c0.Slice(rowStart + newW, width - newW).Fill(pad);
                c1.Slice(rowStart + newW, width - newW).Fill(pad);
                c2.Slice(rowStart + newW, width - newW).Fill(pad);
            }
        }

        return r;
    }
}
