using MotTracker.Core.MotChallenge;
using MotTracker.Evaluation.Metrics;

namespace MotTracker.Evaluation.Tests;

public sealed class LiveClearErrorsTests
{
    private static readonly MotChallengeBenchmark Mot17 = MotChallengeBenchmark.For(MotBenchmark.MOT17);

    [Fact]
    public void Fed_frame_by_frame_the_official_ByteTrack_rows_give_CLEARs_switches_misses_and_false_positives_on_every_MOT17_sequence()
    {
        string resultsDirectory = Path.Combine(SharedData.DataDirectory, "trackers", "MOT17-train", "ByteTrack-reference");
        var sequences = MotChallengeLayout.Discover(SharedData.Path17Train, resultsDirectory, null);
        sequences.Count.ShouldBe(7);
        int totalSwitches = 0;
        var mismatches = new List<string>();
        foreach (var seq in sequences)
        {
            var gt = MotFileReader.Read(seq.GroundTruthFile, MotFileKind.GroundTruth);
            var results = MotFileReader.Read(seq.ResultsFile, MotFileKind.Results);
            var data = Mot17.Preprocess(seq.Name, seq.SequenceLength, gt, seq.GroundTruthFile, results, seq.ResultsFile, keepSources: true);
            new ClearMetric().Evaluate(data, out var offline);

            var live = new LiveClearErrors(MotBenchmark.MOT17, gt, seq.GroundTruthFile);
            var byFrame = results.ToLookup(r => r.Frame);
            var switches = new List<(int, int, int, int)>();
            int missed = 0, falsePositives = 0;
            for (int frame = 1; frame <= seq.SequenceLength; frame++)
            {
                var found = live.Next(frame, byFrame[frame].ToList());
                missed += found.Missed.Count;
                falsePositives += found.FalsePositives.Count;
                switches.AddRange(found.Switches.Select(s => (s.Frame, s.GtId, s.FromTrackerId, s.ToTrackerId)));
            }
            var expected = offline.Switches.Select(s => (s.Frame, s.GtId, s.FromTrackerId, s.ToTrackerId)).ToList();
            if (!switches.SequenceEqual(expected)) mismatches.Add($"{seq.Name}: switches live {switches.Count}, offline {expected.Count}");
            if (missed != offline.Counts.FalseNegatives) mismatches.Add($"{seq.Name}: FN live {missed}, offline {offline.Counts.FalseNegatives}");
            if (falsePositives != offline.Counts.FalsePositives) mismatches.Add($"{seq.Name}: FP live {falsePositives}, offline {offline.Counts.FalsePositives}");
            totalSwitches += switches.Count;
        }
        mismatches.ShouldBeEmpty(string.Join("\n", mismatches));
        totalSwitches.ShouldBe(629);
    }

    [Fact]
    public void A_gt_file_that_breaks_the_benchmarks_rules_is_refused_at_once_with_its_line()
    {
        MotRow[] gt = [Rows.Gt(1, 7, 10, 10, 20, 40) with { Line = 1 }, Rows.Gt(1, 7, 30, 10, 20, 40) with { Line = 2 }];
        var ex = Should.Throw<Core.MotFormatException>(() => new LiveClearErrors(MotBenchmark.MOT17, gt, "gt.txt"));
        ex.Message.ShouldContain("gt.txt");
    }
}
