namespace MotTracker.Core.MotChallenge;

/// <summary>
/// One line of a MOTChallenge text file. The same shape serves detections (<see cref="Id"/> = -1),
/// ground truth (<see cref="Score"/> is the "consider" flag, <see cref="ClassId"/> the class) and
/// tracker results (<see cref="ClassId"/> is -1 when the file has no class column).
/// </summary>
public readonly record struct MotRow(int Frame, int Id, BoundingBox Box, double Score, int ClassId, double Visibility)
{
    /// <summary>1-based line in the file it was read from (0 for rows made in memory), for error messages.</summary>
    public int Line { get; init; }
}

/// <summary>Which MOTChallenge file a reader is parsing; decides the allowed column counts and rules.</summary>
public enum MotFileKind
{
    /// <summary><c>det/det.txt</c>: 7 or 10 columns; id is -1 (sometimes written as a float).</summary>
    Detections,

    /// <summary><c>gt/gt.txt</c>: 9 columns (MOT16/17/20) or 10 columns (MOT15, no class).</summary>
    GroundTruth,

    /// <summary>Tracker output: 6 to 10 columns, integer ids.</summary>
    Results,
}
