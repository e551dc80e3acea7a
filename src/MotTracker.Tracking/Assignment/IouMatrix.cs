namespace MotTracker.Tracking.Assignment;

/// <summary>Batched IoU between two box lists, written into a caller-owned row-major matrix.</summary>
public static class IouMatrix
{
    /// <summary>
    /// Fills <paramref name="result"/>[i * b.Length + j] with IoU(a[i], b[j]).
    /// </summary>
    /// <param name="pixelInclusive">
    /// True uses the "+1 pixel" convention of py-faster-rcnn's <c>bbox_overlaps</c> (width = x2 - x1 + 1),
    /// which the reference ByteTrack associates with; false is the plain continuous IoU used by TrackEval.
    /// </param>
    public static void Compute(ReadOnlySpan<BoundingBox> a, ReadOnlySpan<BoundingBox> b, Span<double> result, bool pixelInclusive)
    {
        if (result.Length < a.Length * b.Length)
            throw new ArgumentException("result is smaller than a.Length * b.Length", nameof(result));
        double one = pixelInclusive ? 1.0 : 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            double ax1 = a[i].X, ay1 = a[i].Y, ax2 = a[i].Right, ay2 = a[i].Bottom;
            double areaA = (ax2 - ax1 + one) * (ay2 - ay1 + one);
            var row = result.Slice(i * b.Length, b.Length);
            for (int j = 0; j < b.Length; j++)
            {
                double bx1 = b[j].X, by1 = b[j].Y, bx2 = b[j].Right, by2 = b[j].Bottom;
                double iw = Math.Min(ax2, bx2) - Math.Max(ax1, bx1) + one;
                double value = 0;
                if (iw > 0)
                {
                    double ih = Math.Min(ay2, by2) - Math.Max(ay1, by1) + one;
                    if (ih > 0)
                    {
                        double inter = iw * ih;
                        double union = areaA + (bx2 - bx1 + one) * (by2 - by1 + one) - inter;
                        value = union > 0 ? inter / union : 0;
                    }
                }
                row[j] = value;
            }
        }
    }
}
