using MotTracker.Inference;

namespace MotTracker.Inference.Tests.Detectors;

/// <summary>An <see cref="ITensorModel"/> that returns whatever the test decides and remembers its inputs.</summary>
internal sealed class FakeTensorModel(long[] inputShape, long[] outputShape, Func<float[], long[], TensorResult> run) : ITensorModel
{
    public IReadOnlyList<TensorSpec> Inputs { get; } = [new TensorSpec("images", inputShape)];
    public IReadOnlyList<TensorSpec> Outputs { get; } = [new TensorSpec("output", outputShape)];

    public List<(float[] Data, long[] Shape)> Calls { get; } = [];
    public bool Disposed { get; private set; }

    public TensorResult Run(ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape)
    {
        var data = input.ToArray();
        var shape = inputShape.ToArray();
        Calls.Add((data, shape));
        return run(data, shape);
    }

    public void Dispose() => Disposed = true;

    /// <summary>A model that always answers with the same tensor.</summary>
    public static FakeTensorModel Returning(long[] inputShape, float[] output, long[] outputShape) =>
        new(inputShape, outputShape, (_, _) => new TensorResult(output, outputShape));
}
