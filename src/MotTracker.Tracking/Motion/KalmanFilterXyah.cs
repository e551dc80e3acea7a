namespace MotTracker.Tracking.Motion;

/// <summary>
/// Constant-velocity Kalman filter on (cx, cy, a, h, vcx, vcy, va, vh), with the noise model of SORT /
/// DeepSORT / ByteTrack: position and velocity standard deviations proportional to the box height
/// (weights 1/20 and 1/160), fixed small noise on the aspect ratio.
/// </summary>
/// <remarks>
/// Written out by hand for 8x8 / 4x4 matrices on spans: this runs for every track in every frame, and a
/// general matrix library allocates per call. Tests check it against MathNet.Numerics' general routines.
/// State is row-major: mean[8], covariance[64].
/// </remarks>
public static class KalmanFilterXyah
{
    public const int StateSize = 8;
    public const double StdWeightPosition = 1.0 / 20;
    public const double StdWeightVelocity = 1.0 / 160;

    /// <summary>Initial state from a measurement (cx, cy, a, h): zero velocity, height-scaled uncertainty.</summary>
    public static void Initiate(ReadOnlySpan<double> measurement, Span<double> mean, Span<double> covariance)
    {
        double h = measurement[3];
        double p = 2 * StdWeightPosition * h, v = 10 * StdWeightVelocity * h;
        Span<double> variance = [p * p, p * p, 1e-2 * 1e-2, p * p, v * v, v * v, 1e-5 * 1e-5, v * v];
        KalmanCore.Initiate(measurement, 4, variance, mean, covariance);
    }

    /// <summary>One step ahead: x' = F x, P' = F P Fᵀ + Q, with F = [[I, I], [0, I]] and Q scaled by the height.</summary>
    public static void Predict(Span<double> mean, Span<double> covariance)
    {
        double h = mean[3];
        double sp = StdWeightPosition * h, sv = StdWeightVelocity * h;
        Span<double> q = [sp * sp, sp * sp, 1e-2 * 1e-2, sp * sp, sv * sv, sv * sv, 1e-5 * 1e-5, sv * sv];
        KalmanCore.Predict(mean, covariance, 4, 4, q);
    }

    /// <summary>Corrects the state with a measurement (cx, cy, a, h).</summary>
    public static void Update(Span<double> mean, Span<double> covariance, ReadOnlySpan<double> measurement)
    {
        Span<double> noise = stackalloc double[4];
        MeasurementNoise(mean, noise);
        KalmanCorrection.Update(mean, covariance, measurement, noise);
    }

    /// <summary>
    /// The measurement noise variances at this state (the reference's <c>project</c>), for gating with
    /// <see cref="KalmanCorrection.Project"/>: the same noise <see cref="Update"/> adds.
    /// </summary>
    public static void MeasurementNoise(ReadOnlySpan<double> mean, Span<double> variance)
    {
        double sp = StdWeightPosition * mean[3];
        variance[0] = sp * sp;
        variance[1] = sp * sp;
        variance[2] = 1e-1 * 1e-1;
        variance[3] = sp * sp;
    }

    /// <summary>
    /// The projected mean and the lower Cholesky factor of the projected covariance (full measurement
    /// noise, as the reference's gating_distance projects), for gating with <see cref="Gating.SquaredMahalanobis"/>.
    /// </summary>
    public static void ProjectForGating(ReadOnlySpan<double> mean, ReadOnlySpan<double> covariance, Span<double> projectedMean, Span<double> lower)
    {
        Span<double> noise = stackalloc double[4];
        Span<double> s = stackalloc double[16];
        MeasurementNoise(mean, noise);
        KalmanCorrection.Project(mean, covariance, noise, projectedMean, s);
        Gating.Cholesky(s, 4, lower);
    }

    /// <summary>(x, y, w, h) top-left box to the filter's (cx, cy, w/h, h) measurement.</summary>
    public static void ToMeasurement(in BoundingBox box, Span<double> measurement)
    {
        measurement[0] = box.X + box.Width / 2;
        measurement[1] = box.Y + box.Height / 2;
        measurement[2] = box.Width / box.Height;
        measurement[3] = box.Height;
    }

    /// <summary>The box a state's mean stands for.</summary>
    public static BoundingBox ToBox(ReadOnlySpan<double> mean)
    {
        double w = mean[2] * mean[3], h = mean[3];
        return new BoundingBox(mean[0] - w / 2, mean[1] - h / 2, w, h);
    }
}
