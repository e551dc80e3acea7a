using MotTracker.Core;
using MotTracker.Inference.Imaging;

namespace MotTracker.Inference.Detectors;

/// <summary>
/// The part every single-image detector shares: letterbox a frame into a reused input tensor, run the
/// model into a reused output buffer. Owns the model.
/// </summary>
internal sealed class LetterboxRunner : IDisposable
{
    private readonly ITensorModel _model;
    private readonly Letterbox _letterbox;
    private readonly float[] _input;
    private readonly long[] _inputShape;
    private float[]? _output; // large (YOLOX-Nano: 3549 x 85 floats): one buffer serves every frame

    public LetterboxRunner(ITensorModel model, DetectorInputSize inputSize, TensorColorMode mode)
    {
        _model = model;
        _letterbox = new Letterbox(inputSize.Width, inputSize.Height, mode);
        _input = new float[_letterbox.TensorLength];
        _inputShape = [1, 3, inputSize.Height, inputSize.Width];
    }

    /// <summary>Runs on one image; <paramref name="scale"/> is the letterbox factor r. The result is valid until the next call.</summary>
    public TensorResult Run(BgrImage image, out double scale)
    {
        ArgumentNullException.ThrowIfNull(image);
        scale = _letterbox.Fill(image, _input);
        return _model.RunReusing(_input, _inputShape, ref _output);
    }

    public void Dispose() => _model.Dispose();
}
