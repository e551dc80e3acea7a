using System.Runtime.CompilerServices;
namespace MotTracker.Core.Evaluation;

/// <summary>
/// IoU exactly as TrackEval computes it for xywh boxes, operation for operation, so a pair sitting on the
/// 0.5 threshold falls on the same side: corners are x + w and y + h, areas come from the corners (not
/// from w·h, which can differ in the last bit), and degenerate boxes or unions at or below machine epsilon
/// score 0.
/// </summary>
internal static class BoxSimilarity
{
    /// <summary>numpy's <c>np.finfo('float').eps</c>, the tolerance TrackEval uses in every comparison.</summary>
    public const double Epsilon = 2.220446049250313e-16;

    /// <summary>Corner form plus area of a box, computed once per row.</summary>
    public readonly record struct Corners(double X0, double Y0, double X1, double Y1, double Area)
    {
        public static Corners From(in BoundingBox box)
        {
            double x1 = box.X + box.Width;
            double y1 = box.Y + box.Height;
            return new Corners(box.X, box.Y, x1, y1, (x1 - box.X) * (y1 - box.Y));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double IoU(in Corners a, in Corners b)
    {
        // No overlap scores 0 in TrackEval too (0 / union, or 0 for degenerate boxes); most pairs stop here.
        double iw = Math.Min(a.X1, b.X1) - Math.Max(a.X0, b.X0);
        if (!(iw > 0)) return 0;
        double ih = Math.Min(a.Y1, b.Y1) - Math.Max(a.Y0, b.Y0);
        if (!(ih > 0)) return 0;
        double intersection = iw * ih;
        double union = a.Area + b.Area - intersection;
        if (a.Area <= Epsilon || b.Area <= Epsilon || union <= Epsilon) return 0;
        return intersection / union;
    }
}
