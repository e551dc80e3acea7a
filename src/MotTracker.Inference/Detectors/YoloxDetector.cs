using MotTracker.Core;
using MotTracker.Inference.Imaging;

namespace MotTracker.Inference.Detectors;

/// <summary>
/// YOLOX in Megvii's export layout: BGR 0–255 letterboxed input; output [1, N, 5 + C] where each row is a
/// raw grid prediction (x/y offsets in cells, log width/height, then sigmoided objectness and class
/// probabilities) and the rows run over strides 8, 16, 32, row-major within each stride.
/// </summary>
public sealed class YoloxDetector : IDetector
{
    private readonly LetterboxRunner _runner;
    private readonly CandidateSet _candidates;
    private readonly int _rows;

    /// <summary>Takes ownership of <paramref name="model"/>.</summary>
    public YoloxDetector(ITensorModel model, DetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= DetectorOptions.Default;
        InputSize = DetectorFactory.InputSize(model, options);
        _rows = (int)DetectorFactory.GridCount(InputSize);
        var shape = model.Outputs.Count > 0 ? model.Outputs[0].Shape : [];
        if (shape.Length != 3 || (shape[1] > 0 && shape[1] != _rows) || (shape[2] > 0 && shape[2] <= 5))
            throw new InvalidModelException($"YOLOX output has shape {DetectorFactory.FormatShape(shape)}; a {InputSize} model should give [1, {_rows}, 5 + classes]");
        // A dynamic class axis is resolved on the first run; COCO's 80 is the only export in use.
        ClassCount = shape[2] > 0 ? (int)shape[2] - 5 : 80;

        _runner = new LetterboxRunner(model, InputSize, TensorColorMode.Bgr255);
        _candidates = new CandidateSet(ClassCount, options);
    }

    public DetectorInputSize InputSize { get; }
    public int ClassCount { get; }

    public IReadOnlyList<Detection> Detect(BgrImage image)
    {
        var output = _runner.Run(image, out double r);
        return Decode(output, r, image.Width, image.Height);
    }

    /// <summary>Turns one output tensor into detections in image pixels (r = letterbox scale).</summary>
    internal List<Detection> Decode(TensorResult output, double r, int imageWidth, int imageHeight)
    {
        int width = 5 + ClassCount;
        if (output.Shape.Length != 3 || output.Shape[1] != _rows || output.Shape[2] != width || output.Data.Length < (long)_rows * width)
            throw new InvalidModelException($"YOLOX output has shape {DetectorFactory.FormatShape(output.Shape)}; expected [1, {_rows}, {width}]");

        _candidates.Clear();
        ReadOnlySpan<float> data = output.Data;
        float threshold = _candidates.Threshold;
        int row = 0;
        foreach (int stride in DetectorFactory.Strides)
        {
            int cellsX = InputSize.Width / stride, cellsY = InputSize.Height / stride;
            for (int gy = 0; gy < cellsY; gy++)
            {
                for (int gx = 0; gx < cellsX; gx++, row++)
                {
                    var p = data.Slice(row * width, width);
                    float objectness = p[4];
                    // score = obj·cls ≤ obj, so a low objectness rules the row out before the class scan.
                    if (objectness <= threshold) continue;
                    int best = 0;
                    float bestProb = p[5];
                    for (int c = 1; c < ClassCount; c++)
                    {
                        if (p[5 + c] > bestProb)
                        {
                            bestProb = p[5 + c];
                            best = c;
                        }
                    }

                    float score = objectness * bestProb;
                    if (score <= threshold || !_candidates.Allows(best)) continue;
                    float cx = (p[0] + gx) * stride, cy = (p[1] + gy) * stride;
                    float w = MathF.Exp(p[2]) * stride, h = MathF.Exp(p[3]) * stride;
                    _candidates.Add(new Candidate(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score, best));
                }
            }
        }

        return _candidates.Finish(r, imageWidth, imageHeight);
    }

    public void Dispose() => _runner.Dispose();
}
