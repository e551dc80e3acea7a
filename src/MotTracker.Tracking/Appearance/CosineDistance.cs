using System.Numerics.Tensors;

namespace MotTracker.Tracking.Appearance;

/// <summary>Cosine distances between appearance features (1 - cos, in [0, 2]) and the normalisation they rely on.</summary>
public static class CosineDistance
{
    /// <summary>1 - a·b for unit vectors a and b.</summary>
    public static double BetweenUnit(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"feature lengths differ ({a.Length} and {b.Length})");
        return 1.0 - TensorPrimitives.Dot(a, b);
    }

    /// <summary>
    /// Fills <paramref name="result"/>[i * b.Length + j] with 1 - a[i]·b[j] for unit features, or
    /// <paramref name="missing"/> where either feature is absent (a detection that was not embedded, a
    /// track with no appearance yet).
    /// </summary>
    public static void Matrix(ReadOnlySpan<float[]?> a, ReadOnlySpan<float[]?> b, Span<double> result, double missing)
    {
        if (result.Length < a.Length * b.Length) throw new ArgumentException("result is smaller than a.Length * b.Length", nameof(result));
        for (int i = 0; i < a.Length; i++)
        {
            var row = result.Slice(i * b.Length, b.Length);
            var fa = a[i];
            for (int j = 0; j < b.Length; j++)
                row[j] = fa is null || b[j] is not { } fb ? missing : BetweenUnit(fa, fb);
        }
    }

    public static double Norm(ReadOnlySpan<float> feature) => TensorPrimitives.Norm(feature);

    /// <summary>Writes feature / ‖feature‖ into <paramref name="destination"/> (may be the same span); a zero vector stays zero.</summary>
    public static void Normalize(ReadOnlySpan<float> feature, Span<float> destination)
    {
        float norm = TensorPrimitives.Norm(feature);
        if (norm > 0) TensorPrimitives.Divide(feature, norm, destination);
        else feature.CopyTo(destination);
    }
}
