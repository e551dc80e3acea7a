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
}
