using MotTracker.Core;
using MotTracker.Tracking;

namespace MotTracker.Engine;

/// <summary>
/// One frame after association: its tracks after the output filter, its pixels when frames are read
/// (null otherwise) and the camera motion when estimated. <see cref="Image"/> and <see cref="Tracks"/> are
/// only valid during the <see cref="IFrameObserver.OnFrame"/> call: the pixel buffer goes back to the
/// frame pool and the list is reused right after it.
/// </summary>
public readonly record struct FrameTracks(int FrameNumber, BgrImage? Image, IReadOnlyList<TrackedObject> Tracks, AffineWarp? CameraMotion);

/// <summary>
/// Watches every frame of a run in frame order, on the association thread (an annotated video, line
/// counting, the result file). Keep it quick: the pipeline waits for it.
/// </summary>
public interface IFrameObserver
{
    /// <summary>Whether it reads <see cref="FrameTracks.Image"/>: then frames are read (even on public detections) and kept until it is done.</summary>
    bool NeedsPixels { get; }

    void OnFrame(in FrameTracks frame);
}
