using MotTracker.Core;
using MotTracker.Inference.Imaging;

namespace MotTracker.Inference.Detectors;

/// <summary>
/// Ultralytics YOLOv8/YOLO11 detection export: RGB 0–1 letterboxed input; output [1, 4 + C, N] holding,
/// per anchor n, the box centre and size in input pixels followed by C sigmoided class scores (no
/// objectness). The anchor axis is last, so the decoder reads each field with stride N.
/// </summary>
public sealed class UltralyticsDetector : IDetector
{
    private readonly LetterboxRunner _runner;
    private readonly CandidateSet _candidates;
    private float[] _bestScore = [];
    private int[] _bestClass = [];

    /// <summary>Takes ownership of <paramref name="model"/>.</summary>
    public UltralyticsDetector(ITensorModel model, DetectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= DetectorOptions.Default;
        InputSize = DetectorFactory.InputSize(model, options);
        var shape = model.Outputs.Count > 0 ? model.Outputs[0].Shape : [];
        if (shape.Length != 3 || (shape[1] > 0 && shape[1] <= 4))
            throw new InvalidModelException($"Ultralytics output has shape {DetectorFactory.FormatShape(shape)}; expected [1, 4 + classes, anchors]");
        ClassCount = shape[1] > 0 ? (int)shape[1] - 4 : 80;

        _runner = new LetterboxRunner(model, InputSize, TensorColorMode.RgbUnit);
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
        var shape = output.Shape;
        if (shape.Length != 3 || shape[1] != 4 + ClassCount || shape[2] <= 0 || output.Data.Length < shape[1] * shape[2])
            throw new InvalidModelException($"Ultralytics output has shape {DetectorFactory.FormatShape(shape)}; expected [1, {4 + ClassCount}, anchors]");
        int n = (int)shape[2];

        _candidates.Clear();
        ReadOnlySpan<float> data = output.Data;
        float threshold = _candidates.Threshold;
        // Best class per anchor, scanned class by class so every read is sequential in memory.
        if (_bestScore.Length < n)
        {
            _bestScore = new float[n];
            _bestClass = new int[n];
        }

        var bestScore = _bestScore.AsSpan(0, n);
        var bestClass = _bestClass.AsSpan(0, n);
        data.Slice(4 * n, n).CopyTo(bestScore);
        bestClass.Clear();
        for (int c = 1; c < ClassCount; c++)
        {
            var scores = data.Slice((4 + c) * n, n);
            for (int i = 0; i < n; i++)
            {
                if (scores[i] > bestScore[i])
                {
                    bestScore[i] = scores[i];
                    bestClass[i] = c;
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            float score = bestScore[i];
            if (score <= threshold || !_candidates.Allows(bestClass[i])) continue;
            float cx = data[i], cy = data[n + i], w = data[2 * n + i], h = data[3 * n + i];
            _candidates.Add(new Candidate(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score, bestClass[i]));
        }

        return _candidates.Finish(r, imageWidth, imageHeight);
    }

    public void Dispose() => _runner.Dispose();
}
