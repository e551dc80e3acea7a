namespace MotTracker.Tracking.Motion;

/// <summary>
/// Gating of measurements against a Kalman track: the squared Mahalanobis distance between a
/// measurement and the track's projected state, compared with a chi-square quantile (Wojke et al. 2017,
/// sec. 2.2). Works on a factorised innovation covariance so one track is factorised once per frame and
/// tested against every detection.
/// </summary>
public static class Gating
{
    /// <summary>
    /// The 0.95 quantile of the chi-square distribution for 1 to 9 degrees of freedom (index = dof),
    /// the table DeepSORT's reference kalman_filter.py calls chi2inv95. Index 0 is unused.
    /// </summary>
    private static readonly double[] Chi2Inv95Table = [double.NaN, 3.8415, 5.9915, 7.8147, 9.4877, 11.070, 12.592, 14.067, 15.507, 16.919];

    /// <summary>The chi-square 0.95 quantile for <paramref name="degreesOfFreedom"/> (1 to 9): 4 dof gives 9.4877.</summary>
    public static double Chi2Inv95(int degreesOfFreedom) =>
        degreesOfFreedom is >= 1 and <= 9
            ? Chi2Inv95Table[degreesOfFreedom]
            : throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom, "the table covers 1 to 9 degrees of freedom");

    /// <summary>
    /// Lower Cholesky factor of a symmetric positive definite <paramref name="dimension"/>² matrix
    /// (row-major); only the lower triangle of <paramref name="lower"/> is written.
    /// </summary>
    public static void Cholesky(ReadOnlySpan<double> matrix, int dimension, Span<double> lower)
    {
        int n = dimension;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double sum = matrix[i * n + j];
                for (int k = 0; k < j; k++) sum -= lower[i * n + k] * lower[j * n + k];
                lower[i * n + j] = i == j ? Math.Sqrt(sum) : sum / lower[j * n + j];
            }
        }
    }

    /// <summary>
    /// (z - μ)ᵀ S⁻¹ (z - μ) with S = L Lᵀ: the squared length of L⁻¹ (z - μ), by forward substitution,
    /// as the reference does with solve_triangular.
    /// </summary>
    public static double SquaredMahalanobis(ReadOnlySpan<double> lower, ReadOnlySpan<double> mean, ReadOnlySpan<double> measurement, int dimension)
    {
        int n = dimension;
        Span<double> y = stackalloc double[n];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double sum = measurement[i] - mean[i];
            for (int k = 0; k < i; k++) sum -= lower[i * n + k] * y[k];
            y[i] = sum / lower[i * n + i];
            total += y[i] * y[i];
        }
        return total;
    }
}
