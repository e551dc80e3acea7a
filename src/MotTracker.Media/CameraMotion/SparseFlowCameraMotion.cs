using MotTracker.Core;
using OpenCvSharp;

namespace MotTracker.Media.CameraMotion;

/// <summary>
/// How <see cref="SparseFlowCameraMotion"/> trades work for precision. <see cref="Default"/> is what
/// <c>--cmc sparse</c> runs; <see cref="Reference"/> is BoT-SORT's gmc.py setting, kept so the
/// benchmarks can time and score the two side by side.
/// </summary>
/// <param name="Downscale">Working size: the grey frame is shrunk by this factor.</param>
/// <param name="MaxCorners">Most corners <c>goodFeaturesToTrack</c> returns.</param>
/// <param name="MinDistance">Least distance between two corners, in working-size pixels.</param>
/// <param name="ReuseTracked">
/// Follow the RANSAC inliers of the last estimate into the next frame instead of detecting corners in
/// every frame; corners are detected again when fewer than half of those last detected remain.
/// </param>
public sealed record SparseFlowSettings(int Downscale, int MaxCorners, double MinDistance, bool ReuseTracked)
{
    /// <summary>
    /// Our setting: the reference's half-size frame, but 200 corners at least 8 px apart, followed from
    /// frame to frame, cost about a sixth of the reference's time per frame on vtest.avi and were closer to
    /// the true camera of panning synthetic scenes (README, Camera motion). A quarter-size frame was
    /// cheaper still but underestimated pans by a pixel or more a frame, so the working size stays.
    /// </summary>
    public static SparseFlowSettings Default { get; } = new(2, 200, 8, true);

    /// <summary>Reference gmc.py: downscale 2, maxCorners 1000, minDistance 1, corners detected in every frame.</summary>
    public static SparseFlowSettings Reference { get; } = new(2, 1000, 1, false);
}

/// <summary>
/// Camera motion as BoT-SORT's GMC "sparseOptFlow" estimates it (Aharon et al. 2022, reference gmc.py):
/// corners of the previous grey frame (shrunk) are followed into the current one with pyramidal
/// Lucas-Kanade optical flow, and a 4-degree-of-freedom similarity (rotation, uniform scale,
/// translation) is fitted to the matches with RANSAC, so moving people (a minority of the corners) do
/// not drag the estimate. Fewer than 5 matches: identity (no reliable estimate).
/// </summary>
public sealed class SparseFlowCameraMotion(SparseFlowSettings settings) : ICameraMotionEstimator
{
    /// <summary>Reference gmc.py feature parameters kept in every setting: qualityLevel 0.01, blockSize 3, no Harris.</summary>
    private const double QualityLevel = 0.01;
    private const int BlockSize = 3;

    /// <summary>Reference gmc.py: more than 4 matched points are needed to estimate.</summary>
    private const int MinMatches = 5;

    private Mat? _previous;
    private Point2f[] _previousCorners = [];

    /// <summary>Corners found at the last detection: the followed ones are replaced once half of them are lost.</summary>
    private int _detected;

    public SparseFlowCameraMotion()
        : this(SparseFlowSettings.Default)
    {
    }

    public AffineWarp Estimate(BgrImage frame)
    {
        var grey = GreyFrames.Downscaled(frame, settings.Downscale);
        var warp = AffineWarp.Identity;
        Point2f[]? kept = null;
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
                if (affine is not null && !affine.Empty())
                {
                    warp = GreyFrames.ToFullResolution(affine, settings.Downscale);
                    if (settings.ReuseTracked) kept = Inliers(to, inliers);
                }
            }
        }
        // Detecting corners is most of the cost; the background corners just followed (the inliers)
        // serve the next frame as well, until too many have left the view or fallen on movers.
        if (kept is not null && kept.Length >= _detected / 2 && kept.Length >= 2 * MinMatches)
        {
            _previousCorners = kept;
        }
        else
        {
            _previousCorners = Cv2.GoodFeaturesToTrack(grey, settings.MaxCorners, QualityLevel, settings.MinDistance, null!, BlockSize, false, 0.04);
            _detected = _previousCorners.Length;
        }
        _previous?.Dispose();
        _previous = grey;
        return warp;
    }

    /// <summary>The matched points RANSAC kept, those still inside the frame.</summary>
    private Point2f[] Inliers(List<Point2f> points, Mat mask)
    {
        var kept = new List<Point2f>(points.Count);
        int width = _previous!.Width, height = _previous.Height;
        for (int i = 0; i < points.Count; i++)
        {
            var p = points[i];
            if (mask.At<byte>(i) != 0 && p.X >= 0 && p.Y >= 0 && p.X < width && p.Y < height) kept.Add(p);
        }
        return [.. kept];
    }

    public void Dispose()
    {
        _previous?.Dispose();
        _previous = null;
    }
}
