using BenchmarkDotNet.Attributes;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Tracking;
using MotTracker.Tracking.Trackers.BotSort;
using MotTracker.Tracking.Trackers.ByteTrack;
using MotTracker.Tracking.Trackers.DeepSort;

namespace MotTracker.Benchmarks;

/// <summary>
/// Association alone over MOT17-04-FRCNN's 1050 frames of public detections (about 27 a frame).
/// Parsing happens once in setup; one benchmark operation is the whole sequence, so
/// frames/s = 1050 / mean and bytes/frame = allocated / 1050. The appearance trackers get a random
/// 512-d unit embedding per detection (osnet_x0_25's size), made once in setup: random vectors are
/// nearly orthogonal, so appearance rarely matches and every association stage runs.
/// </summary>
[MemoryDiagnoser]
public class AssociationBenchmarks
{
    private const int EmbeddingSize = 512;

    /// <summary>Frames of MOT17-04-FRCNN, one benchmark operation.</summary>
    public const int FrameCount = 1050;
    private Detection[][] _frames = [];
    private float[]?[][] _embeddings = [];

    [GlobalSetup]
    public void Setup()
    {
        string dir = Path.Combine(SharedData.Mot17Train, "MOT17-04-FRCNN");
        var info = SeqInfo.ReadFromDirectory(dir);
        var grouped = MotRows.GroupByFrame(MotFileReader.Read(Path.Combine(dir, "det", "det.txt"), MotFileKind.Detections), info.SequenceLength);
        _frames = grouped.Skip(1).Select(f => f.Select(r => new Detection(r.Box, r.Score)).ToArray()).ToArray();
        var random = new Random(17);
        _embeddings = _frames.Select(f => f.Select(_ => (float[]?)RandomUnit(random)).ToArray()).ToArray();
    }

    private static float[] RandomUnit(Random random)
    {
        var v = new float[EmbeddingSize];
        double norm = 0;
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (float)(random.NextDouble() * 2 - 1);
            norm += v[i] * v[i];
        }
        for (int i = 0; i < v.Length; i++) v[i] = (float)(v[i] / Math.Sqrt(norm));
        return v;
    }

    [Benchmark(Description = "ByteTrack MOT17-04 (1050 frames)")]
    public int TrackSequence()
    {
        var tracker = new ByteTracker();
        int boxes = 0;
        for (int f = 0; f < _frames.Length; f++) boxes += tracker.Update(f + 1, _frames[f]).Count;
        return boxes;
    }

    [Benchmark(Description = "DeepSORT MOT17-04 (1050 frames, 512-d embeddings)")]
    public int TrackSequenceDeepSort()
    {
        var tracker = new DeepSortTracker();
        int boxes = 0;
        for (int f = 0; f < _frames.Length; f++) boxes += tracker.Update(f + 1, _frames[f], _embeddings[f]).Count;
        return boxes;
    }

    [Benchmark(Description = "BoT-SORT MOT17-04 (1050 frames, 512-d embeddings)")]
    public int TrackSequenceBotSort()
    {
        var tracker = new BotSortTracker();
        int boxes = 0;
        for (int f = 0; f < _frames.Length; f++) boxes += tracker.Update(f + 1, _frames[f], _embeddings[f], AffineWarp.Identity).Count;
        return boxes;
    }
}

/// <summary>The shared data folder beside the repository root.</summary>
internal static class SharedData
{
    public static string Mot17Train => Path.Combine(Root, "data", "MOT17", "train");

    public static string Mot17ValHalf => Path.Combine(Root, "data", "MOT17", "val-half");

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
