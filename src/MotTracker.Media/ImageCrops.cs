using MotTracker.Core;
using OpenCvSharp;

namespace MotTracker.Media;

/// <summary>Small pictures cut out of a frame (for the report's gallery of ID switches).</summary>
public static class ImageCrops
{
    /// <summary>
    /// The box with a margin of context around it, outlined in <paramref name="outline"/>, scaled to
    /// <paramref name="outputHeight"/> pixels high, as JPEG bytes. The frame itself is left untouched.
    /// </summary>
    public static byte[] Jpeg(BgrImage image, BoundingBox box, BgrColor outline, int outputHeight = 128, double margin = 0.25)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputHeight);
        OpenCvRuntime.EnsureInitialized();
        double mx = Math.Max(4, box.Width * margin), my = Math.Max(4, box.Height * margin);
        int x0 = Clamp(box.X - mx, image.Width - 1), y0 = Clamp(box.Y - my, image.Height - 1);
        int x1 = Clamp(box.Right + mx, image.Width), y1 = Clamp(box.Bottom + my, image.Height);
        if (x1 <= x0) x1 = Math.Min(image.Width, x0 + 1);
        if (y1 <= y0) y1 = Math.Min(image.Height, y0 + 1);

        using var source = new BgrImageMat(image);
        using var region = new Mat(source.Mat, new Rect(x0, y0, x1 - x0, y1 - y0));
        using var crop = region.Clone();
        var ink = new Scalar(outline.B, outline.G, outline.R);
        Cv2.Rectangle(crop, new Point((int)Math.Round(box.X) - x0, (int)Math.Round(box.Y) - y0),
            new Point((int)Math.Round(box.Right) - x0 - 1, (int)Math.Round(box.Bottom) - y0 - 1), ink, 2, LineTypes.Link8);
        double scale = (double)outputHeight / crop.Rows;
        using var scaled = new Mat();
        Cv2.Resize(crop, scaled, new Size(Math.Max(1, (int)Math.Round(crop.Cols * scale)), outputHeight), 0, 0, InterpolationFlags.Area);
        Cv2.ImEncode(".jpg", scaled, out byte[] jpeg, new ImageEncodingParam(ImwriteFlags.JpegQuality, 80));
        return jpeg;
    }

    private static int Clamp(double value, int max) => (int)Math.Clamp(Math.Round(value), 0, Math.Max(0, max));
}
