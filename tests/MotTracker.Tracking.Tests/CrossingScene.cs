using MotTracker.Tracking;

namespace MotTracker.Tracking.Tests;

/// <summary>
/// Two people, A and B, side by side and partly overlapping, swap places while B walks in front of A
/// and hides it: for a few frames only B is detected, then both reappear at each other's old places.
/// Every box is 50 x 150 at y = 200; A starts at x = <see cref="AStart"/>, B at x = <see cref="BStart"/>.
/// </summary>
/// <remarks>
/// Why IoU alone must swap them: while A is hidden its track is lost and stays where A was last seen,
/// which is exactly where B stands when both reappear (IoU 1), while A's own new box overlaps that
/// lost track less (IoU 0.54) and B's own track has moved on with B. Appearance (hand-made orthogonal unit embeddings, one per person) tells them apart.
/// </remarks>
internal static class CrossingScene
{
    public const double AStart = 100, BStart = 115, Y = 200, Width = 50, Height = 150;
    public const int Frames = 30;

    /// <summary>Frames during which A is hidden behind B (1-based, inclusive).</summary>
    public const int HiddenFrom = 11, HiddenTo = 13;

    public static readonly float[] EmbeddingA = [1, 0, 0, 0];
    public static readonly float[] EmbeddingB = [0, 1, 0, 0];

    /// <summary>B's x in a frame: still, then walking to A's place during the occlusion, then still.</summary>
    public static double BX(int frame) => frame < HiddenFrom ? BStart
        : frame > HiddenTo ? AStart
        : BStart - (BStart - AStart) * (frame - HiddenFrom + 1) / (HiddenTo - HiddenFrom + 2);

    public static double AX(int frame) => frame <= HiddenTo ? AStart : BStart;

    /// <summary>The detections of one frame, B first, with the embeddings in the same order.</summary>
    public static (Detection[] Detections, float[]?[] Embeddings) Frame(int frame)
    {
        var b = new Detection(new BoundingBox(BX(frame), Y, Width, Height), 0.9);
        if (frame is >= HiddenFrom and <= HiddenTo) return ([b], [EmbeddingB]);
        var a = new Detection(new BoundingBox(AX(frame), Y, Width, Height), 0.9);
        return ([b, a], [EmbeddingB, EmbeddingA]);
    }

    /// <summary>Runs a tracker over the scene; per frame, the id on A's box and on B's box (0 when not reported).</summary>
    public static List<(int A, int B)> Run(ITracker tracker, bool withEmbeddings)
    {
        var ids = new List<(int, int)>();
        for (int f = 1; f <= Frames; f++)
        {
            var (dets, embs) = Frame(f);
            var output = tracker.Update(f, dets, withEmbeddings ? embs : null);
            ids.Add((IdNear(output, AX(f), f is >= HiddenFrom and <= HiddenTo), IdNear(output, BX(f), false)));
        }
        return ids;
    }

    /// <summary>The id of the reported box that overlaps the person's box best (IoU at least 0.6), or 0.</summary>
    private static int IdNear(IReadOnlyList<TrackedObject> output, double x, bool hidden)
    {
        if (hidden) return 0;
        var person = new BoundingBox(x, Y, Width, Height);
        int id = 0;
        double best = 0.6;
        foreach (var t in output)
        {
            double iou = BoundingBox.IoU(t.Box, person);
            if (iou >= best) { best = iou; id = t.TrackId; }
        }
        return id;
    }
}
