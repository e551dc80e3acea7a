using System.Buffers;
using MotTracker.Core;

namespace MotTracker.Engine;

/// <summary>
/// When ReID runs across frames: prepared crops queue up over consecutive frames and go to the model
/// <see cref="Crops"/> at a time (a frame's crops may be split between two runs); once
/// <see cref="Frames"/> frames are waiting, whatever is queued runs, so no frame waits for more than that
/// many. Fixed counts, never a timer: the same video groups the same way on any machine, and a crop's
/// vector does not depend on its group anyway (tested bit for bit), so grouping changes speed, not results.
/// </summary>
public sealed record ReidBatching(int Crops, int Frames)
{
    /// <summary>Frames held at most: the tracker stays at most this many frames behind the detector on a sparse scene.</summary>
    public const int DefaultFrames = 4;

    /// <summary>Runs of the embedder's <see cref="IBatchingEmbedder.MaxBatch"/> crops (8 on the CPU, 32 on CUDA), at most <see cref="DefaultFrames"/> frames held.</summary>
    public static ReidBatching For(IBatchingEmbedder embedder) => new(embedder.MaxBatch, DefaultFrames);

    /// <summary>
    /// Runs of the embedder's crops, but no frame held for later ones: for live streams, whose results are
    /// written as each frame is tracked, so a stalled stream must not hold back frames it already sent.
    /// </summary>
    public static ReidBatching Live(IBatchingEmbedder embedder) => new(embedder.MaxBatch, 1);

    /// <summary>Each frame on its own (the behaviour before batching across frames).</summary>
    public static ReidBatching PerFrame { get; } = new(int.MaxValue, 1);
}

/// <summary>One frame's prepared crops: <see cref="Count"/> model inputs end to end in a pooled array, and the detection each belongs to.</summary>
internal sealed class PreparedCrops(float[] data, int[] detections, int count)
{
    public float[] Data { get; } = data;
    public int[] Detections { get; } = detections;
    public int Count { get; } = count;
}

/// <summary>The ReID stages for an embedder.</summary>
public static class ReidStages
{
    /// <summary>
    /// Crops cut on their own stage and embedded across frames when the embedder allows it (ONNX models);
    /// otherwise one stage that cuts and embeds each frame's crops.
    /// </summary>
    public static IReadOnlyList<PipelineStage> For(IAppearanceEmbedder embedder, double minScore, ReidBatching? batching = null) =>
        embedder is IBatchingEmbedder prepared
            ? [new ReidCropStage(prepared, minScore), new ReidBatchStage(prepared, batching ?? ReidBatching.For(prepared))]
            : [new ReidStage(embedder, minScore)];

    /// <summary>Whether a stage runs (part of) ReID.</summary>
    public static bool IsReid(PipelineStage stage) => stage is ReidStage or ReidCropStage or ReidBatchStage;
}

/// <summary>
/// Cuts, resizes and normalises the crops of a frame's detections scoring at least
/// <paramref name="minScore"/> (below it the tracker never reads an embedding), on its own thread: this
/// runs while the detector works on the next frame and the ReID model on earlier ones, and it is the
/// last stage that needs the frame's pixels, so the frame's buffer goes back to the pool sooner.
/// </summary>
public sealed class ReidCropStage(IBatchingEmbedder embedder, double minScore) : PipelineStage
{
    private readonly List<int> _indices = [];

    public override bool ReadsPixels => true;

    public override void Process(FrameWork work, StageTimings timings)
    {
        var detections = work.Detections.Span;
        _indices.Clear();
        for (int i = 0; i < detections.Length; i++)
            if (detections[i].Score >= minScore) _indices.Add(i);
        timings.CropsEmbedded += _indices.Count;
        timings.CropsSkipped += detections.Length - _indices.Count;
        if (_indices.Count == 0) return;

        var image = work.Image ?? throw new InvalidOperationException("the ReID crop stage needs frames");
        int slot = embedder.CropLength;
        // Pooled: a crowded frame's crops are megabytes, and they are freed a few frames later.
        var data = ArrayPool<float>.Shared.Rent(_indices.Count * slot);
        for (int k = 0; k < _indices.Count; k++)
            embedder.PrepareCrop(image, detections[_indices[k]].Box, data.AsSpan(k * slot, slot));
        work.ReidCrops = new PreparedCrops(data, [.. _indices], _indices.Count);
    }

