using System.Runtime.CompilerServices;
namespace MotTracker.Evaluation;

/// <summary>
/// Sums in numpy's order. numpy adds a contiguous run of doubles pairwise (eight running partial sums,
/// halving above 128 elements), not left to right; summing in the same order makes our means and
/// association scores equal to TrackEval's to the last bit instead of merely to 1e-15.
/// </summary>
internal static class NumpySum
{
    private const int BlockSize = 128;

    /// <summary>numpy's default ufunc buffer: a whole-array reduction is fed to the loop in runs this long.</summary>
    private const int BufferSize = 8192;

    /// <summary>
    /// <c>np.sum</c> of a whole matrix: pairwise within each run of <see cref="BufferSize"/> elements, the
    /// runs added left to right.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SumBuffered(ReadOnlySpan<double> a)
    {
        double total = 0;
        for (int start = 0; start < a.Length; start += BufferSize)
            total += Sum(a.Slice(start, Math.Min(BufferSize, a.Length - start)));
        return total;
    }

    /// <summary><c>np.sum</c> of a contiguous array (or a contiguous row of a matrix).</summary>
    // Hot loop of a short-lived process: compile optimized at once instead of starting at tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sum(ReadOnlySpan<double> a)
    {
        if (a.Length < 8)
        {
            double s = 0;
            for (int i = 0; i < a.Length; i++) s += a[i];
            return s;
        }
        if (a.Length <= BlockSize)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i = 8;
            int blocked = a.Length - a.Length % 8;
            for (; i < blocked; i += 8)
            {
                r0 += a[i];
                r1 += a[i + 1];
                r2 += a[i + 2];
                r3 += a[i + 3];
                r4 += a[i + 4];
                r5 += a[i + 5];
                r6 += a[i + 6];
                r7 += a[i + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < a.Length; i++) res += a[i];
            return res;
        }
        int half = a.Length / 2;
        half -= half % 8;
        return Sum(a[..half]) + Sum(a[half..]);
    }

    /// <summary><c>np.mean</c> of a contiguous array.</summary>
    public static double Mean(ReadOnlySpan<double> a) => Sum(a) / a.Length;
}
