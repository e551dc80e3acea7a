using MotTracker.Core.MotChallenge;

namespace MotTracker.Tracking.PostProcessing;

/// <summary>
/// GSI's smoothing step (Du et al., "StrongSORT: Make DeepSORT Great Again", IEEE TMM 2023, and its
/// GSI.py): each of x, y, w, h of a track is regressed on the frame number by a Gaussian process with an
/// RBF kernel of fixed length scale λ = clip(τ·ln(τ³ / n), 1/τ, τ²), n the track's box count, and
/// replaced by the posterior mean at the track's own frames.
/// </summary>
/// <remarks>
/// The reference fits scikit-learn's <c>GaussianProcessRegressor(RBF(λ, "fixed"))</c> with its defaults:
/// no WhiteKernel, observation noise alpha = 1e-10 added to the kernel diagonal, a zero prior mean
/// (normalize_y False), no hyper-parameter search (the kernel is fixed). The posterior mean at the
/// training frames is K (K + αI)⁻¹ y = y − α (K + αI)⁻¹ y, computed here in that second form.
/// Solved by a hand-written banded Cholesky factorisation: kernel entries between frames more than
/// <see cref="BandWidthInLengthScales"/>·λ apart are below 1e-16, under the rounding of the unit
/// diagonal, and are dropped, so a track of n boxes costs n·b² instead of the n³ a dense solver (such as
/// MathNet.Numerics' Cholesky) would spend on tracks of a thousand frames.
/// </remarks>
public static class GaussianSmoothedInterpolation
{
    /// <summary>scikit-learn GaussianProcessRegressor's default alpha, the reference's only noise term.</summary>
    public const double Alpha = 1e-10;

    /// <summary>√(2·ln 10¹⁶): beyond this many length scales the RBF kernel is below 1e-16.</summary>
    public const double BandWidthInLengthScales = 8.583;

    /// <summary>GSI's length scale for a track of <paramref name="boxCount"/> boxes.</summary>
    public static double LengthScale(int boxCount, double tau) =>
        Math.Clamp(tau * Math.Log(tau * tau * tau / boxCount), 1 / tau, tau * tau);

    /// <summary>
    /// The track (sorted by frame, one box per frame) with every box replaced by the posterior mean of
    /// its x, y, w and h; frames, ids, scores and the other columns are kept.
    /// </summary>
    public static List<MotRow> Smooth(IReadOnlyList<MotRow> track, double tau)
    {
        int n = track.Count;
        var result = new List<MotRow>(n);
        if (n == 0) return result;
        double lengthScale = LengthScale(n, tau);
        double reach = BandWidthInLengthScales * lengthScale;
        int band = (int)Math.Min(n - 1, Math.Ceiling(reach));

        // Lower band of L, row i holding L[i, i - band .. i] at [i * (band + 1) + (j - i + band)].
        int width = band + 1;
        var l = new double[n * width];
        double scale = -0.5 / (lengthScale * lengthScale);
        for (int i = 0; i < n; i++)
        {
            int first = Math.Max(0, i - band);
            for (int j = first; j <= i; j++)
            {
                double d = track[i].Frame - track[j].Frame;
                double sum = i == j ? 1 + Alpha : (d <= reach ? Math.Exp(d * d * scale) : 0);
                int from = Math.Max(first, j - band);
                for (int k = from; k < j; k++) sum -= l[i * width + (k - i + band)] * l[j * width + (k - j + band)];
                if (i == j)
                {
                    if (!(sum > 0)) throw new InvalidOperationException($"GSI: kernel matrix of track {track[0].Id} is not positive definite");
                    l[i * width + band] = Math.Sqrt(sum);
                }
                else
                {
                    l[i * width + (j - i + band)] = sum / l[j * width + band];
                }
            }
        }

        var values = new double[4][];
        for (int c = 0; c < 4; c++)
        {
            var y = new double[n];
            for (int i = 0; i < n; i++)
            {
                var box = track[i].Box;
                y[i] = c switch { 0 => box.X, 1 => box.Y, 2 => box.Width, _ => box.Height };
            }
            var w = (double[])y.Clone();
            SolveInPlace(l, n, band, w);
            for (int i = 0; i < n; i++) y[i] -= Alpha * w[i];
            values[c] = y;
        }
        for (int i = 0; i < n; i++)
            result.Add(track[i] with { Box = new BoundingBox(values[0][i], values[1][i], values[2][i], values[3][i]) });
        return result;
    }

    /// <summary>Solves L Lᵀ x = b in place for the banded factor L.</summary>
    private static void SolveInPlace(double[] l, int n, int band, double[] b)
    {
        int width = band + 1;
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int k = Math.Max(0, i - band); k < i; k++) sum -= l[i * width + (k - i + band)] * b[k];
            b[i] = sum / l[i * width + band];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = b[i];
            for (int k = i + 1; k <= Math.Min(n - 1, i + band); k++) sum -= l[k * width + (i - k + band)] * b[k];
            b[i] = sum / l[i * width + band];
        }
    }
}
