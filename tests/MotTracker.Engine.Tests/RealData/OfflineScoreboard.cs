using System.Collections.Concurrent;
using MotTracker.Evaluation;
using MotTracker.Core.MotChallenge;
using MotTracker.Tracking;
using MotTracker.Tracking.PostProcessing;

namespace MotTracker.Engine.Tests.RealData;

/// <summary>
/// Tracks public detections through the Engine (a <see cref="TrackRequest"/> prepared by
/// <see cref="TrackingEngine"/> and run as <c>mottrack track</c> runs it: each sequence's own frame rate
/// from seqinfo.ini, the people-only output filter, then the tracker's post-processing) and scores the
/// rows it writes in process, unrounded, the way <c>mottrack eval</c> would score them.
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

    /// <summary>What one run through the Engine wrote: its outcome, the result file (deleted with the folder) and its rows unrounded.</summary>
    public sealed record EngineRun(TrackOutcome Outcome, string ResultFile, List<MotRow> Rows, IReadOnlyList<string> Info);

    private sealed record SequenceInput(string Name, string Directory, int Length, List<MotRow> GroundTruth, string GroundTruthFile);

    private static readonly ConcurrentDictionary<Benchmark, SequenceInput[]> Inputs = new();

    /// <summary>
    /// Runs <paramref name="request"/> through the Engine, the result file in <paramref name="folder"/>;
    /// returns what it wrote and the engine's info lines.
    /// </summary>
    public static EngineRun Track(TrackRequest request, TempDirectory folder)
    {
        var info = new List<string>();
        var engine = new TrackingEngine(new EngineEnvironment { Info = message => { lock (info) info.Add(message); } });
        var rows = new List<MotRow>();
        string output = folder.File(Path.GetFileName(request.Input) + ".txt");
        using var job = engine.Prepare(request);
        var outcome = job.Run(output, new TrackRunOptions { ResultRows = rows });
        return new EngineRun(outcome, output, rows, info);
    }

    /// <summary>
    /// Scores tracker <paramref name="trackerName"/> (its defaults unless <paramref name="settings"/>) with
    /// <paramref name="postProcess"/> (the tracker's <see cref="TrackerFactory.PostProcessDefaults"/>, with
    /// <paramref name="maxGap"/> and <paramref name="gsiTau"/> as --max-gap and --gsi-tau when given).
    /// </summary>
    public static Score Run(Benchmark benchmark, string trackerName, PostProcessKind postProcess, TrackerSettings? settings = null, int? maxGap = null, double? gsiTau = null) =>
        Run(benchmark, trackerName, postProcess, settings, maxGap, gsiTau, out _);

    /// <summary>As <see cref="Run(Benchmark, string, PostProcessKind, TrackerSettings?, int?, double?)"/>, with each sequence's score.</summary>
    public static Score Run(Benchmark benchmark, string trackerName, PostProcessKind postProcess, TrackerSettings? settings, int? maxGap, double? gsiTau,
        out IReadOnlyList<(string Sequence, Score Score)> perSequence) =>
        Run(benchmark, trackerName, postProcess, settings, maxGap, gsiTau, link: null, filter: null, out perSequence);

    /// <summary>
    /// As <see cref="Run(Benchmark, string, PostProcessKind, TrackerSettings?, int?, double?)"/> with post-processing given as
    /// options (their --max-gap, --gsi-tau and tracklet linking, as the CLI sets them) and another output filter.
    /// </summary>
    public static Score Run(Benchmark benchmark, string trackerName, PostProcessKind postProcess, TrackerSettings? settings, PostProcessOptions? postOptions) =>
        Run(benchmark, trackerName, postProcess, settings, postOptions, out _);

    /// <summary>As <see cref="Run(Benchmark, string, PostProcessKind, TrackerSettings?, PostProcessOptions?)"/>, with each sequence's score.</summary>
    public static Score Run(Benchmark benchmark, string trackerName, PostProcessKind postProcess, TrackerSettings? settings, PostProcessOptions? postOptions,
        out IReadOnlyList<(string Sequence, Score Score)> perSequence, OutputFilter? filter = null) =>
        // The command line refuses --max-gap without interpolation and --gsi-tau without GSI: the
        // defaults are passed only where they apply, so settings without post-processing run too.
        Run(benchmark, trackerName, postProcess, settings,
            postProcess == PostProcessKind.None ? null : postOptions?.MaxGap,
            postProcess == PostProcessKind.Gsi ? postOptions?.Tau : null,
            postOptions?.Link, filter, out perSequence);

    private static Score Run(Benchmark benchmark, string trackerName, PostProcessKind postProcess, TrackerSettings? settings, int? maxGap, double? gsiTau,
        LinkOptions? link, OutputFilter? filter, out IReadOnlyList<(string Sequence, Score Score)> perSequence)
    {
        var inputs = Inputs.GetOrAdd(benchmark, Load);
        var rules = MotChallengeBenchmark.For(benchmark.Rules);
        var metrics = MotEvaluator.DefaultMetrics();
        var scores = new SequenceScores[inputs.Length];
        Parallel.For(0, inputs.Length, i =>
        {
            var input = inputs[i];
            var request = new TrackRequest
            {
                Input = input.Directory,
                DetectionSource = DetectionSource.PublicDetections,
                Detections = Path.Combine(input.Directory, "det", benchmark.DetectionFile),
                Tracker = trackerName,
                TrackerSettings = settings ?? new TrackerSettings(),
                PostProcess = postProcess,
                MaxGap = maxGap,
                GsiTau = gsiTau,
                Link = link is not null,
                LinkMaxGap = link?.MaxGap,
                OutputFilter = filter ?? new OutputFilter(),
            };
            using var folder = new TempDirectory();
            var run = Track(request, folder);
            var data = rules.Preprocess(input.Name, input.Length, input.GroundTruth, input.GroundTruthFile, run.Rows, input.Name + ".txt");
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
            string gtFile = Path.Combine(dir, "gt", "gt.txt");
            return new SequenceInput(name, dir, info.SequenceLength, MotFileReader.Read(gtFile, MotFileKind.GroundTruth), gtFile);
        }).ToArray();
}
