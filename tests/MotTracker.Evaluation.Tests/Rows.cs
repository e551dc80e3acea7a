using MotTracker.Core.MotChallenge;

namespace MotTracker.Evaluation.Tests;

/// <summary>Shorthand for building small gt and result sets by hand.</summary>
internal static class Rows
{
    /// <summary>A considered gt row (flag 1) of the given class.</summary>
    public static MotRow Gt(int frame, int id, double x, double y, double w, double h, int cls = 1, double flag = 1) =>
        new(frame, id, new BoundingBox(x, y, w, h), flag, cls, 1.0);

    public static MotRow Track(int frame, int id, double x, double y, double w, double h, int cls = -1) =>
        new(frame, id, new BoundingBox(x, y, w, h), 1.0, cls, -1);
}
