using MotTracker.Core;
using OpenCvSharp;

namespace MotTracker.Media.CameraMotion;

/// <summary>
/// Camera motion as BoT-SORT's GMC "sparseOptFlow" estimates it (Aharon et al. 2022, reference gmc.py):
/// corners of the previous grey frame (shrunk by 2) are followed into the current one with pyramidal
/// Lucas-Kanade optical flow, and a 4-degree-of-freedom similarity (rotation, uniform scale,
/// translation) is fitted to the matches with RANSAC, so moving people (a minority of the corners) do
/// not drag the estimate. Fewer than 5 matches: identity (no reliable estimate).
/// </summary>
public sealed class SparseFlowCameraMotion : ICameraMotionEstimator
{
    /// <summary>Reference gmc.py: downscale 2.</summary>
    private const int Downscale = 2;

    /// <summary>Reference gmc.py feature parameters: maxCorners 1000, qualityLevel 0.01, minDistance 1, blockSize 3, no Harris.</summary>
    private const int MaxCorners = 1000;
    private const double QualityLevel = 0.01;
    private const double MinDistance = 1;
    private const int BlockSize = 3;

    /// <summary>Reference gmc.py: more than 4 matched points are needed to estimate.</summary>
    private const int MinMatches = 5;

    private Mat? _previous;
    private Point2f[] _previousCorners = [];

    public AffineWarp Estimate(BgrImage frame)
    {
        var grey = GreyFrames.Downscaled(frame, Downscale);
        var corners = Cv2.GoodFeaturesToTrack(grey, MaxCorners, QualityLevel, MinDistance, null!, BlockSize, false, 0.04);
        var warp = AffineWarp.Identity;
        if (_previous is not null && _previousCorners.Length >= MinMatches)
        {
            var next = Array.Empty<Point2f>();
            Cv2.CalcOpticalFlowPyrLK(_previous, grey, _previousCorners, ref next, out byte[] status, out _);
            var from = new List<Point2f>(status.Length);
            var to = new List<Point2f>(status.Length);
            for (int i = 0; i < status.Length; i++)
            {
                if (status[i] == 0) continue;
                from.Add(_previousCorners[i]);
                to.Add(next[i]);
            }
            if (from.Count >= MinMatches)
            {
                using var src = InputArray.Create(from);
                using var dst = InputArray.Create(to);
                using var inliers = new Mat();
                using var affine = Cv2.EstimateAffinePartial2D(src, dst, inliers, RobustEstimationAlgorithms.RANSAC, 3, 2000, 0.99, 10);
                if (affine is not null && !affine.Empty()) warp = GreyFrames.ToFullResolution(affine, Downscale);
            }
        }
        _previous?.Dispose();
        _previous = grey;
        _previousCorners = corners;
        return warp;
    }

    public void Dispose()
    {
        _previous?.Dispose();
        _previous = null;
    }
}
