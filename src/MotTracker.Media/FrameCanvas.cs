using MotTracker.Core;
using OpenCvSharp;

namespace MotTracker.Media;

/// <summary>
/// The one overlay drawing API of mottrack: draws on a <see cref="BgrImage"/> in place with OpenCV. The
/// annotated video (<c>--save-video</c>), <c>mottrack render</c>'s error overlay and the zone/counting
/// overlays of streams all draw through it, so every overlay looks the same and there is one place to
/// change how. The canvas pins the image's pixels while it lives, so create one per frame and dispose it
/// before the frame is written or returned to its pool. Everything is clipped to the image.
/// </summary>
/// <remarks>
/// Primitives (pixel coordinates, x right, y down; colours <see cref="BgrColor"/>, ids coloured with
/// <see cref="BgrColor.ForId"/>):
/// <list type="bullet">
/// <item><see cref="Box(BoundingBox, BgrColor, int)"/>: a solid outline growing inwards (a track).</item>
/// <item><see cref="DashedBox"/>: a dashed outline growing inwards (something expected but absent, e.g. a missed gt box).</item>
/// <item><see cref="Label(int, int, string, BgrColor, BgrColor, double)"/>: text on a filled background just above a point (ids, names, "7 → 12").</item>
/// <item><see cref="Polyline"/>: connected segments, closed on request (trails, zone outlines).</item>
/// <item><see cref="Polygon"/>: a zone: outline plus an optional translucent fill.</item>
/// <item><see cref="DirectedLine"/>: a counting line with a tick towards its "in" side and a label (e.g. "door: in 3 out 1").</item>
/// </list>
/// Draw fills first, then outlines, then labels, so text stays readable.
/// </remarks>
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

    /// <summary>
    /// A dashed outline of the box [x, x+width) x [y, y+height), growing inwards like <see cref="Box(int, int, int, int, BgrColor, int)"/>:
    /// dashes of <paramref name="dash"/> pixels every <paramref name="dash"/> + <paramref name="gap"/>
    /// pixels along each edge, starting at the corners.
    /// </summary>
    public void DashedBox(BoundingBox box, BgrColor color, int thickness = 2, int dash = 10, int gap = 6)
    {
        if (!double.IsFinite(box.X) || !double.IsFinite(box.Y) || !double.IsFinite(box.Width) || !double.IsFinite(box.Height))
            return;
        int x = ToPixel(box.X), y = ToPixel(box.Y);
        int width = ToPixel(box.X + box.Width) - x, height = ToPixel(box.Y + box.Height) - y;
        if (width <= 0 || height <= 0 || thickness <= 0 || dash <= 0 || gap < 0)
            return;
        int t = Math.Min(thickness, Math.Min(width, height));
        Scalar ink = ToScalar(color);
        for (int along = 0; along < width; along += dash + gap)
        {
            int length = Math.Min(dash, width - along);
            Fill(x + along, y, length, t, ink);
            Fill(x + along, y + height - t, length, t, ink);
        }
        for (int along = 0; along < height; along += dash + gap)
        {
            int length = Math.Min(dash, height - along);
            Fill(x, y + along, t, length, ink);
            Fill(x + width - t, y + along, t, length, ink);
        }
    }

    /// <summary>A zone: its outline, and when <paramref name="fillOpacity"/> &gt; 0 its inside blended with the colour.</summary>
    public void Polygon(IReadOnlyList<(double X, double Y)> points, BgrColor color, int thickness = 2, double fillOpacity = 0)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 3) return;
        if (fillOpacity > 0)
        {
            var pixels = new Point[points.Count];
            for (int i = 0; i < pixels.Length; i++)
            {
                if (!double.IsFinite(points[i].X) || !double.IsFinite(points[i].Y)) return;
                pixels[i] = new Point(ToPixel(points[i].X), ToPixel(points[i].Y));
            }
            // Blend only the polygon's bounding rectangle: a full-frame copy per zone per frame is wasted work.
            var bounds = Cv2.BoundingRect(pixels) & new Rect(0, 0, _target.Mat.Cols, _target.Mat.Rows);
            if (bounds.Width > 0 && bounds.Height > 0)
            {
                using var region = new Mat(_target.Mat, bounds);
                using var overlay = region.Clone();
                var shifted = pixels.Select(p => new Point(p.X - bounds.X, p.Y - bounds.Y)).ToArray();
                Cv2.FillPoly(overlay, [shifted], ToScalar(color), LineTypes.Link8);
                double opacity = Math.Min(1, fillOpacity);
                Cv2.AddWeighted(overlay, opacity, region, 1 - opacity, 0, region);
            }
        }
        if (thickness > 0) Polyline(points, color, thickness, closed: true);
    }

    /// <summary>
    /// A counting line from <paramref name="start"/> to <paramref name="end"/>, a 12-pixel tick from its
    /// middle towards the "in" side (the right of start → end as seen on screen) and, when given, a label
    /// at its start.
    /// </summary>
    public void DirectedLine((double X, double Y) start, (double X, double Y) end, BgrColor color, string? label = null, int thickness = 2)
    {
        Polyline([start, end], color, thickness);
        double dx = end.X - start.X, dy = end.Y - start.Y, length = Math.Sqrt(dx * dx + dy * dy);
        if (length > 0)
        {
            // The screen's right of the direction, in image coordinates (y down), is the normal (−dy, dx).
            double nx = -dy / length, ny = dx / length;
            double mx = (start.X + end.X) / 2, my = (start.Y + end.Y) / 2;
            Polyline([(mx, my), (mx + 12 * nx, my + 12 * ny)], color, thickness);
        }
        if (!string.IsNullOrEmpty(label)) Label(ToPixel(start.X), ToPixel(start.Y), label, BgrColor.Black, color);
    }

    private void Fill(int x, int y, int width, int height, Scalar ink) =>
        Cv2.Rectangle(_target.Mat, new Rect(x, y, width, height), ink, -1, LineTypes.Link8);

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
