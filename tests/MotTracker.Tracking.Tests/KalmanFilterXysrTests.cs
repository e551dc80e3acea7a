using MathNet.Numerics.LinearAlgebra;
using MotTracker.Tracking.Motion;

namespace MotTracker.Tracking.Tests;

/// <summary>OC-SORT's (cx, cy, s, r) filter against the textbook equations with SORT's matrices, in MathNet.</summary>
public sealed class KalmanFilterXysrTests
{
    private static readonly MatrixBuilder<double> M = Matrix<double>.Build;

    [Fact]
    public void Predict_then_update_match_the_general_matrix_equations_with_sorts_noise()
    {
        var f = M.DenseIdentity(7);
        for (int i = 0; i < 3; i++) f[i, i + 4] = 1;
        var h = M.DenseIdentity(4, 7);
        // SORT / OC-SORT: R = diag(1, 1, 10, 10); Q = diag(1, 1, 1, 1, 0.01, 0.01, 0.0001); P0 = diag(10 x 4, 10000 x 3).
        var r = M.DenseOfDiagonalArray([1, 1, 10, 10]);
        var q = M.DenseOfDiagonalArray([1, 1, 1, 1, 0.01, 0.01, 0.0001]);
        double[] mean = new double[7], cov = new double[49];
        KalmanFilterXysr.Initiate([100, 200, 4800, 0.4], mean, cov);
        var x = Vector<double>.Build.DenseOfArray([100, 200, 4800, 0.4, 0, 0, 0]);
        var p = M.DenseOfDiagonalArray([10, 10, 10, 10, 10_000, 10_000, 10_000]);
        mean.ShouldBe(x.ToArray());
        cov.ShouldBe(p.ToRowMajorArray());

        var random = new Random(5);
        for (int step = 0; step < 25; step++)
        {
            KalmanFilterXysr.Predict(mean, cov);
            x = f * x;
            p = f * p * f.Transpose() + q;
            if (step % 4 == 3) continue; // a missed frame now and then: predictions pile up

            double[] z = [100 + 3 * step + random.NextDouble(), 200 - step + random.NextDouble(), 4800 + 20 * step + random.NextDouble() * 50, 0.4 + random.NextDouble() * 0.01];
            KalmanFilterXysr.Update(mean, cov, z);
            var s = h * p * h.Transpose() + r;
            var k = p * h.Transpose() * s.Inverse();
            x = x + k * (Vector<double>.Build.DenseOfArray(z) - h * x);
            p = p - k * s * k.Transpose();

            for (int i = 0; i < 7; i++) mean[i].ShouldBe(x[i], Math.Abs(x[i]) * 1e-9 + 1e-9);
            for (int i = 0; i < 49; i++) cov[i].ShouldBe(p[i / 7, i % 7], Math.Abs(p[i / 7, i % 7]) * 1e-8 + 1e-9);
        }
    }

    [Fact]
    public void Boxes_round_trip_through_the_area_and_ratio_measurement()
    {
        Span<double> z = stackalloc double[4];
        KalmanFilterXysr.ToMeasurement(new BoundingBox(10, 20, 40, 100), z);
        z[0].ShouldBe(30);
        z[1].ShouldBe(70);
        z[2].ShouldBe(4000);
        z[3].ShouldBe(40 / (100 + 1e-6), 1e-15); // the reference's w / (h + 1e-6)
        double[] mean = [30, 70, 4000, 0.4, 0, 0, 0];
        var box = KalmanFilterXysr.ToBox(mean);
        box.X.ShouldBe(10, 1e-9);
        box.Width.ShouldBe(40, 1e-9);
        box.Height.ShouldBe(100, 1e-9);
    }
}
