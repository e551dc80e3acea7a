using MotTracker.Core;
using OpenCvSharp;

namespace MotTracker.Media;

/// <summary>
/// Draws on a <see cref="BgrImage"/> in place with OpenCV (boxes, labels, polylines) for annotated
/// output videos. The canvas pins the image's pixels while it lives, so create one per frame and
/// dispose it before the frame is written or returned to its pool. Everything is clipped to the image.
/// </summary>
public sealed class FrameCanvas : IDisposable
{
    private const HersheyFonts Font = HersheyFonts.HersheySimplex;
    private readonly BgrImageMat _target;

    public FrameCanvas(BgrImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        OpenCvRuntime.EnsureInitialized();
        _target = new BgrImageMat(image);
    }

    public BgrImage Image => _target.Image;

    /// <summary>
    /// The outline of the box [x, x+width) x [y, y+height); it grows inwards by
    /// <paramref name="thickness"/> pixels, so it never covers pixels outside the box.
    /// </summary>
    public void Box(int x, int y, int width, int height, BgrColor color, int thickness = 2)
    {
        if (width <= 0 || height <= 0 || thickness <= 0)
            return;
        Scalar ink = ToScalar(color);
        int rings = Math.Min(thickness, Math.Min((width + 1) / 2, (height + 1) / 2));
        // One-pixel rings, each inside the last: OpenCV centres a thick line on the edge instead.
        for (int i = 0; i < rings; i++)
        {
            var topLeft = new Point(x + i, y + i);
            var bottomRight = new Point(x + width - 1 - i, y + height - 1 - i);
            Cv2.Rectangle(_target.Mat, topLeft, bottomRight, ink, 1, LineTypes.Link8);
        }
    }

    /// <summary>A tracker's float box, rounded to the nearest pixel; non-finite boxes are skipped.</summary>
    public void Box(BoundingBox box, BgrColor color, int thickness = 2)
    {
        if (!double.IsFinite(box.X) || !double.IsFinite(box.Y) || !double.IsFinite(box.Width) || !double.IsFinite(box.Height))
            return;
        int left = ToPixel(box.X);
        int top = ToPixel(box.Y);
        Box(left, top, ToPixel(box.X + box.Width) - left, ToPixel(box.Y + box.Height) - top, color, thickness);
    }

    /// <summary>Size in pixels of a label's text (without its background margin) at <paramref name="scale"/>.</summary>
    public static (int Width, int Height) MeasureText(string text, double scale = 0.5)
    {
        ArgumentNullException.ThrowIfNull(text);
        OpenCvRuntime.EnsureInitialized();
        Size size = Cv2.GetTextSize(text, Font, scale, TextThickness(scale), out int baseline);
        return (size.Width, size.Height + baseline);
    }

    /// <summary>
    /// Text on a filled background with a small margin, placed with its bottom-left at (x, y) (just above
    /// a box's top-left corner), or below y when there is no room above.
    /// </summary>
    public void Label(int x, int y, string text, BgrColor textColor, BgrColor background, double scale = 0.5)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || !(scale > 0))
            return;
        int thickness = TextThickness(scale);
        Size size = Cv2.GetTextSize(text, Font, scale, thickness, out int baseline);
        int margin = Math.Max(1, (int)Math.Round(size.Height * 0.25));
        int width = size.Width + 2 * margin;
        int height = size.Height + baseline + 2 * margin;
        int top = y - height >= 0 ? y - height : y;
        Cv2.Rectangle(_target.Mat, new Rect(x, top, width, height), ToScalar(background), -1, LineTypes.Link8);
        // PutText's origin is the baseline's left end.
        var origin = new Point(x + margin, top + margin + size.Height);
        Cv2.PutText(_target.Mat, text, origin, Font, scale, ToScalar(textColor), thickness, LineTypes.AntiAlias);
    }

    /// <summary>A track-id label.</summary>
    public void Label(int x, int y, int number, BgrColor textColor, BgrColor background, double scale = 0.5) =>
        Label(x, y, number.ToString(System.Globalization.CultureInfo.InvariantCulture), textColor, background, scale);

    /// <summary>Connected line segments through the points (a track's trail), closed into a polygon on request.</summary>
    public void Polyline(IReadOnlyList<(double X, double Y)> points, BgrColor color, int thickness = 2, bool closed = false)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 2 || thickness <= 0)
            return;
        var pixels = new Point[points.Count];
        for (int i = 0; i < pixels.Length; i++)
        {
            if (!double.IsFinite(points[i].X) || !double.IsFinite(points[i].Y))
                return;
            pixels[i] = new Point(ToPixel(points[i].X), ToPixel(points[i].Y));
        }
        Cv2.Polylines(_target.Mat, [pixels], closed, ToScalar(color), thickness, LineTypes.Link8);
    }

    public void Dispose() => _target.Dispose();

    private static Scalar ToScalar(BgrColor color) => new(color.B, color.G, color.R);

    // Hershey strokes need about a pixel of width per 0.5 of scale to stay legible.
    private static int TextThickness(double scale) => Math.Max(1, (int)Math.Round(scale * 2));

    // Boxes far off-image (a drifting prediction) are clamped first so the int conversion cannot overflow.
    private static int ToPixel(double value) => (int)Math.Round(Math.Clamp(value, -1e8, 1e8));
}
