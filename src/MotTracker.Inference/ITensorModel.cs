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
}

/// <summary>A model output copied into managed memory.</summary>
public sealed record TensorResult(float[] Data, long[] Shape);
