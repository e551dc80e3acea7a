namespace MotTracker.Tracking;

/// <summary>
/// A multi-object tracker: fed one frame's detections at a time, in frame order, it returns the tracks
/// that are active in that frame. Trackers never see pixels: appearance arrives as embeddings and camera
/// motion as a warp, both computed by stages outside the tracker.
/// </summary>
public interface ITracker
{
    /// <summary>Advances to <paramref name="frameNumber"/>.</summary>
    /// <param name="frameNumber">
    /// The 1-based frame number. Numbers must increase; a gap (frames with no call) ages the tracks by
    /// the frames skipped, exactly as calls with no detections would.
    /// </param>
    /// <param name="detections">This frame's detections (with their class), in any order.</param>
    /// <param name="embeddings">
    /// One L2-normalised appearance vector per detection (same order), or a null entry for a detection
    /// that was not embedded; null when no appearance model runs. Trackers that do not use appearance ignore it.
    /// </param>
    /// <param name="cameraMotion">
    /// The camera's motion from the previous frame to this one (maps previous-frame pixels to this frame's),
    /// or null when not estimated. Trackers that do not compensate camera motion ignore it.
    /// </param>
    /// <returns>
    /// The active tracks of this frame. The list is owned by the tracker and reused on the next call:
    /// copy what you keep.
    /// </returns>
    IReadOnlyList<TrackedObject> Update(
        int frameNumber,
        ReadOnlySpan<Detection> detections,
        IReadOnlyList<float[]?>? embeddings = null,
        AffineWarp? cameraMotion = null);
}

/// <summary>One track's state in one frame: its id (from 1), its box, the score of its last detection and its class.</summary>
public readonly record struct TrackedObject(int TrackId, BoundingBox Box, double Score, int ClassId = 0);
