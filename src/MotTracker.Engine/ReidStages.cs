using System.Buffers;
using MotTracker.Core;

namespace MotTracker.Engine;

/// <summary>
/// When ReID runs across frames: the crops of consecutive frames are held until at least
/// <see cref="Crops"/> are waiting or <see cref="Frames"/> frames are, then embedded in one model call
/// (split into runs of the embedder's <see cref="IBatchingEmbedder.MaxBatch"/>). Fixed counts, never a
/// timer: the same video groups the same way on any machine, and a crop's vector does not depend on its
/// group anyway (tested bit for bit), so the grouping changes speed, not results.
/// </summary>
public sealed record ReidBatching(int Crops, int Frames)
{
    /// <summary>Frames held at most: the tracker stays at most this many frames behind the ReID model on a sparse scene.</summary>
    public const int DefaultFrames = 4;

    /// <summary>One full model run's worth of crops (8 on the CPU, 32 on CUDA) or <see cref="DefaultFrames"/> frames.</summary>
    public static ReidBatching For(IBatchingEmbedder embedder) => new(embedder.MaxBatch, DefaultFrames);

    /// <summary>Each frame on its own (the behaviour before batching across frames).</summary>
    public static ReidBatching PerFrame { get; } = new(1, 1);
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
/// Embeds the prepared crops of consecutive frames in one model call once <see cref="ReidBatching"/>'s
/// count of crops or frames is held (and whatever is held when the input ends), so a sparse scene pays
/// the model's fixed cost per call once per few frames rather than every frame.
/// </summary>
public sealed class ReidBatchStage(IBatchingEmbedder embedder, ReidBatching batching) : GroupingStage
{
    private readonly List<FrameWork> _held = [];
    private int _heldCrops;
    private float[] _joined = [];

    public override bool ReadsPixels => false;

    public override bool Hold(FrameWork work)
    {
        _held.Add(work);
        _heldCrops += work.ReidCrops?.Count ?? 0;
        return _heldCrops >= batching.Crops || _held.Count >= batching.Frames;
    }

    public override void Finish(StageTimings timings, List<FrameWork> done)
    {
        if (_heldCrops > 0)
        {
            float[][] vectors = Embed();
            timings.ReidCalls += (_heldCrops + embedder.MaxBatch - 1) / embedder.MaxBatch;
            int next = 0;
            foreach (var work in _held)
            {
                var embeddings = new float[]?[work.Detections.Length];
                if (work.ReidCrops is { } crops)
                {
                    for (int k = 0; k < crops.Count; k++) embeddings[crops.Detections[k]] = vectors[next++];
                    ArrayPool<float>.Shared.Return(crops.Data);
                    work.ReidCrops = null;
                }
                work.Embeddings = embeddings;
            }
        }
        else
        {
            foreach (var work in _held) work.Embeddings = new float[]?[work.Detections.Length];
        }
        done.AddRange(_held);
        _held.Clear();
        _heldCrops = 0;
    }

    /// <summary>All held crops through the model: one frame's crops in place, several frames' joined into one input.</summary>
    private float[][] Embed()
    {
        int slot = embedder.CropLength;
        var only = _held.Where(w => w.ReidCrops is not null).ToList();
        if (only.Count == 1)
            return embedder.EmbedCrops(only[0].ReidCrops!.Data.AsSpan(0, _heldCrops * slot), _heldCrops);
        if (_joined.Length < _heldCrops * slot)
            _joined = new float[_heldCrops * slot];
        int offset = 0;
        foreach (var work in only)
        {
            var crops = work.ReidCrops!;
            crops.Data.AsSpan(0, crops.Count * slot).CopyTo(_joined.AsSpan(offset));
            offset += crops.Count * slot;
        }
        return embedder.EmbedCrops(_joined.AsSpan(0, _heldCrops * slot), _heldCrops);
    }

    public override void AddTime(StageTimings timings, double milliseconds) => timings.EmbedMs += milliseconds;
}
