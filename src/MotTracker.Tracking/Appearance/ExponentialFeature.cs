namespace MotTracker.Tracking.Appearance;

/// <summary>
/// A track's appearance as an exponential moving average of its features, re-normalised after every
/// step: e ← α e + (1 - α) f, e ← e / ‖e‖ (BoT-SORT, Aharon et al. 2022 sec. 3.3, after JDE/FairMOT).
/// </summary>
public sealed class ExponentialFeature
{
    /// <summary>The momentum BoT-SORT uses (paper sec. 3.3 and reference STrack.alpha: 0.9).</summary>
    public const float DefaultAlpha = 0.9f;

    private float[]? _smooth;

    public ExponentialFeature(float alpha = DefaultAlpha)
    {
        if (!(alpha is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "must be in [0, 1)");
        Alpha = alpha;
    }

    public float Alpha { get; }

    /// <summary>The smoothed unit feature, or null before the first update.</summary>
    public ReadOnlySpan<float> Value => _smooth;

    public bool HasValue => _smooth is not null;

    /// <summary>Folds in <paramref name="feature"/> (normalised first, as the reference does); the first one is taken as is.</summary>
    public void Update(ReadOnlySpan<float> feature) => Update(feature, Alpha);

    /// <summary>
    /// Folds in <paramref name="feature"/> with momentum <paramref name="alpha"/> for this step only:
    /// Deep OC-SORT's dynamic appearance, which trusts a confident detection's feature more.
    /// </summary>
    public void Update(ReadOnlySpan<float> feature, float alpha)
    {
        if (_smooth is null || _smooth.Length != feature.Length)
        {
            _smooth = new float[feature.Length];
            CosineDistance.Normalize(feature, _smooth);
            return;
        }
        double norm = CosineDistance.Norm(feature);
        float scale = norm > 0 ? (float)((1 - alpha) / norm) : 0f;
        for (int i = 0; i < _smooth.Length; i++) _smooth[i] = alpha * _smooth[i] + scale * feature[i];
        CosineDistance.Normalize(_smooth, _smooth);
    }
}
