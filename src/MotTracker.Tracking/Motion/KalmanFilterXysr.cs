namespace MotTracker.Tracking.Motion;

/// <summary>
/// SORT's constant-velocity Kalman filter on (cx, cy, s, r, vcx, vcy, vs): centre, area (scale) s = w·h
/// and aspect ratio r = w/h, with velocities for everything but the ratio. Used by OC-SORT, whose noise
/// settings it carries (the reference KalmanBoxTracker: R[2:,2:] x 10, P[4:,4:] x 1000 then P x 10,
/// Q[4:,4:] x 0.01 and Q[6,6] x 0.01 more, all on identity matrices).
/// </summary>
/// <remarks>
/// Written out for the fixed 7x7 / 4x4 shapes on spans, allocation-free: it runs for every track in every
/// frame (and several times per frame during OC-SORT's re-update). Measurement matrix H picks the first
/// four state entries, so H P and P Hᵀ are just slices of P. State is row-major: mean[7], covariance[49].
/// </remarks>
public static class KalmanFilterXysr
{
    public const int StateSize = 7;
    public const int CovarianceSize = StateSize * StateSize;

    // Diagonals of the reference's matrices (SORT, kept by OC-SORT).
    private static ReadOnlySpan<double> InitialCovariance => [10, 10, 10, 10, 10_000, 10_000, 10_000];
    private static ReadOnlySpan<double> ProcessNoise => [1, 1, 1, 1, 0.01, 0.01, 0.0001];
    private static ReadOnlySpan<double> MeasurementNoise => [1, 1, 10, 10];

    /// <summary>Initial state: the measurement with zero velocity, and SORT's large velocity uncertainty.</summary>
    public static void Initiate(ReadOnlySpan<double> measurement, Span<double> mean, Span<double> covariance) =>
        KalmanCore.Initiate(measurement, 4, InitialCovariance, mean, covariance);

    /// <summary>One step ahead: x' = F x, P' = F P Fᵀ + Q, where F adds each velocity to its quantity.</summary>
    public static void Predict(Span<double> mean, Span<double> covariance) =>
        // x, y and s move with their velocities (indices 4..6); r has none.
        KalmanCore.Predict(mean, covariance, 4, 3, ProcessNoise);

    /// <summary>Corrects the state with a measurement z = (cx, cy, s, r).</summary>
    public static void Update(Span<double> mean, Span<double> covariance, ReadOnlySpan<double> measurement)
    {
        // S = H P Hᵀ + R (the top-left 4x4 block of P plus R), factored by Cholesky: S is symmetric positive definite.
        Span<double> l = stackalloc double[16];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                l[i * 4 + j] = covariance[i * StateSize + j] + (i == j ? MeasurementNoise[i] : 0);
        CholeskyInPlace(l);

        // Kᵀ = S⁻¹ (H P), a 4x7 matrix solved column by column.
        Span<double> kt = stackalloc double[4 * StateSize];
        Span<double> column = stackalloc double[4];
        for (int c = 0; c < StateSize; c++)
        {
            for (int r = 0; r < 4; r++) column[r] = covariance[r * StateSize + c];
            CholeskySolve(l, column);
            for (int r = 0; r < 4; r++) kt[r * StateSize + c] = column[r];
        }

        Span<double> innovation = stackalloc double[4];
        for (int r = 0; r < 4; r++) innovation[r] = measurement[r] - mean[r];
        for (int i = 0; i < StateSize; i++)
        {
            double sum = 0;
            for (int r = 0; r < 4; r++) sum += kt[r * StateSize + i] * innovation[r];
            mean[i] += sum;
        }

        // P' = P - K (H P); the result is symmetric, so compute one triangle from the old P and mirror it.
        Span<double> hp = stackalloc double[4 * StateSize];
        covariance[..(4 * StateSize)].CopyTo(hp);
        for (int i = 0; i < StateSize; i++)
            for (int j = i; j < StateSize; j++)
            {
                double sum = 0;
                for (int r = 0; r < 4; r++) sum += kt[r * StateSize + i] * hp[r * StateSize + j];
                covariance[i * StateSize + j] -= sum;
                if (j != i) covariance[j * StateSize + i] = covariance[i * StateSize + j];
            }
    }

    /// <summary>Top-left (x1, y1, x2, y2) box to the measurement (cx, cy, s, r); r = w / (h + 1e-6) as the reference writes it.</summary>
    public static void ToMeasurement(in BoundingBox box, Span<double> measurement)
    {
        measurement[0] = box.X + box.Width / 2;
        measurement[1] = box.Y + box.Height / 2;
        measurement[2] = box.Width * box.Height;
        measurement[3] = box.Width / (box.Height + 1e-6);
    }

    /// <summary>The box a state stands for: w = √(s·r), h = s / w. NaN sides when s·r &lt; 0 (a collapsed track).</summary>
    public static BoundingBox ToBox(ReadOnlySpan<double> mean)
    {
        double w = Math.Sqrt(mean[2] * mean[3]);
        double h = mean[2] / w;
        return new BoundingBox(mean[0] - w / 2, mean[1] - h / 2, w, h);
    }

    private static void CholeskyInPlace(Span<double> a)
    {
        for (int j = 0; j < 4; j++)
        {
            double d = a[j * 4 + j];
            for (int k = 0; k < j; k++) d -= a[j * 4 + k] * a[j * 4 + k];
            d = Math.Sqrt(d);
            a[j * 4 + j] = d;
            for (int i = j + 1; i < 4; i++)
            {
                double s = a[i * 4 + j];
                for (int k = 0; k < j; k++) s -= a[i * 4 + k] * a[j * 4 + k];
                a[i * 4 + j] = s / d;
            }
        }
    }

    private static void CholeskySolve(ReadOnlySpan<double> l, Span<double> b)
    {
        for (int i = 0; i < 4; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i * 4 + k] * b[k];
            b[i] = s / l[i * 4 + i];
        }
        for (int i = 3; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < 4; k++) s -= l[k * 4 + i] * b[k];
            b[i] = s / l[i * 4 + i];
        }
    }
}
