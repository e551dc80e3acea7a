using MotTracker.Core;
using OpenCvSharp;

namespace MotTracker.Media;

/// <summary>
/// A density picture: how often each pixel was visited (e.g. by track box bottom centres), smoothed and
/// coloured (blue rare to red frequent) over a background frame, as PNG bytes.
/// </summary>
public static class HeatMap
{
    /// <summary>Strongest colour weight over the background, so even the hottest spot shows the scene below it.</summary>
    private const double MaxOpacity = 0.7;

    /// <param name="background">The frame drawn under the density (left untouched).</param>
    /// <param name="visits">Row-major visit counts, <paramref name="background"/>'s width × height.</param>
    /// <param name="sigma">Gaussian smoothing in pixels; 0 chooses 1 % of the larger image side (at least 2).</param>
    public static byte[] Png(BgrImage background, ReadOnlySpan<float> visits, double sigma = 0)
    {
        ArgumentNullException.ThrowIfNull(background);
        int w = background.Width, h = background.Height;
        if (visits.Length != w * h) throw new ArgumentException($"expected {w}x{h} visit counts, got {visits.Length}", nameof(visits));
        OpenCvRuntime.EnsureInitialized();
        if (sigma <= 0) sigma = Math.Max(2, Math.Max(w, h) / 100.0);

        using var density = new Mat(h, w, MatType.CV_32FC1);
        density.SetArray(visits.ToArray());
        using var smooth = new Mat();
        Cv2.GaussianBlur(density, smooth, new Size(0, 0), sigma);
        Cv2.MinMaxLoc(smooth, out double _, out double max);

        using var source = new BgrImageMat(background);
        using var result = source.Mat.Clone();
        if (max > 0)
        {
            // Square root: a path walked once stays visible next to a spot where people stood for minutes.
            using var scaled = new Mat();
            Cv2.Sqrt(smooth / max, scaled);
            using var level = new Mat();
            scaled.ConvertTo(level, MatType.CV_8UC1, 255);
            using var colour = new Mat();
            Cv2.ApplyColorMap(level, colour, ColormapTypes.Jet);
            result.GetArray(out Vec3b[] bg);
            colour.GetArray(out Vec3b[] fg);
            level.GetArray(out byte[] levels);
            for (int k = 0; k < w * h; k++)
            {
                // Unvisited pixels keep the frame as it was; the weight grows with the density.
                double a = MaxOpacity * levels[k] / 255.0;
                var b = bg[k];
                var c = fg[k];
                bg[k] = new Vec3b(Blend(b.Item0, c.Item0, a), Blend(b.Item1, c.Item1, a), Blend(b.Item2, c.Item2, a));
            }
            result.SetArray(bg);
        }
        Cv2.ImEncode(".png", result, out byte[] png);
        return png;
    }

    private static byte Blend(byte under, byte over, double weight) => (byte)Math.Round(under * (1 - weight) + over * weight);
}
