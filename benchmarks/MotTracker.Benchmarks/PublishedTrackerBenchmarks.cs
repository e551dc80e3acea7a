using System.Globalization;
using BenchmarkDotNet.Attributes;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Tracking;
using MotTracker.Tracking.Trackers.BoostTrack;
using MotTracker.Tracking.Trackers.ByteTrack;
using MotTracker.Tracking.Trackers.DeepOcSort;
using MotTracker.Tracking.Trackers.HybridSort;
using MotTracker.Tracking.Trackers.StrongSort;

namespace MotTracker.Benchmarks;

/// <summary>
/// Association alone, motion only, over MOT17-04's val half (524 frames of YOLOX-X detections, about
/// 60 a frame with scores down to 0.01) for ByteTrack and the trackers after BoostTrack, Deep OC-SORT,
/// StrongSORT and Hybrid-SORT; the camera-motion trackers get the sequence's gmc.txt warps. One
/// operation is the whole sequence: frames/s = 524 / mean, bytes/frame = allocated / 524.
/// </summary>
[MemoryDiagnoser]
public class PublishedTrackerBenchmarks
{
    /// <summary>Frames in MOT17-04's val half: frames/s = this / seconds per operation.</summary>
    public const int FrameCount = 524;

    private Detection[][] _frames = [];
    private AffineWarp?[] _warps = [];

    [GlobalSetup]
    public void Setup()
    {
        string dir = Path.Combine(SharedData.Mot17ValHalf, "MOT17-04");
        var info = SeqInfo.ReadFromDirectory(dir);
        var grouped = MotRows.GroupByFrame(MotFileReader.Read(Path.Combine(dir, "det", "det.txt"), MotFileKind.Detections), info.SequenceLength);
        _frames = grouped.Skip(1).Select(f => f.Select(r => new Detection(r.Box, r.Score)).ToArray()).ToArray();
        // gmc.txt line i (0-based) maps frame i's coordinates to frame i + 1's: frame f's warp is line f - 1.
        _warps = File.ReadLines(Path.Combine(dir, "gmc.txt"))
            .Select(line => line.Split('\t', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .Select(m => (AffineWarp?)new AffineWarp(m[0], m[1], m[2], m[3], m[4], m[5]))
            .ToArray();
    }

    [Benchmark(Baseline = true, Description = "ByteTrack MOT17-04 val half (524 frames)")]
    public int ByteTrack() => Track(new ByteTracker());

    [Benchmark(Description = "BoostTrack MOT17-04 val half")]
    public int BoostTrack() => Track(new BoostTracker());

    [Benchmark(Description = "BoostTrack++ MOT17-04 val half")]
    public int BoostTrackPlusPlus() => Track(new BoostTracker(BoostTrackOptions.PlusPlus));

    [Benchmark(Description = "Deep OC-SORT MOT17-04 val half")]
    public int DeepOcSort() => Track(new DeepOcSortTracker());

    [Benchmark(Description = "StrongSORT MOT17-04 val half")]
    public int StrongSort() => Track(new StrongSortTracker());

    [Benchmark(Description = "Hybrid-SORT MOT17-04 val half")]
    public int HybridSort() => Track(new HybridSortTracker());

    private int Track(ITracker tracker)
    {
        int boxes = 0;
        for (int f = 0; f < _frames.Length; f++)
            boxes += tracker.Update(f + 1, _frames[f], null, f < _warps.Length ? _warps[f] : null).Count;
        return boxes;
    }
}
