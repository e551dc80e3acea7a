using MotTracker.Core;
using OpenCvSharp;

namespace MotTracker.Media.CameraMotion;

/// <summary>
/// Camera motion by OpenCV's enhanced-correlation-coefficient alignment (Evangelidis and Psarakis 2008),
/// BoT-SORT's GMC "ecc" method: the previous grey frame (blurred, shrunk) is aligned to the current one
/// with a Euclidean (rotation + translation) or full affine model. Dense and slower than the sparse
/// method; when the alignment does not converge the identity is returned.
/// </summary>
public sealed class EccCameraMotion(bool affine = false) : ICameraMotionEstimator
{
    /// <summary>
    /// Shrink factor and iteration budget: our choice (the reference allows 5000 iterations), so ECC costs
    /// a few milliseconds a frame on a CPU while still resolving shifts well below a full-resolution pixel.
    /// </summary>
    private const int Downscale = 4;

    private const int MaxIterations = 50;

    private const double Epsilon = 1e-4;

    private Mat? _previous;

    public AffineWarp Estimate(BgrImage frame)
    {
        var grey = GreyFrames.Downscaled(frame, Downscale, blur: true);
        var warp = AffineWarp.Identity;
        if (_previous is not null)
        {
            using var matrix = Mat.Eye(2, 3, MatType.CV_32FC1).ToMat();
            try
            {
                var criteria = new TermCriteria(CriteriaTypes.Eps | CriteriaTypes.Count, MaxIterations, Epsilon);
                Cv2.FindTransformECC(_previous, grey, matrix, affine ? MotionTypes.Affine : MotionTypes.Euclidean, criteria, null!, 1);
                warp = GreyFrames.ToFullResolution(matrix, Downscale);
            }
            catch (OpenCVException)
            {
                // ECC throws when the iterations diverge (a cut, a blank frame): no estimate for this frame.
            }
        }
        _previous?.Dispose();
        _previous = grey;
        return warp;
    }

    public void Dispose()
    {
        _previous?.Dispose();
        _previous = null;
    }
}
