using BenchmarkDotNet.Attributes;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Core.Tracking;
using MotTracker.Core.Tracking.ByteTrack;

namespace MotTracker.Benchmarks;

/// <summary>
/// ByteTrack association alone over MOT17-04-FRCNN's 1050 frames of public detections (about 27 a
/// frame). Parsing happens once in setup; one benchmark operation is the whole sequence, so
/// frames/s = 1050 / mean and bytes/frame = allocated / 1050.
/// </summary>
[MemoryDiagnoser]
public class AssociationBenchmarks
{
    private Detection[][] _frames = [];

    [GlobalSetup]
    public void Setup()
    {
        string dir = Path.Combine(SharedData.Mot17Train, "MOT17-04-FRCNN");
        var info = SeqInfo.ReadFromDirectory(dir);
        var grouped = MotRows.GroupByFrame(MotFileReader.Read(Path.Combine(dir, "det", "det.txt"), MotFileKind.Detections), info.SequenceLength);
        _frames = grouped.Skip(1).Select(f => f.Select(r => new Detection(r.Box, r.Score)).ToArray()).ToArray();
    }

    [Benchmark(Description = "ByteTrack MOT17-04 (1050 frames)")]
    public int TrackSequence()
    {
        var tracker = new ByteTracker();
        int boxes = 0;
        for (int f = 0; f < _frames.Length; f++) boxes += tracker.Update(f + 1, _frames[f]).Count;
        return boxes;
    }
}

/// <summary>The shared data folder beside the repository root.</summary>
internal static class SharedData
{
    public static string Mot17Train => Path.Combine(Root, "data", "MOT17", "train");

    public static string Models => Path.Combine(Root, "models");

    private static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MotTracker.sln"))) dir = dir.Parent;
            string root = dir?.FullName ?? Directory.GetCurrentDirectory();
            return Path.GetFullPath(Path.Combine(root, "..", "shared"));
        }
    }
}
