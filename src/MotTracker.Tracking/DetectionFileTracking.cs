using MotTracker.Core.MotChallenge;

namespace MotTracker.Tracking;

/// <summary>Tracks detections that are already known per frame (a MOTChallenge det.txt grouped by frame).</summary>
public static class DetectionFileTracking
{
    /// <summary>
    /// Feeds frames 1..N (index 0 unused, as <see cref="MotRows.GroupByFrame"/> returns them) to the
    /// tracker and collects the tracks that pass <paramref name="filter"/> as result rows; with
    /// <paramref name="cameraMotion"/>, each frame's warp from it (as <c>--cmc file</c> does).
    /// </summary>
    public static List<MotRow> Run(MotRow[][] frames, ITracker tracker, OutputFilter filter, GmcFile? cameraMotion = null)
    {
        var results = new List<MotRow>();
        var buffer = new Detection[64];
        for (int f = 1; f < frames.Length; f++)
        {
            var frameRows = frames[f];
            if (buffer.Length < frameRows.Length) buffer = new Detection[frameRows.Length * 2];
            for (int i = 0; i < frameRows.Length; i++) buffer[i] = new Detection(frameRows[i].Box, frameRows[i].Score);
            AffineWarp? warp = cameraMotion is null ? null : cameraMotion.Between(f - 1, f);
            foreach (var t in tracker.Update(f, buffer.AsSpan(0, frameRows.Length), null, warp))
                if (filter.Keeps(t)) results.Add(new MotRow(f, t.TrackId, t.Box, t.Score, -1, -1));
        }
        return results;
    }
}
