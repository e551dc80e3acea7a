using MotTracker.Core;

namespace MotTracker.Inference.Imaging;

/// <summary>
/// Cuts a box out of a frame, resizes it bilinearly to a fixed W×H and writes it as planar RGB normalised
/// by a per-channel mean and standard deviation (on the 0–1 scale): the input OSNet and most ReID models
/// were trained with.
/// </summary>
public sealed class CropNormalizer
{
    /// <summary>ImageNet statistics, the normalisation torchreid trains OSNet with.</summary>
    public static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];

    /// <inheritdoc cref="ImageNetMean"/>
    public static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    private readonly BilinearTable _columns = new();
    private readonly BilinearTable _rows = new();
    private readonly float[] _gain = new float[3];
    private readonly float[] _offset = new float[3];

    public CropNormalizer(int width = 128, int height = 256, float[]? mean = null, float[]? std = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        mean ??= ImageNetMean;
        std ??= ImageNetStd;
        if (mean.Length != 3 || std.Length != 3)
            throw new ArgumentException("mean and std need one value per channel (R, G, B)");
        Width = width;
        Height = height;
        // (v/255 − mean)/std folded into one multiply-add per value.
        for (int c = 0; c < 3; c++)
        {
            if (!(std[c] > 0))
                throw new ArgumentOutOfRangeException(nameof(std), $"std[{c}] = {std[c]} must be positive");
            _gain[c] = 1f / (255f * std[c]);
            _offset[c] = -mean[c] / std[c];
        }
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Floats per crop: 3·H·W (one batch slot).</summary>
    public int TensorLength => 3 * Width * Height;

    /// <summary>
    /// The whole-pixel region a box covers once clipped to the image: floor of the top-left corner, ceiling
    /// of the bottom-right, widened to at least one pixel so every box yields a crop.
    /// </summary>
    public static (int X1, int Y1, int X2, int Y2) PixelRegion(in BoundingBox box, int imageWidth, int imageHeight)
    {
        int x1 = (int)Math.Floor(Math.Clamp(box.X, 0, imageWidth - 1));
        int y1 = (int)Math.Floor(Math.Clamp(box.Y, 0, imageHeight - 1));
        int x2 = (int)Math.Ceiling(Math.Clamp(box.Right, 0, imageWidth));
        int y2 = (int)Math.Ceiling(Math.Clamp(box.Bottom, 0, imageHeight));
        if (x2 <= x1) x2 = x1 + 1;
        if (y2 <= y1) y2 = y1 + 1;
        return (x1, y1, x2, y2);
    }

    /// <summary>Writes the crop of <paramref name="box"/> as R, G, B planes into <paramref name="destination"/> (length 3·H·W).</summary>
    public void Fill(BgrImage image, in BoundingBox box, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (destination.Length < TensorLength)
            throw new ArgumentException($"destination holds {destination.Length} floats; a 3x{Height}x{Width} crop needs {TensorLength}", nameof(destination));
        if (!double.IsFinite(box.X) || !double.IsFinite(box.Y) || !double.IsFinite(box.Width) || !double.IsFinite(box.Height))
            throw new ArgumentException($"box {box} has a non-finite coordinate", nameof(box));

        var (x1, y1, x2, y2) = PixelRegion(box, image.Width, image.Height);
        _columns.Build(image.Width, x1, x2, Width);
        _rows.Build(image.Height, y1, y2, Height);

        int plane = Width * Height;
        var r = destination.Slice(0, plane);
        var g = destination.Slice(plane, plane);
        var b = destination.Slice(2 * plane, plane);
        // Planes R, G, B come from source bytes 2, 1, 0.
        ReadOnlySpan<int> channels = [2, 1, 0];
        ReadOnlySpan<byte> pixels = image.Pixels;
        int stride = image.Stride;

        for (int y = 0; y < Height; y++)
        {
            int rowStart = y * Width;
            RowResampler.Resample(
                pixels.Slice(_rows.Index0[y] * stride, stride), pixels.Slice(_rows.Index1[y] * stride, stride), _rows.Weight[y],
                _columns, Width, r.Slice(rowStart, Width), g.Slice(rowStart, Width), b.Slice(rowStart, Width), channels, _gain, _offset);
        }
    }
}
