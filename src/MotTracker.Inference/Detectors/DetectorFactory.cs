using MotTracker.Core;
using MotTracker.Inference.Models;

namespace MotTracker.Inference.Detectors;

/// <summary>Builds the right detector for a loaded model.</summary>
public static class DetectorFactory
{
    /// <summary>Strides of the three YOLO heads; the grid has (S/8)² + (S/16)² + (S/32)² cells.</summary>
    internal static readonly int[] Strides = [8, 16, 32];

    /// <summary>
    /// Returns a YOLOX or Ultralytics detector for <paramref name="model"/>. The detector takes ownership of
    /// the model and disposes it. With <see cref="DetectorFormat.Auto"/> the format is read from the output
    /// shape: the axis equal to the grid size is the box axis — axis 1 for YOLOX ([1, N, 5+C]), axis 2 for
    /// Ultralytics ([1, 4+C, N]).
    /// </summary>
    public static IDetector Create(ITensorModel model, DetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= DetectorOptions.Default;
        var format = options.Format == DetectorFormat.Auto ? DetectFormat(model, options) : options.Format;
        return format switch
        {
            DetectorFormat.Yolox => new YoloxDetector(model, options),
            DetectorFormat.Ultralytics => new UltralyticsDetector(model, options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), format, "unknown detector format"),
        };
    }

    /// <summary>The detector format of a manifest model (so a known model never depends on shape guessing).</summary>
    public static DetectorFormat FormatFor(ModelFormat format) => format switch
    {
        ModelFormat.Yolox => DetectorFormat.Yolox,
        ModelFormat.Ultralytics => DetectorFormat.Ultralytics,
        _ => throw new ArgumentException($"{format} is not a detector format", nameof(format)),
    };

    /// <summary>Tells the layout apart by the output shape; throws when the shape does not say.</summary>
    public static DetectorFormat DetectFormat(ITensorModel model, DetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= DetectorOptions.Default;
        int size = InputSize(model, options);
        if (model.Outputs.Count == 0)
            throw new InvalidOperationException("the detector model has no outputs");
        var shape = model.Outputs[0].Shape;
        string shown = FormatShape(shape);
        if (shape.Length != 3)
            throw new InvalidOperationException($"detector output '{model.Outputs[0].Name}' has shape {shown}; expected 3 axes ([1, N, 5+C] for YOLOX or [1, 4+C, N] for Ultralytics)");
        long grid = GridCount(size);
        long a = shape[1], b = shape[2];
        if (a == grid && b != grid) return DetectorFormat.Yolox;
        if (b == grid && a != grid) return DetectorFormat.Ultralytics;
        if (a > 0 && b > 0 && a != b) return a > b ? DetectorFormat.Yolox : DetectorFormat.Ultralytics;
        throw new InvalidOperationException($"cannot tell the detector format from output shape {shown}; choose it explicitly (yolox or ultralytics)");
    }

    internal static long GridCount(int size)
    {
        long n = 0;
        foreach (int s in Strides)
            n += (long)(size / s) * (size / s);
        return n;
    }

    /// <summary>The square input size from the model's [1, 3, S, S] input, or from the options when dynamic.</summary>
    internal static int InputSize(ITensorModel model, DetectorOptions options)
    {
        options.Validate();
        if (model.Inputs.Count == 0)
            throw new InvalidOperationException("the detector model has no inputs");
        var spec = model.Inputs[0];
        var shape = spec.Shape;
        if (shape.Length != 4 || (shape[1] != 3 && shape[1] > 0) || (shape[0] > 1))
            throw new InvalidOperationException($"detector input '{spec.Name}' has shape {FormatShape(shape)}; expected [1, 3, S, S]");
        long h = shape[2], w = shape[3];
        if (h > 0 && w > 0)
        {
            if (h != w)
                throw new InvalidOperationException($"detector input '{spec.Name}' is {w}x{h}; only square inputs are supported");
            if (options.InputSize is int wanted && wanted != h)
                throw new InvalidOperationException($"the model's input size is fixed at {h}; the requested input size {wanted} cannot be used");
            if (h % 32 != 0)
                throw new InvalidOperationException($"detector input size {h} is not a multiple of the largest stride 32");
            return (int)h;
        }

        return options.InputSize
            ?? throw new InvalidOperationException($"detector input '{spec.Name}' has dynamic size {FormatShape(shape)}; an input size must be given");
    }

    internal static string FormatShape(ReadOnlySpan<long> shape) =>
        "[" + string.Join(", ", shape.ToArray()) + "]";
}
