namespace MotTracker.Tracking.Motion;

/// <summary>
/// Moves a Kalman state from the previous frame's image coordinates into this frame's, given the
/// camera's motion as an affine warp (BoT-SORT, Aharon et al. 2022, sec. 3.2; reference
/// <c>STrack.multi_gmc</c>).
/// </summary>
/// <remarks>
/// The 8-d state is read as four 2-vectors, (x, y), (w, h), (vx, vy), (vw, vh), each mapped by the
/// warp's 2x2 linear part R (the state transform is the block diagonal kron(I₄, R)); only the
/// position also takes the translation. The covariance becomes M P Mᵀ. This is exact for the
/// BoT-SORT (x, y, w, h) state under translation and zoom; under rotation the reference's treatment of
/// (w, h) as a vector is an approximation kept on purpose. It is not meant for states holding an aspect
/// ratio or an area (xyah, xysr), whose size entries do not transform as a vector.
/// </remarks>
public static class CameraMotion
{
    public const int StateSize = 8;

    /// <summary>Applies <paramref name="warp"/> to <paramref name="mean"/>[8] and <paramref name="covariance"/>[64] in place.</summary>
    public static void Apply(in AffineWarp warp, Span<double> mean, Span<double> covariance)
    {
        if (mean.Length < StateSize || covariance.Length < StateSize * StateSize)
            throw new ArgumentException("the state must be 8-d with an 8x8 covariance");
        double r11 = warp.M11, r12 = warp.M12, r21 = warp.M21, r22 = warp.M22;

        for (int p = 0; p < 8; p += 2)
        {
            double a = mean[p], b = mean[p + 1];
            mean[p] = r11 * a + r12 * b;
            mean[p + 1] = r21 * a + r22 * b;
        }
        mean[0] += warp.M13;
        mean[1] += warp.M23;

        // M P: each pair of rows mixes by R.
        for (int p = 0; p < 8; p += 2)
        {
            int ra = p * 8, rb = (p + 1) * 8;
            for (int c = 0; c < 8; c++)
            {
                double a = covariance[ra + c], b = covariance[rb + c];
                covariance[ra + c] = r11 * a + r12 * b;
                covariance[rb + c] = r21 * a + r22 * b;
            }
        }
        // (M P) Mᵀ: each pair of columns mixes by R.
        for (int r = 0; r < 8; r++)
        {
            int row = r * 8;
            for (int p = 0; p < 8; p += 2)
            {
                double a = covariance[row + p], b = covariance[row + p + 1];
                covariance[row + p] = r11 * a + r12 * b;
                covariance[row + p + 1] = r21 * a + r22 * b;
            }
        }
    }

    /// <summary>
    /// The box whose top-left and bottom-right corners are <paramref name="box"/>'s corners moved by
    /// <paramref name="warp"/>: how BoostTrack, StrongSORT and Hybrid-SORT move a track's box into the
    /// new frame (their camera_update), and how Deep OC-SORT moves stored observations.
    /// </summary>
    public static BoundingBox WarpBox(in AffineWarp warp, in BoundingBox box)
    {
        var (x1, y1) = warp.Apply(box.X, box.Y);
        var (x2, y2) = warp.Apply(box.Right, box.Bottom);
        return new BoundingBox(x1, y1, x2 - x1, y2 - y1);
    }

    /// <summary>
    /// Moves the centre (state entries 0, 1) by the full warp and the centre's velocity (entries
    /// <paramref name="velocityIndex"/>, +1) by its linear part, and the covariance to M P Mᵀ, for a state
    /// of <paramref name="stateSize"/> entries whose size terms (area, ratio, confidence) do not transform
    /// as vectors and are left alone: Deep OC-SORT's correction of its (cx, cy, s, r) filter
    /// (Maggiolino et al. 2023, sec. 3.1).
    /// </summary>
    public static void ApplyToCentre(in AffineWarp warp, Span<double> mean, Span<double> covariance, int stateSize, int velocityIndex)
    {
        int n = stateSize;
        double r11 = warp.M11, r12 = warp.M12, r21 = warp.M21, r22 = warp.M22;
        double a = mean[0], b = mean[1];
        mean[0] = r11 * a + r12 * b + warp.M13;
        mean[1] = r21 * a + r22 * b + warp.M23;
        a = mean[velocityIndex];
        b = mean[velocityIndex + 1];
        mean[velocityIndex] = r11 * a + r12 * b;
        mean[velocityIndex + 1] = r21 * a + r22 * b;
        // M P then (M P) Mᵀ, where M mixes the two pairs of rows (columns) by R.
        foreach (int p in (ReadOnlySpan<int>)[0, velocityIndex])
        {
            for (int c = 0; c < n; c++)
            {
                double x = covariance[p * n + c], y = covariance[(p + 1) * n + c];
                covariance[p * n + c] = r11 * x + r12 * y;
                covariance[(p + 1) * n + c] = r21 * x + r22 * y;
            }
            for (int r = 0; r < n; r++)
            {
                double x = covariance[r * n + p], y = covariance[r * n + p + 1];
                covariance[r * n + p] = r11 * x + r12 * y;
                covariance[r * n + p + 1] = r21 * x + r22 * y;
            }
        }
    }
}
