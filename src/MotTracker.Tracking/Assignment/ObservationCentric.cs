namespace MotTracker.Tracking.Assignment;

/// <summary>
/// The association pieces OC-SORT introduced and its descendants (Deep OC-SORT, Hybrid-SORT) reuse:
/// the direction-consistency term of observation-centric momentum (OCM) and the reference's shortcut
/// that takes the pairs above the IoU threshold directly when none competes.
/// </summary>
public static class ObservationCentric
{
    /// <summary>
    /// OCM's consistency of the track's observed direction (<paramref name="vy"/>, <paramref name="vx"/>,
    /// unit length or zero) with the direction from a previous observation point to a detection point:
    /// (π/2 - angle) / π, in [-1/2, 1/2], positive when they agree (Cao et al. 2023, eq. 6).
    /// </summary>
    public static double Consistency(double vy, double vx, double fromX, double fromY, double toX, double toY)
    {
        double dx = toX - fromX, dy = toY - fromY;
        double norm = Math.Sqrt(dx * dx + dy * dy) + 1e-6;
        double cos = Math.Clamp(vx * dx / norm + vy * dy / norm, -1, 1);
        return (Math.PI / 2 - Math.Abs(Math.Acos(cos))) / Math.PI;
    }

    /// <summary>
    /// True (with the pairs filled in) when no row or column has two entries above
    /// <paramref name="threshold"/> and some entry is: the reference then takes those pairs without
    /// solving an assignment.
    /// </summary>
    public static bool TryUniquePairs(ReadOnlySpan<double> similarity, int rows, int cols, double threshold, Span<int> rowMatch, Span<int> colMatch)
    {
        rowMatch[..rows].Fill(-1);
        colMatch[..cols].Fill(-1);
        bool any = false;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                if (!(similarity[r * cols + c] > threshold)) continue;
                if (rowMatch[r] >= 0 || colMatch[c] >= 0) return false;
                rowMatch[r] = c;
                colMatch[c] = r;
                any = true;
            }
        return any;
    }

    /// <summary>Whether every side of <paramref name="box"/> is finite: a track whose state collapsed (NaN box) is dropped, as in the reference.</summary>
    internal static bool IsFinite(in BoundingBox box) =>
        double.IsFinite(box.X) && double.IsFinite(box.Y) && double.IsFinite(box.Width) && double.IsFinite(box.Height);
}
