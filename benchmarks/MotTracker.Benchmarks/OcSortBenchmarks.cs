using BenchmarkDotNet.Attributes;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Tracking;
using MotTracker.Tracking.Trackers.OcSort;
using MotTracker.Tracking.PostProcessing;

namespace MotTracker.Benchmarks;

/// <summary>
/// OC-SORT (reference defaults and the ocsort-offline setting) over MOT17-04-FRCNN's 1050 frames of public
/// detections, and the offline post-processing of that sequence's result rows. One operation is the
/// whole sequence: frames/s = 1050 / mean, bytes/frame = allocated / 1050.
/// </summary>
[MemoryDiagnoser]
public class OcSortBenchmarks
{
    private Detection[][] _frames = [];
    private List<MotRow> _rows = [];

    [GlobalSetup]
    public void Setup()
    {
        string dir = Path.Combine(SharedData.Mot17Train, "MOT17-04-FRCNN");
        var info = SeqInfo.ReadFromDirectory(dir);
        var grouped = MotRows.GroupByFrame(MotFileReader.Read(Path.Combine(dir, "det", "det.txt"), MotFileKind.Detections), info.SequenceLength);
        _frames = grouped.Skip(1).Select(f => f.Select(r => new Detection(r.Box, r.Score)).ToArray()).ToArray();
        // The rows GSI smooths: ocsort-offline's output as results (the filter and order do not matter for timing).
        var tracker = new OcSortTracker(OcSortOptions.Offline);
        _rows = [];
        for (int f = 0; f < _frames.Length; f++)
            foreach (var t in tracker.Update(f + 1, _frames[f])) _rows.Add(new MotRow(f + 1, t.TrackId, t.Box, t.Score, -1, -1));
    }

    [Benchmark(Description = "OC-SORT MOT17-04 (1050 frames)")]
    public int TrackSequence() => Track(new OcSortTracker());

    [Benchmark(Description = "ocsort-offline MOT17-04 (1050 frames)")]
    public int TrackSequenceOffline() => Track(new OcSortTracker(OcSortOptions.Offline));

    [Benchmark(Description = "GSI post-processing MOT17-04 (ocsort-offline rows)")]
    public int Gsi() => TrackPostProcessing.Apply(_rows, PostProcessKind.Gsi, TrackerFactory.PostProcessDefaults("ocsort-offline")).Count;

    private int Track(OcSortTracker tracker)
    {
        int boxes = 0;
        for (int f = 0; f < _frames.Length; f++) boxes += tracker.Update(f + 1, _frames[f]).Count;
        return boxes;
    }
}
