using MotTracker.Core;
using MotTracker.Inference.Models;

namespace MotTracker.Inference.Detectors;

/// <summary>Builds the right detector for a loaded model.</summary>
public static class DetectorFactory
{
    /// <summary>Strides of the three YOLO heads; the grid has Σ (W/s)·(H/s) cells over s = 8, 16, 32.</summary>
    internal static readonly int[] Strides = [8, 16, 32];

    /// <summary>
    /// Returns a YOLOX or Ultralytics detector for <paramref name="model"/>. The detector takes ownership of
    /// the model and disposes it; when no detector can be built the model is disposed here. With
    /// <see cref="DetectorFormat.Auto"/> the format is read from the output shape: the axis equal to the
    /// grid size is the box axis — axis 1 for YOLOX ([1, N, 5+C]), axis 2 for Ultralytics ([1, 4+C, N]).
    /// </summary>
    /// <exception cref="InvalidModelException">The model is not a detector this code can run.</exception>
    public static IDetector Create(ITensorModel model, DetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        try
        {
            options ??= DetectorOptions.Default;
            var format = options.Format == DetectorFormat.Auto ? DetectFormat(model, options) : options.Format;
            return format switch
            {
                DetectorFormat.Yolox => new YoloxDetector(model, options),
                DetectorFormat.Ultralytics => new UltralyticsDetector(model, options),
                _ => throw new ArgumentOutOfRangeException(nameof(options), format, "unknown detector format"),
            };
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The detector format of a manifest model (so a known model never depends on shape guessing).</summary>
    public static DetectorFormat FormatFor(ModelFormat format) => format switch
    {
        ModelFormat.Yolox => DetectorFormat.Yolox,
        ModelFormat.Ultralytics => DetectorFormat.Ultralytics,
        _ => throw new ArgumentException($"{format} is not a detector format", nameof(format)),
    };

    /// <summary>Tells the layout apart by the output shape; throws when the shape does not say.</summary>
    /// <exception cref="InvalidModelException">The outputs match no supported detector format.</exception>
    public static DetectorFormat DetectFormat(ITensorModel model, DetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= DetectorOptions.Default;
        if (model.Outputs.Count == 0)
            throw new InvalidModelException("the model has no outputs, so it is not a detector");
        var shape = model.Outputs[0].Shape;
        if (shape.Length != 3)
            throw new InvalidModelException($"{DescribeOutputs(model)}: {KindHint(shape)}; a detector has one output [1, N, 5+C] (YOLOX) or [1, 4+C, N] (Ultralytics)");
        long grid = GridCount(InputSize(model, options));
        long a = shape[1], b = shape[2];
        if (a == grid && b != grid) return DetectorFormat.Yolox;
        if (b == grid && a != grid) return DetectorFormat.Ultralytics;
        if (a > 0 && b > 0 && a != b) return a > b ? DetectorFormat.Yolox : DetectorFormat.Ultralytics;
        throw new InvalidModelException($"cannot tell the detector format from {DescribeOutputs(model)}; choose it explicitly (yolox or ultralytics)");
    }

    /// <summary>What a non-detector output shape most likely belongs to, for the error message.</summary>
    internal static string KindHint(long[] shape) => shape.Length switch
    {
        2 => "looks like a ReID model (one feature vector per image)",
        4 => "looks like a segmentation or feature-map model",
        _ => "matches no supported detector format",
    };

    /// <summary>"output 'name' [N,512]" for every output (dynamic axes shown as N).</summary>
    internal static string DescribeOutputs(ITensorModel model) =>
        string.Join(", ", model.Outputs.Select(o => $"output '{o.Name}' {FormatShape(o.Shape)}"));

    internal static long GridCount(DetectorInputSize size)
    {
        long n = 0;
        foreach (int s in Strides)
            n += (long)(size.Width / s) * (size.Height / s);
        return n;
    }

    /// <summary>
    /// The input size from the model's [1, 3, H, W] input; a dynamic side takes the requested size or
    /// <see cref="DetectorInputSize.DefaultDynamic"/>.
    /// </summary>
    internal static DetectorInputSize InputSize(ITensorModel model, DetectorOptions options)
    {
        options.Validate();
        if (model.Inputs.Count == 0)
            throw new InvalidModelException("the model has no inputs, so it is not a detector");
        var spec = model.Inputs[0];
        var shape = spec.Shape;
        if (shape.Length != 4 || (shape[1] != 3 && shape[1] > 0) || (shape[0] > 1))
            throw new InvalidModelException($"input '{spec.Name}' {FormatShape(shape)} is not a detector input [1, 3, H, W]");
        long h = shape[2], w = shape[3];
        var wanted = options.InputSize;
        var fallback = wanted ?? DetectorInputSize.DefaultDynamic;
        var size = new DetectorInputSize(w > 0 ? (int)w : fallback.Width, h > 0 ? (int)h : fallback.Height);
        if (wanted is { } asked && asked != size)
            throw new InvalidModelException($"the model's input '{spec.Name}' is fixed at {size} (width x height); the requested input size {asked} cannot be used");
        if (!size.IsValid)
            throw new InvalidModelException($"detector input size {size} is not a multiple of the largest stride 32");
        return size;
    }

    /// <summary>"[N,3,640,640]": dynamic axes (-1) shown as N.</summary>
    internal static string FormatShape(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++)
            parts[i] = shape[i] > 0 ? shape[i].ToString(System.Globalization.CultureInfo.InvariantCulture) : "N";
        return "[" + string.Join(",", parts) + "]";
    }
}
