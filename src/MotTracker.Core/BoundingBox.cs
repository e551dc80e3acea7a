using System.Runtime.CompilerServices;

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

    /// <summary>
    /// Intersection over union, the one box IoU of the trackers: 0 when the boxes do not overlap or the
    /// union is empty. Areas come from the corners, as the reference trackers compute them.
    /// </summary>
    /// <param name="pixelInclusive">
    /// True uses the "+1 pixel" convention of py-faster-rcnn's <c>bbox_overlaps</c> (width = x2 - x1 + 1),
    /// which the reference ByteTrack and BoT-SORT associate with; false is the plain continuous IoU.
    /// </param>
    /// <remarks>
    /// Two other IoUs stay, for reasons of exactness: the evaluation's TrackEval-exact variant
    /// (MotTracker.Evaluation's BoxSimilarity: numpy's epsilon rules, vectorised) and the detector's NMS
    /// on float corners (MotTracker.Inference's CandidateSet, single precision as the reference NMS).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double IoU(in BoundingBox a, in BoundingBox b, bool pixelInclusive = false)
    {
        double one = pixelInclusive ? 1.0 : 0.0;
        double ax1 = a.X, ay1 = a.Y, ax2 = a.Right, ay2 = a.Bottom;
        double bx1 = b.X, by1 = b.Y, bx2 = b.Right, by2 = b.Bottom;
        double iw = Math.Min(ax2, bx2) - Math.Max(ax1, bx1) + one;
        if (!(iw > 0)) return 0;
        double ih = Math.Min(ay2, by2) - Math.Max(ay1, by1) + one;
        if (!(ih > 0)) return 0;
        double inter = iw * ih;
        double union = (ax2 - ax1 + one) * (ay2 - ay1 + one) + (bx2 - bx1 + one) * (by2 - by1 + one) - inter;
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
