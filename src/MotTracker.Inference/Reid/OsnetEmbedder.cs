using MotTracker.Core;
using MotTracker.Inference.Imaging;

namespace MotTracker.Inference.Reid;

/// <summary>Settings of the appearance embedder.</summary>
public sealed record ReidOptions
{
    public static ReidOptions Default { get; } = new();

    /// <summary>
    /// Most crops sent to the model in one run when its batch axis is dynamic; bounds the input buffer
    /// (one 256x128 crop is 384 KiB of floats) on crowded frames.
    /// </summary>
    public int MaxBatch { get; init; } = 32;

    /// <summary>
    /// The run size for ONNX Runtime's CPU provider: measured (benchmarks' <c>reid</c> mode, OSNet x0.25,
    /// one thread) a crop costs least in runs of 4–8 and ~20 % more in runs of 32, whose activations no
    /// longer fit the cache.
    /// </summary>
    public const int CpuBatch = 8;
}

/// <summary>
/// OSNet-style person ReID: each box is cropped, resized to the model's W×H (128×256 for OSNet), RGB,
/// normalised by ImageNet mean/std, and the model's feature vector is L2-normalised so cosine similarity
/// is a dot product. All crops of a frame go through one run when the model's batch axis is dynamic;
/// <see cref="EmbedCrops"/> runs crops prepared beforehand (of several frames) the same way.
/// </summary>
public sealed class OsnetEmbedder : IBatchingEmbedder
{
    private readonly ITensorModel _model;
    private readonly CropNormalizer _crops;
    // PrepareCrop runs on the pipeline's crop thread beside Embed/EmbedCrops on the ReID thread, so it
    // has its own normaliser (which keeps per-crop interpolation tables).
    private readonly CropNormalizer _prepare;
    private readonly int _maxBatch;
    private float[] _input = [];

    /// <summary>Takes ownership of <paramref name="model"/>.</summary>
    public OsnetEmbedder(ITensorModel model, ReidOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= ReidOptions.Default;
        if (options.MaxBatch <= 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxBatch, "MaxBatch must be positive");
        if (model.Inputs.Count == 0 || model.Outputs.Count == 0)
            throw new InvalidModelException("the ReID model needs one input and one output");

        var input = model.Inputs[0];
        var shape = input.Shape;
        if (shape.Length != 4 || shape[1] != 3 || shape[2] <= 0 || shape[3] <= 0)
            throw new InvalidModelException($"input '{input.Name}' {Shape(shape)} is not a ReID input [batch, 3, H, W] with fixed H and W");
        var output = model.Outputs[0];
        if (output.Shape.Length != 2 || output.Shape[1] <= 0)
            throw new InvalidModelException($"output '{output.Name}' {Shape(output.Shape)}"
                + (output.Shape.Length == 3 ? ": looks like a detector (boxes per image)" : "")
                + "; a ReID model has one output [batch, D] (a feature vector per crop)");

        _model = model;
        _crops = new CropNormalizer(width: (int)shape[3], height: (int)shape[2]);
        _prepare = new CropNormalizer(width: (int)shape[3], height: (int)shape[2]);
        Dimension = (int)output.Shape[1];
        IsBatched = shape[0] <= 0;
        // A fixed batch axis (1 for most exports) takes exactly that many crops per run.
        _maxBatch = IsBatched ? options.MaxBatch : (int)shape[0];
    }

    public int Dimension { get; }

    /// <summary>Whether several crops go through one model run (dynamic batch axis).</summary>
    public bool IsBatched { get; }

    /// <summary>Most crops one model run takes; more are split into runs of this many.</summary>
    public int MaxBatch => _maxBatch;

    public int CropWidth => _crops.Width;
    public int CropHeight => _crops.Height;

    public int CropLength => _crops.TensorLength;

    public void PrepareCrop(BgrImage image, in BoundingBox box, Span<float> destination) => _prepare.Fill(image, box, destination);

    public float[][] Embed(BgrImage image, IReadOnlyList<BoundingBox> boxes)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(boxes);
        var result = new float[boxes.Count][];
        if (boxes.Count == 0) return result;

        int slot = _crops.TensorLength;
        for (int start = 0; start < boxes.Count; start += _maxBatch)
        {
            int count = Math.Min(_maxBatch, boxes.Count - start);
            int batch = IsBatched ? count : _maxBatch;
            if (_input.Length < batch * slot)
                _input = new float[batch * slot];
            var input = _input.AsSpan(0, batch * slot);
            for (int i = 0; i < count; i++)
                _crops.Fill(image, boxes[start + i], input.Slice(i * slot, slot));
            RunBatch(input, count, result, start);
        }

        return result;
    }

    public float[][] EmbedCrops(ReadOnlySpan<float> crops, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int slot = _crops.TensorLength;
        if (crops.Length < (long)count * slot)
            throw new ArgumentException($"{count} crops need {(long)count * slot} floats; {crops.Length} were given", nameof(crops));
        var result = new float[count][];
        for (int start = 0; start < count; start += _maxBatch)
        {
            int n = Math.Min(_maxBatch, count - start);
            var part = crops.Slice(start * slot, n * slot);
            if (IsBatched)
            {
                // The caller's crops go to the model in place.
                RunBatch(part, n, result, start);
                continue;
            }
            // A fixed batch needs its padding, so the crops are copied into a full-size buffer.
            if (_input.Length < _maxBatch * slot)
                _input = new float[_maxBatch * slot];
            part.CopyTo(_input);
            RunBatch(_input.AsSpan(0, _maxBatch * slot), n, result, start);
        }

        return result;
    }

    /// <summary>
    /// One model run over <paramref name="input"/>, whose first <paramref name="count"/> slots hold crops;
    /// a fixed-batch model always gets its full batch, the unused slots zeroed and their outputs ignored.
    /// </summary>
    private void RunBatch(Span<float> input, int count, float[][] result, int start)
    {
        int slot = _crops.TensorLength;
        if (count * slot < input.Length)
            input[(count * slot)..].Clear();
        RunBatch((ReadOnlySpan<float>)input, count, result, start);
    }

    /// <summary>One model run over every slot of <paramref name="input"/>; the first <paramref name="count"/> outputs are kept.</summary>
    private void RunBatch(ReadOnlySpan<float> input, int count, float[][] result, int start)
    {
        int batch = input.Length / _crops.TensorLength;
        var output = _model.Run(input, [batch, 3, _crops.Height, _crops.Width]);
        if (output.Shape.Length != 2 || output.Shape[0] != batch || output.Shape[1] != Dimension || output.Data.Length < batch * Dimension)
            throw new InvalidModelException($"ReID output has shape {Shape(output.Shape)}; expected [{batch}, {Dimension}]");
        for (int i = 0; i < count; i++)
            result[start + i] = Normalize(output.Data.AsSpan(i * Dimension, Dimension));
    }

    /// <summary>A unit-length copy; an all-zero vector (no evidence) stays zero rather than becoming NaN.</summary>
    internal static float[] Normalize(ReadOnlySpan<float> feature)
    {
        double sum = 0;
        foreach (float v in feature)
            sum += (double)v * v;
        var copy = feature.ToArray();
        if (sum > 0)
        {
            float inv = (float)(1.0 / Math.Sqrt(sum));
            for (int i = 0; i < copy.Length; i++)
                copy[i] *= inv;
        }

        return copy;
    }

    private static string Shape(long[] shape) => Detectors.DetectorFactory.FormatShape(shape);

    public void Dispose() => _model.Dispose();
}
