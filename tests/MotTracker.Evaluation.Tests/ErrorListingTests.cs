using MotTracker.Core.MotChallenge;
using MotTracker.Evaluation.Metrics;
using MotTracker.Evaluation.Output;
using static MotTracker.Evaluation.Tests.Rows;

namespace MotTracker.Evaluation.Tests;

public sealed class ErrorListingTests
{
    private static readonly MotChallengeBenchmark Mot17 = MotChallengeBenchmark.For(MotBenchmark.MOT17);

    private static (MetricResult Clear, SequenceErrors Errors) List(int frames, MotRow[] gt, MotRow[] results)
    {
        var data = Mot17.Preprocess("crafted", frames, gt, "gt.txt", results, "results.txt", keepSources: true);
        var clear = new ClearMetric().Evaluate(data, out var errors, 100, 100);
        return (clear, errors);
    }

    [Fact]
    public void Listed_errors_equal_TrackEvals_counts_on_every_MOT17_sequence_for_the_official_ByteTrack_rows()
    {
        string results = Path.Combine(SharedData.DataDirectory, "trackers", "MOT17-train", "ByteTrack-reference");
        var sequences = MotChallengeLayout.Discover(SharedData.Path17Train, results, null);
        sequences.Count.ShouldBe(7);
        var report = MotEvaluator.Evaluate(Mot17, sequences, listErrors: true);

        var mismatches = new List<string>();
        foreach (var seq in report.Sequences)
        {
            var e = seq.Errors!;
            Check(seq.Name, "IDSW", e.Switches.Count, seq["IDSW"].Value);
            Check(seq.Name, "Frag", e.Fragmentations.Count, seq["Frag"].Value);
            Check(seq.Name, "CLR_FP", e.TrackerIds.Sum(t => t.FalsePositives), seq["CLR_FP"].Value);
            Check(seq.Name, "CLR_FN", e.GtIdentities.Sum(g => g.Frames - g.Matched), seq["CLR_FN"].Value);
            Check(seq.Name, "CLR_TP", e.GtIdentities.Sum(g => g.Matched), seq["CLR_TP"].Value);
            Check(seq.Name, "FN cells", e.Density.FalseNegatives.Sum(), seq["CLR_FN"].Value);
            Check(seq.Name, "FP cells", e.Density.FalsePositives.Sum(), seq["CLR_FP"].Value);
            // The timeline's segment boundaries with a change of tracker id are exactly the listed switches
            // made without a gap, so the lanes and the list cannot disagree.
            Check(seq.Name, "GT_IDs", e.GtIdentities.Count, seq["GT_IDs"].Value);
        }
        mismatches.ShouldBeEmpty(string.Join("\n", mismatches));
        // TrackEval's IDSW for these rows (shared/data/README.md).
        report.Sequences.Sum(s => s.Errors!.Switches.Count).ShouldBe(629);
        ErrorsJson.From(report).Totals.IdSwitches.ShouldBe(629);

        void Check(string name, string what, double listed, double counted)
        {
            if (listed != counted) mismatches.Add($"{name} {what}: listed {listed}, counted {counted}");
        }
    }

