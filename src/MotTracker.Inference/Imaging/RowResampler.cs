namespace MotTracker.Inference.Imaging;

/// <summary>
/// The inner loop shared by letterboxing and cropping: one output row of a bilinear resize from packed
/// BGR bytes into three float planes, each value mapped through gain·v + offset.
/// </summary>
internal static unsafe class RowResampler
{
    /// <param name="sourceChannel">Which source byte (0 = B, 1 = G, 2 = R) feeds each output plane.</param>
    public static void Resample(
        ReadOnlySpan<byte> top, ReadOnlySpan<byte> bottom, float wy, BilinearTable columns, int count,
        Span<float> plane0, Span<float> plane1, Span<float> plane2,
        ReadOnlySpan<int> sourceChannel, ReadOnlySpan<float> gain, ReadOnlySpan<float> offset)
    {
        // Checked once here so the pointer loop below cannot run out of any buffer.
        if (count > columns.Index0.Length || plane0.Length < count || plane1.Length < count || plane2.Length < count)
            throw new ArgumentOutOfRangeException(nameof(count));
        if (columns.MaxIndex(count) * 3 + 2 >= Math.Min(top.Length, bottom.Length))
            throw new ArgumentOutOfRangeException(nameof(columns), "sampling table reaches past the source row");

        int s0 = sourceChannel[0], s1 = sourceChannel[1], s2 = sourceChannel[2];
        float g0 = gain[0], g1 = gain[1], g2 = gain[2];
        float o0 = offset[0], o1 = offset[1], o2 = offset[2];
        fixed (byte* t = top, b = bottom)
        fixed (int* i0p = columns.Index0, i1p = columns.Index1)
        fixed (float* wxp = columns.Weight, d0 = plane0, d1 = plane1, d2 = plane2)
        {
            for (int x = 0; x < count; x++)
            {
                int a = i0p[x] * 3, c = i1p[x] * 3;
                float wx = wxp[x];
                d0[x] = Lerp(t, b, a + s0, c + s0, wx, wy) * g0 + o0;
                d1[x] = Lerp(t, b, a + s1, c + s1, wx, wy) * g1 + o1;
                d2[x] = Lerp(t, b, a + s2, c + s2, wx, wy) * g2 + o2;
            }
        }
    }

    private static float Lerp(byte* top, byte* bottom, int i0, int i1, float wx, float wy)
    {
        float t = top[i0] + (top[i1] - top[i0]) * wx;
        float b = bottom[i0] + (bottom[i1] - bottom[i0]) * wx;
        return t + (b - t) * wy;
    }
}
