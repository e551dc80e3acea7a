using MathNet.Numerics.LinearAlgebra;
using MotTracker.Tracking.Motion;

namespace MotTracker.Tracking.Tests;

/// <summary>The hand-written filter against the textbook equations evaluated with MathNet's general matrices.</summary>
public sealed class KalmanFilterTests
{
    private static readonly MatrixBuilder<double> M = Matrix<double>.Build;

    private static Matrix<double> Motion()
    {
        var f = M.DenseIdentity(8);
        for (int i = 0; i < 4; i++) f[i, i + 4] = 1;
        return f;
    }

    private static Matrix<double> Diag(params double[] std) => M.DenseOfDiagonalArray(std.Select(s => s * s).ToArray());

    [Fact]
    public void Predict_then_update_match_the_general_matrix_equations()
    {
        var random = new Random(3);
        double[] mean = new double[8], cov = new double[64];
        KalmanFilterXyah.Initiate([100, 200, 0.4, 120], mean, cov);
        var x = Vector<double>.Build.DenseOfArray((double[])mean.Clone());
        var p = M.DenseOfRowMajor(8, 8, cov);
        var f = Motion();
        var h = M.DenseIdentity(4, 8);
        const double wp = 1.0 / 20, wv = 1.0 / 160;

        for (int step = 0; step < 25; step++)
        {
            KalmanFilterXyah.Predict(mean, cov);
            double hh = x[3];
            var q = Diag(wp * hh, wp * hh, 1e-2, wp * hh, wv * hh, wv * hh, 1e-5, wv * hh);
            x = f * x;
            p = f * p * f.Transpose() + q;

            double[] z = [100 + step * 3 + random.NextDouble(), 200 - step + random.NextDouble(), 0.4 + random.NextDouble() * 0.01, 120 + random.NextDouble() * 4];
            KalmanFilterXyah.Update(mean, cov, z);
            double hu = x[3];
            var s = h * p * h.Transpose() + Diag(wp * hu, wp * hu, 1e-1, wp * hu);
            var k = p * h.Transpose() * s.Inverse();
            x = x + k * (Vector<double>.Build.DenseOfArray(z) - h * x);
            p = p - k * s * k.Transpose();

            for (int i = 0; i < 8; i++) mean[i].ShouldBe(x[i], Math.Abs(x[i]) * 1e-10 + 1e-12);
            for (int i = 0; i < 64; i++) cov[i].ShouldBe(p[i / 8, i % 8], Math.Abs(p[i / 8, i % 8]) * 1e-8 + 1e-12);
        }
    }

    [Fact]
    public void Initial_covariance_scales_with_box_height()
    {
        double[] mean = new double[8], cov = new double[64];
        KalmanFilterXyah.Initiate([10, 20, 0.5, 100], mean, cov);
        mean.ShouldBe([10, 20, 0.5, 100, 0, 0, 0, 0]);
        cov[0].ShouldBe(Math.Pow(2 * 100 / 20.0, 2), 1e-12);
        cov[2 * 9].ShouldBe(1e-4, 1e-18);
        cov[4 * 9].ShouldBe(Math.Pow(10 * 100 / 160.0, 2), 1e-12);
        cov[6 * 9].ShouldBe(1e-10, 1e-22);
        cov.Count(v => v != 0).ShouldBe(8);
    }

    [Fact]
    public void Box_and_measurement_conversions_are_inverse()
    {
        var box = new BoundingBox(12.5, 40, 30, 90);
        Span<double> z = stackalloc double[8];
        KalmanFilterXyah.ToMeasurement(box, z);
        z[..4].ToArray().ShouldBe([27.5, 85, 30.0 / 90, 90]);
        var back = KalmanFilterXyah.ToBox(z);
        back.X.ShouldBe(12.5, 1e-12);
        back.Y.ShouldBe(40, 1e-12);
        back.Width.ShouldBe(30, 1e-12);
        back.Height.ShouldBe(90, 1e-12);
    }
}
