namespace MotTracker.Tracking.Assignment;

/// <summary>
/// Help texts of the two-round (BYTE) association's command-line flags, written once for every tracker
/// that runs the association and reads them into its own options record (ByteTrack, BoT-SORT).
/// </summary>
public static class ByteAssociationFlags
{
    public const string TrackThreshold = "High-score threshold: detections above it enter the first association";
    public const string LowThreshold = "Low bound: detections between it and --track-thresh enter the second association";
    public const string NewTrackThreshold = "Minimum score to start a new track";
    public const string MatchThreshold = "Cost limit (1 - IoU, score-fused) of the first association";
    public const string SecondMatchThreshold = "Cost limit of the second (low-score) association";
    public const string UnconfirmedMatchThreshold = "Cost limit for unconfirmed tracks";
    public const string TrackBuffer = "Frames a lost track is kept, at 30 fps; scaled by the frame rate (--fps)";
    public const string NoFuseScore = "Do not weight IoU by detection score in the first association (the reference's MOT20 setting)";
}
