namespace MotTracker.Evaluation;

/// <summary>
/// One sequence after the benchmark's preprocessing, in the form every metric consumes (TrackEval's
/// per-sequence "data"): for each timestep the scored gt ids, the kept tracker ids and the IoU matrix
/// between them. Ids are relabelled to 0..n-1 in ascending order of the ids in the files.
/// </summary>
/// <remarks>Per-frame slices live in shared flat arrays so a sequence is a handful of allocations.</remarks>
public sealed class SequenceData
{
    private readonly int[] _gtIds;
    private readonly int[] _gtOffsets;
    private readonly int[] _trackerIds;
    private readonly int[] _trackerOffsets;
    private readonly double[] _similarity;
    private readonly int[] _similarityOffsets;

    internal SequenceData(
        string name, int gtIdCount, int trackerIdCount,
        int[] gtIds, int[] gtOffsets, int[] trackerIds, int[] trackerOffsets,
        double[] similarity, int[] similarityOffsets)
    {
        Name = name;
        Timesteps = gtOffsets.Length - 1;
        GtIdCount = gtIdCount;
        TrackerIdCount = trackerIdCount;
        _gtIds = gtIds;
        _gtOffsets = gtOffsets;
        _trackerIds = trackerIds;
        _trackerOffsets = trackerOffsets;
        _similarity = similarity;
        _similarityOffsets = similarityOffsets;
    }

    public string Name { get; }

    /// <summary>Where each row came from, when preprocessing was asked to keep it (for error listings).</summary>
    public SequenceSources? Sources { get; init; }

    /// <summary>Index of timestep t's first gt row in the flat gt arrays (and in <see cref="SequenceSources.GtRowOf"/>).</summary>
    public int GtOffset(int t) => _gtOffsets[t];

    /// <summary>Index of timestep t's first tracker row in the flat tracker arrays.</summary>
    public int TrackerOffset(int t) => _trackerOffsets[t];

    /// <summary>Number of frames (seqLength); frame f is timestep f - 1.</summary>
    public int Timesteps { get; }

    public int GtIdCount { get; }
    public int TrackerIdCount { get; }
    public int GtDetectionCount => _gtOffsets[^1];
    public int TrackerDetectionCount => _trackerOffsets[^1];

    public ReadOnlySpan<int> GtIds(int t) => _gtIds.AsSpan(_gtOffsets[t], _gtOffsets[t + 1] - _gtOffsets[t]);

    public ReadOnlySpan<int> TrackerIds(int t) => _trackerIds.AsSpan(_trackerOffsets[t], _trackerOffsets[t + 1] - _trackerOffsets[t]);

    /// <summary>Row-major IoU matrix of timestep t: gt rows × tracker columns.</summary>
    public ReadOnlySpan<double> Similarity(int t) =>
        _similarity.AsSpan(_similarityOffsets[t], _similarityOffsets[t + 1] - _similarityOffsets[t]);

    /// <summary>The largest gt × tracker matrix of any timestep (for sizing scratch buffers).</summary>
    internal int MaxCellsPerFrame()
    {
        int max = 0;
        for (int t = 0; t < Timesteps; t++) max = Math.Max(max, _similarityOffsets[t + 1] - _similarityOffsets[t]);
        return max;
    }

    internal int MaxDetectionsPerFrame()
    {
        int max = 0;
        for (int t = 0; t < Timesteps; t++)
        {
            max = Math.Max(max, _gtOffsets[t + 1] - _gtOffsets[t]);
            max = Math.Max(max, _trackerOffsets[t + 1] - _trackerOffsets[t]);
        }
        return max;
    }
}

/// <summary>
/// The input rows behind a preprocessed sequence: <see cref="GtRowOf"/>[k] is the index in
/// <see cref="GtRows"/> of the k-th scored gt row (timestep order, as <see cref="SequenceData.GtIds"/>),
/// <see cref="TrackerRowOf"/> likewise for the kept tracker rows, and <see cref="Removed"/> lists the
/// tracker rows dropped because they matched a distractor, with the distractor's gt row.
/// </summary>
public sealed record SequenceSources(
    IReadOnlyList<MotTracker.Core.MotChallenge.MotRow> GtRows, IReadOnlyList<MotTracker.Core.MotChallenge.MotRow> TrackerRows,
    int[] GtRowOf, int[] TrackerRowOf, RemovedTrackerRow[] Removed);

/// <summary>A tracker row removed by the distractor rule: indexes into the results and gt rows.</summary>
public readonly record struct RemovedTrackerRow(int TrackerRow, int DistractorGtRow);
