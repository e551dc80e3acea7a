namespace MotTracker.Core;

/// <summary>
/// A 2x3 affine map of image coordinates, x' = M11·x + M12·y + M13 and y' = M21·x + M22·y + M23: the
/// camera's motion between two frames, as estimated from pixels by a camera-motion stage and handed to
/// trackers (which never see pixels).
/// </summary>
public readonly record struct AffineWarp(double M11, double M12, double M13, double M21, double M22, double M23)
{
    public static AffineWarp Identity => new(1, 0, 0, 0, 1, 0);

    public bool IsIdentity => this == Identity;

    /// <summary>A pure translation by (dx, dy).</summary>
    public static AffineWarp Translation(double dx, double dy) => new(1, 0, dx, 0, 1, dy);

    public (double X, double Y) Apply(double x, double y) => (M11 * x + M12 * y + M13, M21 * x + M22 * y + M23);
}
