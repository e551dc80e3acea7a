using MotTracker.Core.MotChallenge;

namespace MotTracker.Tracking.PostProcessing;

/// <summary>Fills short gaps in one track with boxes on the straight line between the boxes around the gap.</summary>
public static class LinearInterpolation
{
    /// <summary>
    /// The track's rows (sorted by frame, one per frame) plus, for every gap of 1 to
    /// <paramref name="maxGap"/> missing frames, one box per missing frame with x, y, w and h linear in
    /// the frame number, confidence <see cref="TrackPostProcessing.InterpolatedScore"/>. Longer gaps stay gaps.
    /// </summary>
    public static List<MotRow> Fill(IReadOnlyList<MotRow> track, int maxGap)
    {
        var filled = new List<MotRow>(track.Count);
        for (int i = 0; i < track.Count; i++)
        {
            if (i > 0)
            {
                var a = track[i - 1];
                var b = track[i];
                int missing = b.Frame - a.Frame - 1;
                if (missing >= 1 && missing <= maxGap)
                {
                    double span = b.Frame - a.Frame;
                    for (int f = a.Frame + 1; f < b.Frame; f++)
                    {
                        double t = (f - a.Frame) / span;
                        var box = new BoundingBox(
                            a.Box.X + (b.Box.X - a.Box.X) * t,
                            a.Box.Y + (b.Box.Y - a.Box.Y) * t,
                            a.Box.Width + (b.Box.Width - a.Box.Width) * t,
                            a.Box.Height + (b.Box.Height - a.Box.Height) * t);
                        filled.Add(new MotRow(f, a.Id, box, TrackPostProcessing.InterpolatedScore, a.ClassId, a.Visibility));
                    }
                }
            }
            filled.Add(track[i]);
        }
        return filled;
    }
}
