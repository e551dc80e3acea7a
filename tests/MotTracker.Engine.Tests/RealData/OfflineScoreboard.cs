using System.Collections.Concurrent;
using MotTracker.Evaluation;
using MotTracker.Core.MotChallenge;
using MotTracker.Tracking;
using MotTracker.Tracking.PostProcessing;

namespace MotTracker.Engine.Tests.RealData;

/// <summary>
/// Tracks public detections and scores them in process, the way <c>mottrack track</c> then
/// <c>mottrack eval</c> would (each sequence's own frame rate from seqinfo.ini, the people-only output
/// filter, then post-processing; camera motion from the folder's gmc.txt when present, as --cmc auto), without writing result files: a whole benchmark takes about a second.
/// </summary>
internal static class OfflineScoreboard
{
    /// <summary>A benchmark's training sequences and which detection file to track.</summary>
    public sealed record Benchmark(string Name, MotBenchmark Rules, string Directory, string DetectionFile, IReadOnlyList<string> Sequences);

    public static Benchmark Mot17 { get; } = new("MOT17", MotBenchmark.MOT17, TestData.Mot17Train, "det.txt", TestData.Mot17Sequences);

    /// <summary>MOT17 val half (second half of each training sequence, YOLOX-X ablation detections, gmc.txt), MOT17 rules.</summary>
    public static Benchmark ValHalf { get; } = ValHalfOf("val-half", ["MOT17-02", "MOT17-04", "MOT17-05", "MOT17-09", "MOT17-10", "MOT17-11", "MOT17-13"]);

    /// <summary>The val-half sequences settings are chosen on.</summary>
    public static Benchmark ValHalfTune { get; } = ValHalfOf("val-half tune", ["MOT17-02", "MOT17-04", "MOT17-09", "MOT17-11"]);

    /// <summary>The val-half sequences that confirm them.</summary>
    public static Benchmark ValHalfConfirm { get; } = ValHalfOf("val-half confirm", ["MOT17-05", "MOT17-10", "MOT17-13"]);

    private static Benchmark ValHalfOf(string name, IReadOnlyList<string> sequences) =>
        new(name, MotBenchmark.MOT17, Path.Combine(TestData.Shared, "data", "MOT17", "val-half"), "det.txt", sequences);

    public static Benchmark Mot15 { get; } = new("MOT15", MotBenchmark.MOT15, Path.Combine(TestData.Shared, "data", "MOT15", "train"), "det_frcnn_sort.txt",
    [
        "ADL-Rundle-6", "ADL-Rundle-8", "ETH-Bahnhof", "ETH-Pedcross2", "ETH-Sunnyday", "KITTI-13",
        "KITTI-17", "PETS09-S2L1", "TUD-Campus", "TUD-Stadtmitte", "Venice-2",
    ]);

    /// <summary>Combined HOTA, MOTA and IDF1 in percent, and the identity switches.</summary>
    public readonly record struct Score(double Hota, double Mota, double Idf1, long IdSwitches, long FalsePositives = 0, long FalseNegatives = 0)
    {
        public override string ToString() => FormattableString.Invariant($"HOTA {Hota:F2}  MOTA {Mota:F2}  IDF1 {Idf1:F2}  IDSW {IdSwitches}  FP {FalsePositives}  FN {FalseNegatives}");
    }

    private sealed record SequenceInput(string Name, SeqInfo Info, MotRow[][] Frames, List<MotRow> GroundTruth, string GroundTruthFile, GmcFile? CameraMotion);

    private static readonly ConcurrentDictionary<Benchmark, SequenceInput[]> Inputs = new();

    /// <summary>
    /// Scores tracker <paramref name="trackerName"/> (factory defaults unless <paramref name="settings"/>) with
    /// <paramref name="postProcess"/> (the tracker's <see cref="TrackerFactory.PostProcessDefaults"/> unless <paramref name="postOptions"/>).
    /// </summary>
    public static Score Run(Benchmark benchmark, string trackerName, PostProcessKind postProcess, TrackerSettings? settings = null, PostProcessOptions? postOptions = null) =>
        Run(benchmark, trackerName, postProcess, settings, postOptions, out _);

    /// <summary>As <see cref="Run(Benchmark, string, PostProcessKind, TrackerSettings?, PostProcessOptions?)"/>, with each sequence's score.</summary>
    public static Score Run(Benchmark benchmark, string trackerName, PostProcessKind postProcess, TrackerSettings? settings, PostProcessOptions? postOptions,
        out IReadOnlyList<(string Sequence, Score Score)> perSequence, OutputFilter? filter = null)
    {
        var inputs = Inputs.GetOrAdd(benchmark, Load);
        var rules = MotChallengeBenchmark.For(benchmark.Rules);
        var metrics = MotEvaluator.DefaultMetrics();
        var scores = new SequenceScores[inputs.Length];
        Parallel.For(0, inputs.Length, i =>
        {
            var input = inputs[i];
            var trackerSettings = (settings ?? new TrackerSettings()) with { FrameRate = input.Info.FrameRate };
            var tracker = TrackerFactory.Create(trackerName, trackerSettings);
            // The sequence folder's gmc.txt when there is one, as --cmc auto reads it.
            var rows = DetectionFileTracking.Run(input.Frames, tracker, filter ?? new OutputFilter(), input.CameraMotion);
            rows = TrackPostProcessing.Apply(rows, postProcess, postOptions ?? TrackerFactory.PostProcessDefaults(trackerName));
            var data = rules.Preprocess(input.Name, input.Info.SequenceLength, input.GroundTruth, input.GroundTruthFile, rows, input.Name + ".txt");
            scores[i] = MotEvaluator.Score(data, metrics);
        });
        var combined = MotEvaluator.Combine(scores.OrderBy(s => s.Name, StringComparer.Ordinal).ToArray(), metrics);
        perSequence = scores.Select(s => (s.Name, ToScore(s))).ToArray();
        return ToScore(combined);
    }

    private static Score ToScore(SequenceScores s) =>
        new(s["HOTA___AUC"].Value * 100, s["MOTA"].Value * 100, s["IDF1"].Value * 100, (long)s["IDSW"].Value, (long)s["CLR_FP"].Value, (long)s["CLR_FN"].Value);

    private static SequenceInput[] Load(Benchmark benchmark) =>
        benchmark.Sequences.Select(name =>
        {
            string dir = Path.Combine(benchmark.Directory, name);
            var info = SeqInfo.ReadFromDirectory(dir);
            var detections = MotFileReader.Read(Path.Combine(dir, "det", benchmark.DetectionFile), MotFileKind.Detections);
            string gtFile = Path.Combine(dir, "gt", "gt.txt");
            string gmc = Path.Combine(dir, GmcFile.FileName);
            return new SequenceInput(name, info, MotRows.GroupByFrame(detections, info.SequenceLength), MotFileReader.Read(gtFile, MotFileKind.GroundTruth), gtFile,
                File.Exists(gmc) ? GmcFile.Read(gmc) : null);
        }).ToArray();
}
