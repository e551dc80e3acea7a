namespace MotTracker.Tracking.MultiCamera;

/// <summary>One camera's track: its frames and its mean appearance (unit vector; null when no crop could be embedded).</summary>
public sealed record Tracklet(int Camera, int TrackId, int FirstFrame, int LastFrame, float[]? Appearance);

/// <summary>How <see cref="CrossCameraLinker"/> joins tracklets into people.</summary>
public sealed record LinkSettings
{
    /// <summary>Two groups merge only when the cosine similarity of their mean appearances is at least this.</summary>
    public double MinSimilarity { get; init; } = 0.7;

    /// <summary>Two groups merge only when some tracklet of one is within this many frames of some tracklet of the other (cameras share one clock).</summary>
    public int MaxGapFrames { get; init; } = 600;

    public void Validate()
    {
        if (MinSimilarity is < -1 or > 1) throw new ArgumentOutOfRangeException(nameof(MinSimilarity), MinSimilarity, "the similarity threshold must be between -1 and 1");
        if (MaxGapFrames < 0) throw new ArgumentOutOfRangeException(nameof(MaxGapFrames), MaxGapFrames, "the time window must be 0 frames or more");
    }
}

/// <summary>
/// Joins tracklets of several cameras into global identities by greedy agglomerative clustering:
/// every tracklet starts as its own group; repeatedly the two groups whose mean appearances (the
/// normalised sum of their tracklets' unit vectors) are most alike are merged, as long as
/// <list type="bullet">
/// <item>their cosine similarity is at least <see cref="LinkSettings.MinSimilarity"/>;</item>
/// <item>no tracklet of one overlaps in time a tracklet of the other on the same camera (cannot-link: one
/// person is one track per camera at a time; overlapping in time on different cameras is allowed, views overlap);</item>
/// <item>some pair of their tracklets is within <see cref="LinkSettings.MaxGapFrames"/> of each other (a person
/// reaches the next view within a time window).</item>
/// </list>
/// Tracklets without appearance stay alone. Global ids are numbered 1, 2, … by each group's first frame
/// (then camera, then track id), so the output does not depend on the input order.
/// </summary>
public static class CrossCameraLinker
{
    /// <summary>The global id of each tracklet, in input order.</summary>
    public static int[] Link(IReadOnlyList<Tracklet> tracklets, LinkSettings settings)
    {
        ArgumentNullException.ThrowIfNull(tracklets);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        int n = tracklets.Count;
        var members = Enumerable.Range(0, n).Select(i => new List<int> { i }).ToList();
        var sums = tracklets.Select(t => t.Appearance is { } a ? a.Select(v => (double)v).ToArray() : null).ToList();
        var alive = Enumerable.Range(0, n).Where(i => tracklets[i].Appearance is not null).ToHashSet();

        while (true)
        {
            int bestA = -1, bestB = -1;
            double best = double.NegativeInfinity;
            var groups = alive.Order().ToArray();
            for (int x = 0; x < groups.Length; x++)
            {
                for (int y = x + 1; y < groups.Length; y++)
                {
                    int a = groups[x], b = groups[y];
                    double similarity = Cosine(sums[a]!, sums[b]!);
                    if (similarity < settings.MinSimilarity || similarity <= best) continue;
                    if (!CanLink(members[a], members[b], tracklets, settings.MaxGapFrames)) continue;
                    (bestA, bestB, best) = (a, b, similarity);
                }
            }
            if (bestA < 0) break;
            members[bestA].AddRange(members[bestB]);
            members[bestB].Clear();
            var sum = sums[bestA]!;
            var other = sums[bestB]!;
            for (int k = 0; k < sum.Length; k++) sum[k] += other[k];
            alive.Remove(bestB);
        }

        var ordered = members.Where(m => m.Count > 0)
            .Select(m => (Members: m, First: m.Select(i => tracklets[i]).MinBy(t => (t.FirstFrame, t.Camera, t.TrackId))!))
            .OrderBy(g => g.First.FirstFrame).ThenBy(g => g.First.Camera).ThenBy(g => g.First.TrackId)
            .ToList();
        var ids = new int[n];
        for (int g = 0; g < ordered.Count; g++)
            foreach (int i in ordered[g].Members) ids[i] = g + 1;
        return ids;
    }

    private static bool CanLink(List<int> a, List<int> b, IReadOnlyList<Tracklet> tracklets, int maxGap)
    {
        bool near = false;
        foreach (int i in a)
        {
            var s = tracklets[i];
            foreach (int j in b)
            {
                var t = tracklets[j];
                bool overlap = s.FirstFrame <= t.LastFrame && t.FirstFrame <= s.LastFrame;
                if (overlap && s.Camera == t.Camera) return false;
                int gap = overlap ? 0 : Math.Max(t.FirstFrame - s.LastFrame, s.FirstFrame - t.LastFrame);
                if (gap <= maxGap) near = true;
            }
        }
        return near;
    }

    private static double Cosine(double[] a, double[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int k = 0; k < a.Length; k++)
        {
            dot += a[k] * b[k];
            na += a[k] * a[k];
            nb += b[k] * b[k];
        }
        return na > 0 && nb > 0 ? dot / Math.Sqrt(na * nb) : -1;
    }
}
