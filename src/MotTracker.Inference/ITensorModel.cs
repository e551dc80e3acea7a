namespace MotTracker.Inference;

/// <summary>Name, element type and shape of one model input or output; -1 marks a dynamic axis.</summary>
public sealed record TensorSpec(string Name, long[] Shape);

/// <summary>
/// A loaded float32 model with one input. Detectors and ReID code against this, so their pre- and
/// post-processing is tested without the native runtime, and the runtime binding is tested alone.
/// </summary>
public interface ITensorModel : IDisposable
{
    IReadOnlyList<TensorSpec> Inputs { get; }
    IReadOnlyList<TensorSpec> Outputs { get; }

    /// <summary>Runs the model on one float32 input tensor and returns the first output.</summary>
    /// <param name="input">Row-major tensor data, length = product of <paramref name="inputShape"/>.</param>
    /// <param name="inputShape">Concrete shape (no -1).</param>
    TensorResult Run(ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape);

    /// <summary>
    /// Runs like <see cref="Run"/> but writes the first output into <paramref name="output"/> and returns
    /// its shape, so per-frame callers reuse one buffer instead of allocating a large array every frame.
    /// </summary>
    long[] RunInto(ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape, Span<float> output)
    {
        var result = Run(input, inputShape);
        result.Data.CopyTo(output);
        return result.Shape;
    }
}

/// <summary>Per-frame helpers over <see cref="ITensorModel"/>.</summary>
public static class TensorModelExtensions
{
    /// <summary>
    /// Runs into <paramref name="buffer"/> (created on first use) when the first output has a fixed
    /// shape; otherwise falls back to <see cref="ITensorModel.Run"/>. The result shares the buffer:
    /// it is valid until the next call with the same buffer.
    /// </summary>
    public static TensorResult RunReusing(this ITensorModel model, ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape, ref float[]? buffer)
    {
        long size = 1;
        if (model.Outputs.Count == 0) return model.Run(input, inputShape);
        foreach (long d in model.Outputs[0].Shape)
        {
            if (d <= 0) return model.Run(input, inputShape);
            size *= d;
        }
        buffer ??= new float[size];
        var shape = model.RunInto(input, inputShape, buffer);
        return new TensorResult(buffer, shape);
    }
}

/// <summary>A model output copied into managed memory.</summary>
public sealed record TensorResult(float[] Data, long[] Shape);
