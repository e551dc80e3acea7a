using MotTracker.Core;
using MotTracker.Media.CameraMotion;

namespace MotTracker.Engine;

/// <summary>The Media estimator for a <see cref="CameraMotionMode"/>.</summary>
public static class CameraMotionEstimators
{
    public static ICameraMotionEstimator Create(CameraMotionMode mode) => mode switch
    {
        CameraMotionMode.Sparse => new SparseFlowCameraMotion(),
        CameraMotionMode.Ecc => new EccCameraMotion(),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "no estimator for this mode"),
    };
}
