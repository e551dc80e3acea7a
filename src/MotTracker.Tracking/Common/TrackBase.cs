namespace MotTracker.Tracking.Common;

/// <summary>Where a track of the BYTE association stands.</summary>
public enum TrackState
{
    Tracked,
    Lost,
    Removed,
}

/// <summary>
/// The bookkeeping every track of the two-round BYTE association keeps (ByteTrack's STrack, which
/// BoT-SORT's reference reuses): id, class, last score, state, confirmation, first and last frame, and
/// the scratch fields of the list operations (<see cref="TrackLists{T}"/>). A tracker's own track adds
/// its motion model (and appearance) through <see cref="Predict"/>, <see cref="Correct"/> and <see cref="Box"/>.
/// </summary>
public abstract class TrackBase : IListedTrack
{
    private protected TrackBase(int id, in Detection detection, int frame)
    {
        Id = id;
        Score = detection.Score;
        ClassId = detection.ClassId;
        State = TrackState.Tracked;
        // Only tracks born on the very first frame are confirmed at once; later ones need a second hit.
        IsActivated = frame == 1;
        LastFrame = frame;
        StartFrame = frame;
    }

    public int Id { get; }
    public TrackState State { get; internal set; }
    public bool IsActivated { get; private set; }

    /// <summary>Score of the last matched detection.</summary>
    public double Score { get; private set; }

    /// <summary>The class of the detection that started the track; a track never changes class.</summary>
    public int ClassId { get; }

    /// <summary>Last frame this track was matched (the reference's end_frame / frame_id).</summary>
    public int LastFrame { get; private set; }

    public int StartFrame { get; }

    /// <summary>Matches since the track was started or last brought back.</summary>
    public int TrackletLength { get; private set; }

    /// <summary>The box of the current motion state.</summary>
    public abstract BoundingBox Box { get; }

    /// <summary>Scratch marker for set operations during one update (avoids hash sets in the hot path).</summary>
    internal int Mark;

    /// <summary>Set once the track was ever removed; the reference keeps such tracks out of the lost list for good.</summary>
    internal bool EverRemoved;

    int IListedTrack.Mark { get => Mark; set => Mark = value; }

    bool IListedTrack.IsTracked => State == TrackState.Tracked;

    bool IListedTrack.EverRemoved { get => EverRemoved; set => EverRemoved = value; }

    /// <summary>One motion step.</summary>
    /// <param name="unobserved">True for the steps over skipped frames, in which the track was not seen.</param>
    internal abstract void Predict(bool unobserved);

    /// <summary>The motion state (and appearance, if any) corrected by the matched detection.</summary>
    private protected abstract void Correct(in Detection detection, float[]? feature);

    /// <summary>Continues a tracked (or unconfirmed) track with this frame's detection.</summary>
    internal void Continue(in Detection detection, float[]? feature, int frame)
    {
        Correct(detection, feature);
        TrackletLength++;
        Matched(detection, frame);
    }

    /// <summary>Brings a lost track back with this frame's detection.</summary>
    internal void Reactivate(in Detection detection, float[]? feature, int frame)
    {
        Correct(detection, feature);
        TrackletLength = 0;
        Matched(detection, frame);
    }

    /// <summary>Confirms a track at birth, for births that already rest on several frames (steady births).</summary>
    internal void Confirm() => IsActivated = true;

    private void Matched(in Detection detection, int frame)
    {
        LastFrame = frame;
        State = TrackState.Tracked;
        IsActivated = true;
        Score = detection.Score;
    }
}
