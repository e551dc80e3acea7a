using System.Globalization;
using MotTracker.Core;
using MotTracker.Inference.Tests.Imaging;

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

    /// <summary>
    /// Parses gt.txt (frame, id, x, y, w, h, conf, class, visibility). A deliberately small reader so these
    /// tests stay independent of Core's MOT readers.
    /// </summary>
    public static List<GtBox> GroundTruth(string sequence)
    {
        var rows = new List<GtBox>();
        foreach (string line in File.ReadLines(Path.Combine(SharedData.Mot17Train, sequence, "gt", "gt.txt")))
        {
            if (line.Length == 0) continue;
            var f = line.Split(',');
            double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            rows.Add(new GtBox((int)D(0), (int)D(1), new BoundingBox(D(2), D(3), D(4), D(5)), D(6) == 1, (int)D(7), D(8)));
        }

        return rows;
    }

    private static IReadOnlyList<(string, int, BgrImage)> LoadAll()
    {
        var frames = new List<(string, int, BgrImage)>();
        foreach (string dir in Directory.GetDirectories(SharedData.Mot17Train).Order(StringComparer.Ordinal))
        {
            string sequence = Path.GetFileName(dir);
            foreach (string jpg in Directory.GetFiles(Path.Combine(dir, "img1"), "*.jpg").Order(StringComparer.Ordinal))
                frames.Add((sequence, int.Parse(Path.GetFileNameWithoutExtension(jpg), CultureInfo.InvariantCulture), FfmpegFrames.Load(jpg)));
        }

        return frames;
    }
}
