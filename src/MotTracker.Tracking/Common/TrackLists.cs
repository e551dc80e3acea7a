using MotTracker.Tracking.Assignment;

namespace MotTracker.Tracking.Common;

/// <summary>What the list bookkeeping of ByteTrack-style trackers reads and writes on a track.</summary>
internal interface IListedTrack
{
    /// <summary>Scratch marker for set operations during one update (avoids hash sets in the hot path).</summary>
    int Mark { get; set; }

    BoundingBox Box { get; }

    /// <summary>Last frame the track was matched.</summary>
    int LastFrame { get; }

    int StartFrame { get; }

    /// <summary>Whether the track is in the Tracked state (neither lost nor removed).</summary>
    bool IsTracked { get; }

    /// <summary>Set once the track was ever removed; the reference keeps such tracks out of the lost list for good.</summary>
    bool EverRemoved { get; set; }
}

/// <summary>
/// The list operations of ByteTrack's reference (joint_stracks, sub_stracks, remove_duplicate_stracks),
/// which BoT-SORT's reference repeats unchanged. Set membership is a stamp written into each track's
/// <see cref="IListedTrack.Mark"/>, so the operations keep list order and allocate nothing once the
/// scratch buffers have grown.
/// </summary>
internal sealed class TrackLists<T> where T : class, IListedTrack
{
    /// <summary>
    /// Reference remove_duplicate_stracks: a tracked and a lost track are the same target when their
    /// IoU distance is below 0.15 (IoU above 0.85).
    /// </summary>
    private const double DuplicateIouDistance = 0.15;

    private BoundingBox[] _boxesA = new BoundingBox[64];
    private BoundingBox[] _boxesB = new BoundingBox[64];
    private double[] _ious = new double[64 * 64];
    private int _stamp;

    /// <summary>
    /// The reference's end-of-frame list update, in its order (which decides later tie-breaks): tracked
    /// = still-tracked + activated + refound; lost = lost - tracked + newly lost - ever removed; then the
    /// removed tracks are marked and tracked/lost duplicates resolved.
    /// </summary>
    public void EndFrame(List<T> tracked, List<T> lost, List<T> activated, List<T> refound, List<T> newlyLost, List<T> removed)
    {
        int kept = 0;
        for (int i = 0; i < tracked.Count; i++)
            if (tracked[i].IsTracked) tracked[kept++] = tracked[i];
        tracked.RemoveRange(kept, tracked.Count - kept);
        Join(tracked, activated);
        Join(tracked, refound);
        Subtract(lost, tracked);
        lost.AddRange(newlyLost);
        // The reference subtracts the removed tracks of *earlier* frames only, so a track removed now
        // stays in the lost list (and the next frame's pool) for one more frame.
        kept = 0;
        for (int i = 0; i < lost.Count; i++)
            if (!lost[i].EverRemoved) lost[kept++] = lost[i];
        lost.RemoveRange(kept, lost.Count - kept);
        foreach (var t in removed) t.EverRemoved = true;
        RemoveDuplicates(tracked, lost);
    }

    /// <summary>Appends the tracks of <paramref name="extra"/> not already in <paramref name="target"/>.</summary>
    public void Join(List<T> target, List<T> extra)
    {
        int stamp = ++_stamp;
        foreach (var t in target) t.Mark = stamp;
        foreach (var t in extra)
        {
            if (t.Mark == stamp) continue;
            t.Mark = stamp;
            target.Add(t);
        }
    }

    /// <summary>Removes from <paramref name="target"/> the tracks that are in <paramref name="other"/>.</summary>
    private void Subtract(List<T> target, List<T> other)
    {
        int stamp = ++_stamp;
        foreach (var t in other) t.Mark = stamp;
        RemoveMarked(target, stamp);
    }

    /// <summary>When a tracked and a lost track overlap almost fully, keep the older one (the one tracked longer).</summary>
    private void RemoveDuplicates(List<T> tracked, List<T> lost)
    {
        int rows = tracked.Count, cols = lost.Count;
        if (rows == 0 || cols == 0) return;
        Buffers.Grow(ref _boxesA, rows);
        Buffers.Grow(ref _boxesB, cols);
        Buffers.Grow(ref _ious, rows * cols);
        for (int i = 0; i < rows; i++) _boxesA[i] = tracked[i].Box;
        for (int j = 0; j < cols; j++) _boxesB[j] = lost[j].Box;
        var ious = _ious.AsSpan(0, rows * cols);
        IouMatrix.Compute(_boxesA.AsSpan(0, rows), _boxesB.AsSpan(0, cols), ious, pixelInclusive: true);
        int dropTracked = ++_stamp, dropLost = ++_stamp;
        bool any = false;
        for (int p = 0; p < rows; p++)
        {
            for (int q = 0; q < cols; q++)
            {
                // Written as the reference tests it (distance below the limit) so that ties fall the same way.
                if (!(1 - ious[p * cols + q] < DuplicateIouDistance)) continue;
                var a = tracked[p];
                var b = lost[q];
                any = true;
                if (a.LastFrame - a.StartFrame > b.LastFrame - b.StartFrame) b.Mark = dropLost;
                else a.Mark = dropTracked;
            }
        }
        if (!any) return;
        RemoveMarked(tracked, dropTracked);
        RemoveMarked(lost, dropLost);
    }

    /// <summary>In-place filter without the closure a RemoveAll lambda would allocate.</summary>
    private static void RemoveMarked(List<T> list, int stamp)
    {
        int kept = 0;
        for (int i = 0; i < list.Count; i++)
            if (list[i].Mark != stamp) list[kept++] = list[i];
        list.RemoveRange(kept, list.Count - kept);
    }
}
