using MotTracker.Core;
using OpenCvSharp;

namespace MotTracker.Media.CameraMotion;

/// <summary>Turns a BGR frame into the small grey image camera-motion estimation works on.</summary>
internal static class GreyFrames
{
    // Every camera-motion estimator starts here; a caller that never opened a frame source through Media
    // (a test, a future input) must still get the native library resolved beside the executable.
    static GreyFrames() => OpenCvRuntime.EnsureInitialized();

    /// <summary>A grey copy of <paramref name="frame"/> shrunk by <paramref name="downscale"/> (area averaging), optionally blurred.</summary>
    public static unsafe Mat Downscaled(BgrImage frame, int downscale, bool blur = false)
    {
        var grey = new Mat();
        fixed (byte* pixels = frame.Pixels)
        {
            using var bgr = Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_8UC3, (IntPtr)pixels, frame.Stride);
            Cv2.CvtColor(bgr, grey, ColorConversionCodes.BGR2GRAY);
        }
        if (blur) Cv2.GaussianBlur(grey, grey, new Size(3, 3), 1.5);
        if (downscale > 1)
            Cv2.Resize(grey, grey, new Size(frame.Width / downscale, frame.Height / downscale), 0, 0, InterpolationFlags.Area);
        return grey;
    }

    /// <summary>
    /// A 2x3 warp estimated on frames shrunk by <paramref name="downscale"/>, for full-resolution pixels:
    /// the rotation/scale part is unchanged by a uniform rescale, the translation grows by the factor.
    /// </summary>
    public static AffineWarp ToFullResolution(Mat warp, int downscale)
    {
        double At(int r, int c) => warp.Type() == MatType.CV_32FC1 ? warp.At<float>(r, c) : warp.At<double>(r, c);
        return new AffineWarp(At(0, 0), At(0, 1), At(0, 2) * downscale, At(1, 0), At(1, 1), At(1, 2) * downscale);
    }
}
