using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Media;

namespace MotTracker.Inference.Tests.Models;

/// <summary>One ground-truth row of a MOT17 gt.txt.</summary>
internal readonly record struct GtBox(int Frame, int Id, BoundingBox Box, bool Considered, int Class, double Visibility);

/// <summary>The staged MOT17 frames (the first few of each training sequence) and their ground truth.</summary>
internal static class Mot17Frames
{
    private static readonly Lazy<IReadOnlyList<(string Sequence, int Frame, BgrImage Image)>> s_frames = new(LoadAll);

    /// <summary>Every staged frame, decoded once per test run.</summary>
    public static IReadOnlyList<(string Sequence, int Frame, BgrImage Image)> All => s_frames.Value;

    public static BgrImage Frame(string sequence, int frame) =>
        All.First(f => f.Sequence == sequence && f.Frame == frame).Image;

    /// <summary>The sequence's gt.txt rows (frame, id, box, consider flag, class, visibility).</summary>
    public static List<GtBox> GroundTruth(string sequence) =>
        MotFileReader.Read(Path.Combine(TestData.Mot17Train, sequence, "gt", "gt.txt"), MotFileKind.GroundTruth)
            .ConvertAll(r => new GtBox(r.Frame, r.Id, r.Box, r.Score == 1, r.ClassId, r.Visibility));

    /// <summary>Decodes the staged img1 frames of every sequence through Media's MOT sequence source.</summary>
    private static IReadOnlyList<(string, int, BgrImage)> LoadAll()
    {
        var frames = new List<(string, int, BgrImage)>();
        foreach (string dir in Directory.GetDirectories(TestData.Mot17Train).Order(StringComparer.Ordinal))
        {
            using var source = new MotSequenceSource(dir);
            foreach (var frame in source.ReadFrames())
                frames.Add((Path.GetFileName(dir), frame.FrameNumber, frame.Image));
        }

        return frames;
    }
}
