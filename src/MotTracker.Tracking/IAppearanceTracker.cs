namespace MotTracker.Tracking;

/// <summary>
/// A tracker that associates by appearance when embeddings are given and falls back to motion alone
/// when they are not (no ReID model, or detections read from det.txt without frames).
/// </summary>
public interface IAppearanceTracker : ITracker
{
    /// <summary>True once an update had detections to associate but no embeddings at all.</summary>
    bool RanOnMotionAlone { get; }

    /// <summary>
    /// Raised once, on the first such update, so the caller can say so once in its log.
    /// </summary>
    event EventHandler? MotionAloneStarted;
}
