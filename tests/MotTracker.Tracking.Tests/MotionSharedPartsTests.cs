using MathNet.Numerics.LinearAlgebra;
using MotTracker.Tracking.Motion;

namespace MotTracker.Tracking.Tests;

/// <summary>Gating, the xywh filter and the camera-motion warp of a state.</summary>
public sealed class MotionSharedPartsTests
{
    private static readonly MatrixBuilder<double> M = Matrix<double>.Build;

    [Theory]
    [InlineData(1, 3.8415)]
    [InlineData(2, 5.9915)]
    [InlineData(4, 9.4877)]
    [InlineData(9, 16.919)]
    public void The_chi_square_table_holds_the_095_quantiles(int dof, double quantile)
    {
        Gating.Chi2Inv95(dof).ShouldBe(quantile);
    }

    [Fact]
    public void The_chi_square_table_stops_at_nine_degrees_of_freedom()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => Gating.Chi2Inv95(10));
    }

    [Fact]
    public void A_fresh_tracks_squared_mahalanobis_distance_is_the_offset_over_its_projected_variance()
    {
        // Initiate at h = 100: position variance (2/20 * 100)² = 100; projection adds (100/20)² = 25.
        double[] mean = new double[8], cov = new double[64], noise = new double[4], projected = new double[4], s = new double[16], l = new double[16];
        KalmanFilterXyah.Initiate([50, 60, 0.5, 100], mean, cov);
        KalmanFilterXyah.MeasurementNoise(mean, noise);
        KalmanCorrection.Project(mean, cov, noise, projected, s);
        Gating.Cholesky(s, 4, l);

        Gating.SquaredMahalanobis(l, projected, [60, 60, 0.5, 100], 4).ShouldBe(100.0 / 125, 1e-12);
        Gating.SquaredMahalanobis(l, projected, [50, 45, 0.5, 110], 4).ShouldBe(225.0 / 125 + 100.0 / 125, 1e-12);
    }

    [Fact]
    public void The_squared_mahalanobis_distance_matches_a_direct_inverse()
    {
        var random = new Random(5);
        var a = M.Dense(4, 4, (_, _) => random.NextDouble());
        var s = a * a.Transpose() + M.DenseIdentity(4);
        double[] mean = [1, 2, 3, 4], z = [2.5, 1, 3.5, 7], l = new double[16];
        Gating.Cholesky(s.ToRowMajorArray(), 4, l);

        var d = Vector<double>.Build.DenseOfArray([1.5, -1, 0.5, 3]);
        Gating.SquaredMahalanobis(l, mean, z, 4).ShouldBe(d * s.Inverse() * d, 1e-9);
    }

    [Fact]
    public void A_translation_and_a_2x_zoom_move_the_state_and_scale_the_covariance_by_four()
    {
        double[] mean = [100, 50, 30, 60, 1, 2, 0.5, -0.5];
        var random = new Random(7);
        var a = M.Dense(8, 8, (_, _) => random.NextDouble());
        double[] cov = (a * a.Transpose()).ToRowMajorArray();
        double[] before = (double[])cov.Clone();

        CameraMotion.Apply(new AffineWarp(2, 0, 20, 0, 2, -10), mean, cov);

        mean.ShouldBe([220, 90, 60, 120, 2, 4, 1, -1]);
        for (int i = 0; i < 64; i++) cov[i].ShouldBe(4 * before[i], 1e-12);
    }

    [Fact]
    public void A_rotation_warp_equals_the_block_diagonal_product_of_the_reference()
    {
        double angle = 0.3, scale = 1.1;
        double c = scale * Math.Cos(angle), s = scale * Math.Sin(angle);
        var warp = new AffineWarp(c, -s, 7, s, c, -3);
        var random = new Random(11);
        var a = M.Dense(8, 8, (_, _) => random.NextDouble());
        var p = a * a.Transpose();
        double[] mean = [10, 20, 30, 40, 1, -1, 2, -2], cov = p.ToRowMajorArray();

        var r8 = M.DenseIdentity(4).KroneckerProduct(M.DenseOfRowMajor(2, 2, [c, -s, s, c]));
        var expectedMean = r8 * Vector<double>.Build.DenseOfArray((double[])mean.Clone());
        expectedMean[0] += 7;
        expectedMean[1] += -3;
        var expectedCov = r8 * p * r8.Transpose();

        CameraMotion.Apply(warp, mean, cov);

        for (int i = 0; i < 8; i++) mean[i].ShouldBe(expectedMean[i], 1e-9);
        for (int i = 0; i < 64; i++) cov[i].ShouldBe(expectedCov[i / 8, i % 8], 1e-9);
    }

    [Fact]
    public void The_xywh_filter_matches_the_general_matrix_equations()
    {
        var random = new Random(13);
        double[] mean = new double[8], cov = new double[64];
        KalmanFilterXywh.Initiate([100, 200, 40, 120], mean, cov);
        var x = Vector<double>.Build.DenseOfArray((double[])mean.Clone());
        var p = M.DenseOfRowMajor(8, 8, cov);
        var f = M.DenseIdentity(8);
        for (int i = 0; i < 4; i++) f[i, i + 4] = 1;
        var h = M.DenseIdentity(4, 8);
        const double wp = 1.0 / 20, wv = 1.0 / 160;
        static Matrix<double> Diag(params double[] std) => M.DenseOfDiagonalArray(std.Select(v => v * v).ToArray());

        for (int step = 0; step < 20; step++)
        {
            KalmanFilterXywh.Predict(mean, cov);
            double w = x[2], hh = x[3];
            x = f * x;
            p = f * p * f.Transpose() + Diag(wp * w, wp * hh, wp * w, wp * hh, wv * w, wv * hh, wv * w, wv * hh);

            double[] z = [100 + 2 * step + random.NextDouble(), 200 - step, 40 + random.NextDouble(), 120 + random.NextDouble() * 3];
            KalmanFilterXywh.Update(mean, cov, z);
            var r = Diag(wp * x[2], wp * x[3], wp * x[2], wp * x[3]);
            var sMat = h * p * h.Transpose() + r;
            var k = p * h.Transpose() * sMat.Inverse();
            x += k * (Vector<double>.Build.DenseOfArray(z) - h * x);
            p -= k * sMat * k.Transpose();

            for (int i = 0; i < 8; i++) mean[i].ShouldBe(x[i], 1e-7, $"step {step} mean[{i}]");
            for (int i = 0; i < 64; i++) cov[i].ShouldBe(p[i / 8, i % 8], 1e-6, $"step {step} cov[{i}]");
        }
    }
}
