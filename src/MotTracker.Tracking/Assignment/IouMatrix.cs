namespace MotTracker.Tracking.Assignment;

/// <summary>Batched IoU (<see cref="BoundingBox.IoU"/>) between two box lists, written into a caller-owned row-major matrix.</summary>
public static class IouMatrix
{
    /// <summary>Fills <paramref name="result"/>[i * b.Length + j] with IoU(a[i], b[j]).</summary>
    /// <param name="pixelInclusive">See <see cref="BoundingBox.IoU"/>.</param>
    public static void Compute(ReadOnlySpan<BoundingBox> a, ReadOnlySpan<BoundingBox> b, Span<double> result, bool pixelInclusive)
    {
        if (result.Length < a.Length * b.Length)
            throw new ArgumentException("result is smaller than a.Length * b.Length", nameof(result));
        for (int i = 0; i < a.Length; i++)
        {
            var row = result.Slice(i * b.Length, b.Length);
            for (int j = 0; j < b.Length; j++) row[j] = BoundingBox.IoU(a[i], b[j], pixelInclusive);
        }
    }
}
