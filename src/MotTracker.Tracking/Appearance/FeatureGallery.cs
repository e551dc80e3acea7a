using System.Numerics.Tensors;

namespace MotTracker.Tracking.Appearance;

/// <summary>
/// One track's gallery of its most recent appearance features, at most <see cref="Budget"/> of them, the
/// oldest dropped first (DeepSORT's per-target sample list, Wojke et al. 2017 sec. 2.2: "we keep a
/// gallery R_k of the last L_k = 100 associated appearance descriptors"). Its distance to a new feature is
/// the smallest cosine distance to any kept feature.
/// </summary>
/// <remarks>
/// Features are copied in (callers may reuse their arrays) into storage that is recycled once the
/// budget is reached, so a long-lived track stops allocating; galleries of one tracker may share a
/// pool of spare arrays, so a deleted track's storage serves the next one.
/// </remarks>
public sealed class FeatureGallery
{
    private readonly List<float[]> _features = [];
    private readonly Stack<float[]>? _spare;
    private int _oldest;

    /// <param name="budget">Most features kept; null keeps all (the reference code's default).</param>
    /// <param name="spare">Spare arrays shared with other galleries: taken from when growing, given back by <see cref="Clear"/>.</param>
    public FeatureGallery(int? budget, Stack<float[]>? spare = null)
    {
        if (budget is <= 0) throw new ArgumentOutOfRangeException(nameof(budget), budget, "must be positive (or null for no limit)");
        Budget = budget;
        _spare = spare;
    }

    public int? Budget { get; }

    public int Count => _features.Count;

    /// <summary>The kept features, oldest first.</summary>
    public IEnumerable<float[]> Features
    {
        get
        {
            for (int k = 0; k < _features.Count; k++) yield return _features[(_oldest + k) % _features.Count];
        }
    }

    /// <summary>Adds a copy of <paramref name="feature"/>, L2-normalised; when full, it replaces the oldest.</summary>
    public void Add(ReadOnlySpan<float> feature)
    {
        float[] slot;
        if (Budget is int budget && _features.Count == budget)
        {
            slot = _features[_oldest];
            if (slot.Length != feature.Length) _features[_oldest] = slot = new float[feature.Length];
            _oldest = (_oldest + 1) % budget;
        }
        else
        {
            slot = _spare is { Count: > 0 } && _spare.Peek().Length == feature.Length ? _spare.Pop() : new float[feature.Length];
            // Appending keeps the ring order while it is not yet full (_oldest stays 0).
            _features.Add(slot);
        }
        CosineDistance.Normalize(feature, slot);
    }

    /// <summary>Forgets every feature, giving the storage back to the shared spare arrays if any.</summary>
    public void Clear()
    {
        if (_spare is not null)
            foreach (var array in _features) _spare.Push(array);
        _features.Clear();
        _oldest = 0;
    }

    /// <summary>min over the gallery of 1 - cos(feature, kept); +∞ for an empty gallery.</summary>
    public double MinCosineDistance(ReadOnlySpan<float> feature)
    {
        double best = double.PositiveInfinity;
        foreach (var kept in _features)
        {
            double d = 1.0 - TensorPrimitives.Dot(kept, feature);
            if (d < best) best = d;
        }
        return best;
    }
}
