using System.Globalization;

namespace MotTracker.Engine.Batch;

/// <summary>
/// <c>--shard i/n</c>: this machine's part of a batch split over <c>n</c> machines (1-based <c>i</c>).
/// Items are dealt round-robin in ordinal order of their names, so a shard's set depends only on the
/// names (stable across reruns and machines) and long and short sequences spread evenly.
/// </summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    public static ShardSpec Whole => new(1, 1);

    public bool IsWhole => Count == 1;

    /// <summary>Parses "i/n" with 1 ≤ i ≤ n.</summary>
    /// <exception cref="FormatException">The text is not of that form; the message says why.</exception>
    public static ShardSpec Parse(string text)
    {
        int slash = text.IndexOf('/');
        if (slash <= 0
            || !int.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            throw new FormatException($"'{text}' is not of the form i/n (for example 2/4)");
        if (count < 1) throw new FormatException($"'{text}': the shard count must be at least 1");
        if (index < 1 || index > count) throw new FormatException($"'{text}': the shard index must be between 1 and {count} (shards are numbered from 1)");
        return new ShardSpec(index, count);
    }

    /// <summary>This shard's items, in name order.</summary>
    public IReadOnlyList<BatchInput> Select(IEnumerable<BatchInput> items)
    {
        var sorted = items.OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
        var mine = new List<BatchInput>();
        for (int k = Index - 1; k < sorted.Count; k += Count) mine.Add(sorted[k]);
        return mine;
    }

    /// <summary>The manifest file this shard writes: <c>run.json</c> alone, <c>run-shard-i-of-n.json</c> when sharded, so shards never overwrite each other.</summary>
    public string ManifestFileName => IsWhole ? "run.json" : string.Create(CultureInfo.InvariantCulture, $"run-shard-{Index}-of-{Count}.json");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
