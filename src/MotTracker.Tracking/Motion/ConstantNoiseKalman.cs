namespace MotTracker.Tracking.Motion;

/// <summary>
/// SORT's kind of constant-velocity Kalman filter with constant, diagonal noise, for any small state
/// whose measurement is its first <see cref="MeasurementSize"/> entries and whose first
/// <see cref="VelocityCount"/> entries have a velocity (entry i's at index MeasurementSize + i).
/// BoostTrack uses it on (cx, cy, h, r) with four velocities, Hybrid-SORT on (cx, cy, s, c, r) with
/// velocities of the centre, the area and the confidence.
/// </summary>
/// <remarks>
/// An instance holds only the model (sizes and noise diagonals) and may be shared by every track;
/// states live in the tracks (mean[n], covariance[n·n], row-major). Allocation-free: work space is on the stack.
/// </remarks>
public sealed class ConstantNoiseKalman
{
    private readonly double[] _initialCovariance;
    private readonly double[] _processNoise;
    private readonly double[] _measurementNoise;

    /// <param name="initialCovariance">Diagonal of P₀ (n entries).</param>
    /// <param name="processNoise">Diagonal of Q (n entries).</param>
    /// <param name="measurementNoise">Diagonal of R (m entries).</param>
    /// <param name="velocityCount">How many leading entries have a velocity.</param>
    public ConstantNoiseKalman(double[] initialCovariance, double[] processNoise, double[] measurementNoise, int velocityCount)
    {
        StateSize = initialCovariance.Length;
        MeasurementSize = measurementNoise.Length;
        if (processNoise.Length != StateSize || MeasurementSize + velocityCount != StateSize || StateSize > 12)
            throw new ArgumentException("sizes do not fit: n = m + velocities, Q has n entries, n ≤ 12");
        VelocityCount = velocityCount;
        _initialCovariance = initialCovariance;
        _processNoise = processNoise;
        _measurementNoise = measurementNoise;
    }

    public int StateSize { get; }
    public int MeasurementSize { get; }
    public int VelocityCount { get; }

    /// <summary>The state at the measurement, velocities zero, covariance P₀.</summary>
    public void Initiate(ReadOnlySpan<double> measurement, Span<double> mean, Span<double> covariance)
    {
        int n = StateSize;
        mean[..n].Clear();
        measurement[..MeasurementSize].CopyTo(mean);
        covariance[..(n * n)].Clear();
        for (int i = 0; i < n; i++) covariance[i * (n + 1)] = _initialCovariance[i];
    }

    /// <summary>x' = F x, P' = F P Fᵀ + Q, where F adds each velocity to its quantity.</summary>
    public void Predict(Span<double> mean, Span<double> covariance)
    {
        int n = StateSize, m = MeasurementSize, k = VelocityCount;
        for (int i = 0; i < k; i++) mean[i] += mean[m + i];
        for (int i = 0; i < k; i++)
        {
            int r = i * n, s = (m + i) * n;
            for (int j = 0; j < n; j++) covariance[r + j] += covariance[s + j];
        }
        for (int i = 0; i < n; i++)
        {
            int r = i * n;
            for (int j = 0; j < k; j++) covariance[r + j] += covariance[r + m + j];
        }
        for (int i = 0; i < n; i++) covariance[i * (n + 1)] += _processNoise[i];
    }

    /// <summary>Corrects the state with a measurement z (the first m state entries observed).</summary>
    public void Update(Span<double> mean, Span<double> covariance, ReadOnlySpan<double> measurement)
    {
        int n = StateSize, m = MeasurementSize;
        // S = P[:m,:m] + R, factored by Cholesky.
        Span<double> s = stackalloc double[m * m];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                s[i * m + j] = covariance[i * n + j] + (i == j ? _measurementNoise[i] : 0);
        Span<double> l = stackalloc double[m * m];
        Gating.Cholesky(s, m, l);

        // Kᵀ = S⁻¹ (H P): m x n, solved column by column.
        Span<double> kt = stackalloc double[m * n];
        Span<double> column = stackalloc double[m];
        for (int c = 0; c < n; c++)
        {
            for (int r = 0; r < m; r++) column[r] = covariance[r * n + c];
            for (int i = 0; i < m; i++)
            {
                double sum = column[i];
                for (int q = 0; q < i; q++) sum -= l[i * m + q] * column[q];
                column[i] = sum / l[i * m + i];
            }
            for (int i = m - 1; i >= 0; i--)
            {
                double sum = column[i];
                for (int q = i + 1; q < m; q++) sum -= l[q * m + i] * column[q];
                column[i] = sum / l[i * m + i];
            }
            for (int r = 0; r < m; r++) kt[r * n + c] = column[r];
        }

        Span<double> innovation = stackalloc double[m];
        for (int r = 0; r < m; r++) innovation[r] = measurement[r] - mean[r];
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int r = 0; r < m; r++) sum += kt[r * n + i] * innovation[r];
            mean[i] += sum;
        }

        // P' = P - K (H P), symmetric: one triangle from the old rows, mirrored.
        Span<double> hp = stackalloc double[m * n];
        covariance[..(m * n)].CopyTo(hp);
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++)
            {
                double sum = 0;
                for (int r = 0; r < m; r++) sum += kt[r * n + i] * hp[r * n + j];
                covariance[i * n + j] -= sum;
                if (j != i) covariance[j * n + i] = covariance[i * n + j];
            }
    }
}
