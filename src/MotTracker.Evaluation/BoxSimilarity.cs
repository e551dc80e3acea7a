using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace MotTracker.Evaluation;

/// <summary>
/// IoU exactly as TrackEval computes it for xywh boxes, operation for operation, so a pair sitting on the
/// 0.5 threshold falls on the same side: corners are x + w and y + h, areas come from the corners (not
/// from w·h, which can differ in the last bit), and degenerate boxes or unions at or below machine epsilon
/// score 0. It stays apart from the trackers' <see cref="BoundingBox.IoU"/> because those epsilon rules
/// differ from the reference trackers' and the metrics must match TrackEval to the last bit.
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

    /// <summary>
    /// IoU of one box against a run of boxes given as columns (x0, y0, x1, y1, area), four at a time.
    /// Every lane does the same IEEE operations as <see cref="IoU"/>, so the results are identical.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void IoURow(in Corners a, ReadOnlySpan<double> x0, ReadOnlySpan<double> y0, ReadOnlySpan<double> x1,
        ReadOnlySpan<double> y1, ReadOnlySpan<double> area, Span<double> result)
    {
        int n = result.Length;
        int j = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<double>.Count)
        {
            var ax0 = Vector256.Create(a.X0);
            var ay0 = Vector256.Create(a.Y0);
            var ax1 = Vector256.Create(a.X1);
            var ay1 = Vector256.Create(a.Y1);
            var aArea = Vector256.Create(a.Area);
            var zero = Vector256<double>.Zero;
            var eps = Vector256.Create(Epsilon);
            bool aDegenerate = a.Area <= Epsilon;
            for (; j <= n - Vector256<double>.Count; j += Vector256<double>.Count)
            {
                var bArea = Vector256.Create(area.Slice(j, 4));
                var iw = Vector256.Max(Vector256.Min(ax1, Vector256.Create(x1.Slice(j, 4))) - Vector256.Max(ax0, Vector256.Create(x0.Slice(j, 4))), zero);
                var ih = Vector256.Max(Vector256.Min(ay1, Vector256.Create(y1.Slice(j, 4))) - Vector256.Max(ay0, Vector256.Create(y0.Slice(j, 4))), zero);
                var intersection = iw * ih;
                var union = aArea + bArea - intersection;
                var invalid = Vector256.LessThanOrEqual(bArea, eps) | Vector256.LessThanOrEqual(union, eps);
                // Most boxes of a frame do not overlap a given one: when no lane does, skip the division.
                // A zero intersection over a valid (positive, finite) union is that same zero, sign included.
                var quotient = Vector256.EqualsAll(intersection, zero) ? intersection : intersection / union;
                var iou = Vector256.ConditionalSelect(invalid, zero, quotient);
                if (aDegenerate) iou = zero;
                iou.CopyTo(result.Slice(j, 4));
            }
        }
        for (; j < n; j++) result[j] = IoU(a, new Corners(x0[j], y0[j], x1[j], y1[j], area[j]));
    }
}
