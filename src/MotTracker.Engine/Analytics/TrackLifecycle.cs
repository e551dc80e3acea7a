using MotTracker.Tracking;

namespace MotTracker.Engine.Analytics;

/// <summary>
/// Tells when tracks start and end from the tracks a run reports each frame. A track starts on the first
/// frame it is reported. It ends once it has gone unreported for more than <see cref="LostFrames"/>
/// frames, which is when the tracker removes it (its track buffer: ByteTrack's and BoT-SORT's
/// track-buffer, DeepSORT's and OC-SORT's max-age, scaled to the frame rate): the end is reported on the
/// first frame after that, carrying the last frame the track was seen. Only live tracks are remembered,
/// so memory follows the tracks in view, not every track ever seen.
/// </summary>
public sealed class TrackLifecycle
{
    private readonly Dictionary<int, LiveTrack> _live = [];
    private readonly List<int> _ended = [];

    public TrackLifecycle(int lostFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lostFrames);
        LostFrames = lostFrames;
    }

    public int LostFrames { get; }

    /// <summary>Tracks reported within the last <see cref="LostFrames"/> frames.</summary>
    public int LiveCount => _live.Count;

    /// <summary>A track seen for the first time (track, frame).</summary>
    public Action<TrackedObject, int>? Started { get; set; }

    /// <summary>A track removed (its last state, the last frame it was seen, the frame the end is reported).</summary>
    public Action<TrackedObject, int, int>? Ended { get; set; }

    /// <summary>Feeds one frame's tracks: first the starts, then the ends found at this frame.</summary>
    public void Update(int frameNumber, IReadOnlyList<TrackedObject> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        foreach (var track in tracks)
        {
            bool known = _live.ContainsKey(track.TrackId);
            _live[track.TrackId] = new LiveTrack(track, frameNumber);
            if (!known) Started?.Invoke(track, frameNumber);
        }
        _ended.Clear();
        foreach (var (id, live) in _live)
            if (frameNumber - live.LastFrame > LostFrames) _ended.Add(id);
        _ended.Sort(); // ids in order, so events do not depend on the dictionary's layout
        foreach (int id in _ended)
        {
            _live.Remove(id, out var live);
            Ended?.Invoke(live.Last, live.LastFrame, frameNumber);
        }
    }

    private readonly record struct LiveTrack(TrackedObject Last, int LastFrame);
}
