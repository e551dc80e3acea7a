using MotTracker.Core.MotChallenge;
using MotTracker.Tracking;

namespace MotTracker.Engine.Analytics;

/// <summary>
/// Counting from a finished results file (or a ground-truth file), frame by frame, with the same
/// <see cref="CountingSession"/> a live run uses, so the two give the same counts for the same tracks.
/// </summary>
public static class OfflineCounting
{
    /// <summary>
    /// Which rows of a file are counted and as which class. Results: every row; column 8 is the COCO
    /// class id, or -1 (single-class run) for person. Ground truth (MOT16/17/20 gt.txt): rows marked to
    /// be considered (column 7 ≠ 0) of class 1 (pedestrian), counted as person; rows without a class
    /// column (MOT15) count when considered.
    /// </summary>
    public static List<TrackedObject> ToTracks(IEnumerable<MotRow> rows, MotFileKind kind, out List<int> frames)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var kept = new List<(int Frame, TrackedObject Track)>();
        foreach (var row in rows)
        {
            if (kind == MotFileKind.GroundTruth)
            {
                if (row.Score == 0 || row.ClassId is not (1 or -1)) continue;
                kept.Add((row.Frame, new TrackedObject(row.Id, row.Box, 1, 0)));
            }
            else
            {
                kept.Add((row.Frame, new TrackedObject(row.Id, row.Box, row.Score, row.ClassId < 0 ? 0 : row.ClassId)));
            }
        }
        // Frame order, ids in order within a frame: the order a run reports them.
        kept.Sort((a, b) => a.Frame != b.Frame ? a.Frame.CompareTo(b.Frame) : a.Track.TrackId.CompareTo(b.Track.TrackId));
        frames = kept.Select(k => k.Frame).ToList();
        return kept.Select(k => k.Track).ToList();
    }

    /// <summary>
    /// Feeds every frame from 1 to the last frame with rows (frames without rows too, so tracks end
    /// when they would have in a live run) to <paramref name="session"/>.
    /// </summary>
    public static void Run(CountingSession session, IReadOnlyList<TrackedObject> tracks, IReadOnlyList<int> frames)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(frames);
        int last = frames.Count == 0 ? 0 : frames[^1];
        var frame = new List<TrackedObject>();
        int i = 0;
        for (int number = 1; number <= last; number++)
        {
            frame.Clear();
            for (; i < tracks.Count && frames[i] == number; i++)
            {
                // A file may repeat an id within a frame (a broken result); the first row counts.
                if (frame.Count > 0 && frame[^1].TrackId == tracks[i].TrackId) continue;
                frame.Add(tracks[i]);
            }
            session.Update(number, frame);
        }
    }
}
