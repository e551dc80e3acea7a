namespace MotTracker.Tracking.Motion;

/// <summary>
/// BoT-SORT's constant-velocity Kalman filter on (cx, cy, w, h, vcx, vcy, vw, vh) (Aharon et al. 2022,
/// sec. 3.1): estimating width directly instead of the aspect ratio fits boxes better. Every noise term
/// is proportional to the width or the height it belongs to (weights 1/20 and 1/160, as the reference
/// kalman_filter.py). State is row-major: mean[8], covariance[64].
/// </summary>
public static class KalmanFilterXywh
{
    public const int StateSize = 8;

    /// <summary>Reference <c>_std_weight_position</c>.</summary>
    public const double StdWeightPosition = 1.0 / 20;

    /// <summary>Reference <c>_std_weight_velocity</c>.</summary>
    public const double StdWeightVelocity = 1.0 / 160;

    /// <summary>Initial state from a measurement (cx, cy, w, h): zero velocity, size-scaled uncertainty.</summary>
    public static void Initiate(ReadOnlySpan<double> measurement, Span<double> mean, Span<double> covariance)
    {
        double w = measurement[2], h = measurement[3];
        double pw = 2 * StdWeightPosition * w, ph = 2 * StdWeightPosition * h;
        double vw = 10 * StdWeightVelocity * w, vh = 10 * StdWeightVelocity * h;
        Span<double> variance = [pw * pw, ph * ph, pw * pw, ph * ph, vw * vw, vh * vh, vw * vw, vh * vh];
        KalmanCore.Initiate(measurement, 4, variance, mean, covariance);
    }

    /// <summary>One step ahead: x' = F x, P' = F P Fᵀ + Q, with F = [[I, I], [0, I]] and Q from the size before the step.</summary>
    public static void Predict(Span<double> mean, Span<double> covariance)
    {
        double w = mean[2], h = mean[3];
        double pw = StdWeightPosition * w, ph = StdWeightPosition * h;
        double vw = StdWeightVelocity * w, vh = StdWeightVelocity * h;
        Span<double> q = [pw * pw, ph * ph, pw * pw, ph * ph, vw * vw, vh * vh, vw * vw, vh * vh];
        KalmanCore.Predict(mean, covariance, 4, 4, q);
    }

    /// <summary>Corrects the state with a measurement (cx, cy, w, h).</summary>
    public static void Update(Span<double> mean, Span<double> covariance, ReadOnlySpan<double> measurement)
    {
        Span<double> noise = stackalloc double[4];
        MeasurementNoise(mean, noise);
        KalmanCorrection.Update(mean, covariance, measurement, noise);
    }

    /// <summary>The measurement noise variances at this state (reference <c>project</c>).</summary>
    public static void MeasurementNoise(ReadOnlySpan<double> mean, Span<double> variance)
    {
        double pw = StdWeightPosition * mean[2], ph = StdWeightPosition * mean[3];
        variance[0] = pw * pw;
        variance[1] = ph * ph;
        variance[2] = pw * pw;
        variance[3] = ph * ph;
    }

    /// <summary>(x, y, w, h) top-left box to the filter's (cx, cy, w, h) measurement.</summary>
    public static void ToMeasurement(in BoundingBox box, Span<double> measurement)
    {
        measurement[0] = box.X + box.Width / 2;
        measurement[1] = box.Y + box.Height / 2;
        measurement[2] = box.Width;
        measurement[3] = box.Height;
    }

    /// <summary>The box a state's mean stands for.</summary>
    public static BoundingBox ToBox(ReadOnlySpan<double> mean) =>
        new(mean[0] - mean[2] / 2, mean[1] - mean[3] / 2, mean[2], mean[3]);
}
