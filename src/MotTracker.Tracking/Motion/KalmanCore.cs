namespace MotTracker.Tracking.Motion;

/// <summary>
/// The predict and initiate steps every constant-velocity Kalman filter here shares (SORT's x, y, s, r;
/// DeepSORT's and ByteTrack's cx, cy, a, h; BoT-SORT's cx, cy, w, h), written once: the state is
/// <c>positions</c> measured values followed by the velocities of the first <c>velocities</c> of them
/// (velocity of value i at index positions + i), row-major, with diagonal initial and process noise. Each
/// filter supplies its noise model (which may depend on the state) and its measurement form.
/// </summary>
/// <remarks>
/// F P Fᵀ is done as two in-place passes (F = [[I, V], [0, I]] adds velocity rows, then columns), the
/// operation order each filter used before, so results are the same to the bit.
/// </remarks>
public static class KalmanCore
{
    /// <summary>The state from a first measurement: zero velocity, covariance diag(<paramref name="variance"/>).</summary>
    public static void Initiate(ReadOnlySpan<double> measurement, int positions, ReadOnlySpan<double> variance, Span<double> mean, Span<double> covariance)
    {
        int n = variance.Length;
        mean[..n].Clear();
        measurement[..positions].CopyTo(mean);
        covariance[..(n * n)].Clear();
        for (int i = 0; i < n; i++) covariance[i * (n + 1)] = variance[i];
    }

    /// <summary>One step ahead: x' = F x, P' = F P Fᵀ + diag(<paramref name="processVariance"/>).</summary>
    public static void Predict(Span<double> mean, Span<double> covariance, int positions, int velocities, ReadOnlySpan<double> processVariance)
    {
        int n = processVariance.Length;
        for (int i = 0; i < velocities; i++) mean[i] += mean[i + positions];
        // F P: the rows of moving values gain their velocity's row.
        for (int i = 0; i < velocities; i++)
        {
            int r = i * n, s = (i + positions) * n;
            for (int j = 0; j < n; j++) covariance[r + j] += covariance[s + j];
        }
        // (F P) Fᵀ: the same for columns.
        for (int i = 0; i < n; i++)
        {
            int r = i * n;
            for (int j = 0; j < velocities; j++) covariance[r + j] += covariance[r + j + positions];
        }
        for (int i = 0; i < n; i++) covariance[i * (n + 1)] += processVariance[i];
    }
}
