namespace MotTracker.Core;

/// <summary>An axis-aligned box in pixels, top-left corner plus size (MOTChallenge's x, y, w, h).</summary>
/// <remarks>
/// Corners are x + w and y + h with no +1, the convention TrackEval and ByteTrack use; keeping one
/// convention everywhere is what makes tracker output and metrics agree with the reference tools.
/// </remarks>
public readonly record struct BoundingBox(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;
    public double Bottom => Y + Height;
    public double Area => Width * Height;
    public double CenterX => X + Width / 2;
    public double CenterY => Y + Height / 2;

    public static BoundingBox FromCorners(double x1, double y1, double x2, double y2) =>
        new(x1, y1, x2 - x1, y2 - y1);

    /// <summary>Intersection over union; 0 when either box has no area.</summary>
    public static double IoU(in BoundingBox a, in BoundingBox b)
    {
        double iw = Math.Min(a.Right, b.Right) - Math.Max(a.X, b.X);
        if (iw <= 0) return 0;
        double ih = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Y, b.Y);
        if (ih <= 0) return 0;
        double inter = iw * ih;
        double union = a.Area + b.Area - inter;
        return union > 0 ? inter / union : 0;
    }

    /// <summary>The same box clipped to an image of the given size (may become empty).</summary>
    public BoundingBox ClipTo(int imageWidth, int imageHeight)
    {
        double x1 = Math.Clamp(X, 0, imageWidth), y1 = Math.Clamp(Y, 0, imageHeight);
        double x2 = Math.Clamp(Right, 0, imageWidth), y2 = Math.Clamp(Bottom, 0, imageHeight);
        return FromCorners(x1, y1, x2, y2);
    }
}
