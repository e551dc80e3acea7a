namespace MotTracker.Core.Tracking;

/// <summary>
/// A multi-object tracker: fed one frame's detections at a time, in frame order, it returns the tracks
/// that are active in that frame.
/// </summary>
public interface ITracker
{
    /// <summary>Advances one frame.</summary>
    /// <param name="detections">This frame's detections, in any order.</param>
    /// <param name="embeddings">One appearance vector per detection, for trackers that use appearance; ignored otherwise.</param>
    /// <returns>
    /// The active tracks of this frame. The list is owned by the tracker and reused on the next call:
    /// copy what you keep.
    /// </returns>
    IReadOnlyList<TrackedObject> Update(ReadOnlySpan<Detection> detections, IReadOnlyList<float[]>? embeddings = null);
}

/// <summary>One track's state in one frame: its id (from 1), its box and the score of its last detection.</summary>
public readonly record struct TrackedObject(int TrackId, BoundingBox Box, double Score);
