namespace MotTracker.Tracking.Motion;

/// <summary>
/// The Kalman measurement step and projection shared by the 8-d constant-velocity filters whose
/// measurement is the first four state entries (H = [I₄ 0]); each filter supplies its own measurement
/// noise. Hand-written on spans for the reason given on <see cref="KalmanFilterXyah"/>.
/// </summary>
public static class KalmanCorrection
{
    /// <summary>S = H P Hᵀ + diag(<paramref name="noiseVariance"/>) and H x: the state seen as a measurement.</summary>
    public static void Project(ReadOnlySpan<double> mean, ReadOnlySpan<double> covariance, ReadOnlySpan<double> noiseVariance,
        Span<double> projectedMean, Span<double> projectedCovariance)
    {
        for (int i = 0; i < 4; i++)
        {
            projectedMean[i] = mean[i];
            for (int j = 0; j < 4; j++) projectedCovariance[i * 4 + j] = covariance[i * 8 + j];
            projectedCovariance[i * 5] += noiseVariance[i];
        }
    }

    /// <summary>Corrects (mean, covariance) with <paramref name="measurement"/> under measurement noise diag(<paramref name="noiseVariance"/>).</summary>
    public static void Update(Span<double> mean, Span<double> covariance, ReadOnlySpan<double> measurement, ReadOnlySpan<double> noiseVariance)
    {
        Span<double> s = stackalloc double[16];
        Span<double> projected = stackalloc double[4];
        Project(mean, covariance, noiseVariance, projected, s);
        Span<double> l = stackalloc double[16];
        Gating.Cholesky(s, 4, l);

        // Gain: solve S Kᵀ = H P (4 x 8) by forward then back substitution per column.
        Span<double> kt = stackalloc double[32];
        for (int c = 0; c < 8; c++)
        {
            for (int i = 0; i < 4; i++)
            {
                double sum = covariance[i * 8 + c];
                for (int k = 0; k < i; k++) sum -= l[i * 4 + k] * kt[k * 8 + c];
                kt[i * 8 + c] = sum / l[i * 4 + i];
            }
            for (int i = 3; i >= 0; i--)
            {
                double sum = kt[i * 8 + c];
                for (int k = i + 1; k < 4; k++) sum -= l[k * 4 + i] * kt[k * 8 + c];
                kt[i * 8 + c] = sum / l[i * 4 + i];
            }
        }

        Span<double> innovation = stackalloc double[4];
        for (int i = 0; i < 4; i++) innovation[i] = measurement[i] - projected[i];
        for (int r = 0; r < 8; r++)
        {
            double sum = 0;
            for (int k = 0; k < 4; k++) sum += innovation[k] * kt[k * 8 + r];
            mean[r] += sum;
        }

        // P -= K S Kᵀ, as (K S) Kᵀ; symmetric, so the upper triangle is computed and mirrored.
        Span<double> ks = stackalloc double[32];
        for (int r = 0; r < 8; r++)
            for (int j = 0; j < 4; j++)
            {
                double sum = 0;
                for (int k = 0; k < 4; k++) sum += kt[k * 8 + r] * s[k * 4 + j];
                ks[r * 4 + j] = sum;
            }
        for (int r = 0; r < 8; r++)
            for (int c = r; c < 8; c++)
            {
                double sum = 0;
                for (int k = 0; k < 4; k++) sum += ks[r * 4 + k] * kt[k * 8 + c];
                covariance[r * 8 + c] -= sum;
                if (c != r) covariance[c * 8 + r] = covariance[r * 8 + c];
            }
    }
}