    public override void AddTime(StageTimings timings, double milliseconds) => timings.CropMs += milliseconds;
}

/// <summary>
/// Embeds the prepared crops of consecutive frames in model runs of <see cref="ReidBatching.Crops"/>
/// crops, and whatever is queued once <see cref="ReidBatching.Frames"/> frames wait (or the input ends),
/// so a sparse scene pays the model's fixed cost per run once per few frames rather than every frame.
/// A frame leaves, in order, once all its crops are embedded.
/// </summary>
public sealed class ReidBatchStage(IBatchingEmbedder embedder, ReidBatching batching) : GroupingStage
{
    private readonly List<FrameWork> _held = [];
    // The first crop not yet embedded: frame _nextFrame of _held, its crop _nextCrop.
    private int _nextFrame;
    private int _nextCrop;
    private int _queued;
    private float[] _joined = [];

    public override bool ReadsPixels => false;

    public override bool Hold(FrameWork work)
    {
        work.Embeddings = new float[]?[work.Detections.Length];
        _held.Add(work);
        _queued += work.ReidCrops?.Count ?? 0;
        return _queued >= batching.Crops || _held.Count >= batching.Frames;
    }

    public override void Finish(StageTimings timings, List<FrameWork> done, bool all)
    {
        all |= _held.Count >= batching.Frames;
        while (_queued >= batching.Crops || (all && _queued > 0))
            Run(Math.Min(_queued, batching.Crops), timings);

        // Leading frames whose crops are all embedded leave; with all, every frame is.
        int complete = all ? _held.Count : _nextFrame;
        for (int i = 0; i < complete; i++)
        {
            if (_held[i].ReidCrops is { } crops) ArrayPool<float>.Shared.Return(crops.Data);
            _held[i].ReidCrops = null;
            done.Add(_held[i]);
        }
        _held.RemoveRange(0, complete);
        _nextFrame -= complete;
        if (all) _nextFrame = _nextCrop = 0;
    }

    /// <summary>The next <paramref name="count"/> queued crops through the model in one call, their vectors put in place.</summary>
    private void Run(int count, StageTimings timings)
    {
        int slot = embedder.CropLength;
        // Where the crops lie: in place when one frame holds them all, else joined into one input.
        int frame = _nextFrame, crop = _nextCrop;
        var first = CropsOf(ref frame, ref crop);
        ReadOnlySpan<float> input;
        if (first.Count - crop >= count)
        {
            input = first.Data.AsSpan(crop * slot, count * slot);
        }
        else
        {
            if (_joined.Length < count * slot) _joined = new float[count * slot];
            for (int k = 0; k < count; k++)
            {
                var crops = CropsOf(ref frame, ref crop);
                crops.Data.AsSpan(crop * slot, slot).CopyTo(_joined.AsSpan(k * slot));
                crop++;
            }
            input = _joined.AsSpan(0, count * slot);
        }

        var vectors = embedder.EmbedCrops(input, count);
        timings.ReidCalls += (count + embedder.MaxBatch - 1) / embedder.MaxBatch;
        for (int k = 0; k < count; k++)
        {
            var crops = CropsOf(ref _nextFrame, ref _nextCrop);
            _held[_nextFrame].Embeddings![crops.Detections[_nextCrop]] = vectors[k];
            _nextCrop++;
        }
        _queued -= count;
        // Step past frames now fully embedded (and frames without crops), so _nextFrame counts complete frames.
        while (_nextFrame < _held.Count && (_held[_nextFrame].ReidCrops?.Count ?? 0) <= _nextCrop)
        {
            _nextFrame++;
            _nextCrop = 0;
        }
    }

    /// <summary>The crops of the frame at (<paramref name="frame"/>, <paramref name="crop"/>), first stepping past frames whose crops are used up.</summary>
    private PreparedCrops CropsOf(ref int frame, ref int crop)
    {
        while (_held[frame].ReidCrops is not { } crops || crop >= crops.Count)
        {
            frame++;
            crop = 0;
        }
        return _held[frame].ReidCrops!;
    }

    public override void AddTime(StageTimings timings, double milliseconds) => timings.EmbedMs += milliseconds;
}