    [Fact]
    public void A_crafted_switch_is_listed_at_its_frame_with_both_ids_and_the_old_ids_last_box()
    {
        // gt 7 is followed by track 1 in frames 1-2, lost in frame 3, then picked up by track 2 in frame 4.
        MotRow[] gt = [Gt(1, 7, 10, 10, 20, 40), Gt(2, 7, 12, 10, 20, 40), Gt(3, 7, 14, 10, 20, 40), Gt(4, 7, 16, 10, 20, 40)];
        MotRow[] results = [Track(1, 1, 10, 10, 20, 40), Track(2, 1, 12, 10, 20, 40), Track(3, 5, 60, 60, 10, 10), Track(4, 2, 16, 11, 20, 40)];
        var (clear, errors) = List(4, gt, results);

        clear["IDSW"].Value.ShouldBe(1);
        var s = errors.Switches.ShouldHaveSingleItem();
        (s.Frame, s.GtId, s.FromTrackerId, s.ToTrackerId, s.PreviousFrame).ShouldBe((4, 7, 1, 2, 2));
        s.GtBox.ShouldBe([16.0, 10, 20, 40]);
        s.TrackerBox.ShouldBe([16.0, 11, 20, 40]);
        s.PreviousTrackerBox.ShouldBe([12.0, 10, 20, 40]);
        s.PreviousGtBox.ShouldBe([12.0, 10, 20, 40]);
        var f = errors.Fragmentations.ShouldHaveSingleItem();
        (f.Frame, f.GtId, f.TrackerId, f.LastTrackedFrame, f.LastTrackerId).ShouldBe((4, 7, 2, 2, 1));

        var line = errors.GtIdentities.ShouldHaveSingleItem();
        line.Segments.ShouldBe([[1, 2, 1], [4, 4, 2]]);
        line.Missed.ShouldBe([[3, 3]]);
        (line.Frames, line.Matched, line.Switches, line.Fragmentations).ShouldBe((4, 3, 1, 1));
        var fp = errors.TrackerIds.Single(t => t.TrackerId == 5);
        fp.FalsePositiveFrames.ShouldBe([[3, 3]]);
        errors.Density.FalseNegatives.Sum().ShouldBe(1);
    }

    [Fact]
    public void A_frame_without_tracker_rows_does_not_break_a_run_as_TrackEval_counts_it()
    {
        // Frame 2 has no tracker rows at all: CLEAR keeps the previous pairing, so no fragmentation.
        MotRow[] gt = [Gt(1, 3, 10, 10, 20, 40), Gt(2, 3, 10, 10, 20, 40), Gt(3, 3, 10, 10, 20, 40)];
        MotRow[] results = [Track(1, 9, 10, 10, 20, 40), Track(3, 9, 10, 10, 20, 40)];
        var (clear, errors) = List(3, gt, results);
        clear["Frag"].Value.ShouldBe(0);
        errors.Fragmentations.ShouldBeEmpty();
        errors.GtIdentities.Single().Missed.ShouldBe([[2, 2]]);
    }

    [Fact]
    public void A_tracker_row_on_a_distractor_is_listed_as_ignored_not_as_a_false_positive()
    {
        // gt 4 is class 7 (static person, a distractor): track 6 on it is removed, not counted.
        MotRow[] gt = [Gt(1, 1, 10, 10, 20, 40), Gt(1, 4, 50, 10, 20, 40, cls: 7), Gt(2, 4, 50, 10, 20, 40, cls: 7)];
        MotRow[] results = [Track(1, 2, 10, 10, 20, 40), Track(1, 6, 50, 10, 20, 40), Track(2, 6, 51, 10, 20, 40)];
        var (clear, errors) = List(2, gt, results);
        clear["CLR_FP"].Value.ShouldBe(0);
        var six = errors.TrackerIds.Single(t => t.TrackerId == 6);
        (six.FalsePositives, six.Ignored).ShouldBe((0, 2));
        six.IgnoredFrames.ShouldBe([[1, 2, 4]]);
        errors.Counts.Ignored.ShouldBe(2);
    }

    [Fact]
    public void The_listing_reads_back_from_its_json_with_camel_case_names()
    {
        MotRow[] gt = [Gt(1, 7, 10, 10, 20, 40), Gt(2, 7, 12, 10, 20, 40)];
        MotRow[] results = [Track(1, 1, 10, 10, 20, 40), Track(2, 2, 12, 10, 20, 40)];
        var (_, errors) = List(2, gt, results);
        var listing = new ErrorListing { Benchmark = "MOT17", Totals = errors.Counts, Sequences = [errors] };
        var writer = new StringWriter();
        ErrorsJson.Write(writer, listing);
        string json = writer.ToString();
        json.ShouldContain("\"schema\": \"mottrack-errors/1\"");
        json.ShouldContain("\"fromTrackerId\": 1");
        var back = ErrorsJson.Read(json);
        back.Sequences.Single().Switches.Single().ToTrackerId.ShouldBe(2);
        back.Totals.IdSwitches.ShouldBe(1);
    }
}
