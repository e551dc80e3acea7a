namespace MotTracker.Core.MotChallenge;

public static class MotRows
{
    /// <summary>
    /// Groups rows by frame into an array indexed by frame number (index 0 unused), keeping file order
    /// within a frame. Files are not required to be sorted (MOT17's det.txt is not).
    /// </summary>
    /// <param name="frameCount">Frames 1..frameCount get a slot; 0 means "the largest frame seen".</param>
    public static MotRow[][] GroupByFrame(IReadOnlyList<MotRow> rows, int frameCount = 0)
    {
        int last = frameCount;
        if (last <= 0)
            foreach (var r in rows) last = Math.Max(last, r.Frame);
        var counts = new int[last + 1];
        foreach (var r in rows)
            if (r.Frame <= last) counts[r.Frame]++;
        var groups = new MotRow[last + 1][];
        for (int f = 0; f <= last; f++) groups[f] = counts[f] == 0 ? [] : new MotRow[counts[f]];
        Array.Clear(counts);
        foreach (var r in rows)
            if (r.Frame <= last) groups[r.Frame][counts[r.Frame]++] = r;
        return groups;
    }

    /// <summary>The rows with boxes clipped to a width x height image; rows left with no area are dropped.</summary>
    public static List<MotRow> ClipToImage(IReadOnlyList<MotRow> rows, int width, int height)
    {
        var clipped = new List<MotRow>(rows.Count);
        foreach (var row in rows)
            if (TryClipToImage(row, width, height, out var kept)) clipped.Add(kept);
        return clipped;
    }

    /// <summary>One row with its box clipped to a width x height image; false when nothing of the box is left.</summary>
    public static bool TryClipToImage(in MotRow row, int width, int height, out MotRow clipped)
    {
        var box = row.Box.ClipTo(width, height);
        clipped = row with { Box = box };
        return box.Width > 0 && box.Height > 0;
    }
}
