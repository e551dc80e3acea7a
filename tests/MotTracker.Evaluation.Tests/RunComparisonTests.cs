using MotTracker.Core.MotChallenge;
using MotTracker.Evaluation.Output;
using static MotTracker.Evaluation.Tests.Rows;

namespace MotTracker.Evaluation.Tests;

public sealed class RunComparisonTests
{
    private static IdSwitch Switch(int frame, int gt) => new()
    {
        Frame = frame, GtId = gt, FromTrackerId = 1, ToTrackerId = 2, GtBox = [], TrackerBox = [], PreviousTrackerBox = [], PreviousGtBox = [],
    };

    [Fact]
    public void Switches_of_the_same_gt_id_within_the_tolerance_are_the_same_switch()
    {
        IdSwitch[] a = [Switch(10, 1), Switch(50, 1), Switch(80, 2)];
        IdSwitch[] b = [Switch(13, 1), Switch(54, 1), Switch(80, 3)];
        var (onlyA, onlyB, paired) = RunComparison.MatchSwitches(a, b, tolerance: 3);
        paired.ShouldBe(1);
        onlyA.Select(s => (s.Frame, s.GtId)).ShouldBe([(50, 1), (80, 2)]);
        onlyB.Select(s => (s.Frame, s.GtId)).ShouldBe([(54, 1), (80, 3)]);
    }

    [Fact]
    public void A_run_compared_with_itself_fixes_and_introduces_nothing()
    {
        string gt = Path.Combine(SharedData.Path15Train, "TUD-Campus", "gt", "gt.txt");
        string results = Path.Combine(SharedData.CemDirectory, "data", "TUD-Campus.txt");
        var rules = MotChallengeBenchmark.For(MotBenchmark.MOT15);
        var report = MotEvaluator.Evaluate(rules, [new EvaluationSequence("TUD-Campus", gt, results, 71)], listErrors: true);
        var comparison = RunComparison.Compare(report, report, "a", "a");
        var seq = comparison.Sequences.ShouldHaveSingleItem();
        seq.Fixed.ShouldBeEmpty();
        seq.Introduced.ShouldBeEmpty();
        seq.Kept.ShouldBe(7);
        seq.Metrics.ShouldAllBe(m => m.Delta == 0);
        var writer = new StringWriter();
        ComparisonTable.Write(writer, comparison);
        writer.ToString().ShouldContain("COMBINED");
    }

    [Fact]
    public void A_run_that_keeps_the_id_is_reported_as_fixing_the_switch()
    {
        MotRow[] gt = [Gt(1, 7, 10, 10, 20, 40), Gt(2, 7, 12, 10, 20, 40), Gt(3, 7, 14, 10, 20, 40)];
        MotRow[] switching = [Track(1, 1, 10, 10, 20, 40), Track(2, 1, 12, 10, 20, 40), Track(3, 2, 14, 10, 20, 40)];
        MotRow[] steady = [Track(1, 4, 10, 10, 20, 40), Track(2, 4, 12, 10, 20, 40), Track(3, 4, 14, 10, 20, 40)];
        var rules = MotChallengeBenchmark.For(MotBenchmark.MOT17);
        EvaluationReport Report(MotRow[] rows)
        {
            var data = rules.Preprocess("s", 3, gt, "gt.txt", rows, "r.txt", keepSources: true);
            var metrics = MotEvaluator.DefaultMetrics();
            var clear = metrics.OfType<MotTracker.Evaluation.Metrics.ClearMetric>().Single();
            var results = metrics.Select(m => m == clear ? clear.Evaluate(data, out _) : m.Evaluate(data)).ToArray();
            clear.Evaluate(data, out var errors);
            var scores = new SequenceScores("s", results) { Errors = errors };
            return new EvaluationReport(MotBenchmark.MOT17, metrics, [scores], MotEvaluator.Combine([scores], metrics));
        }
        var comparison = RunComparison.Compare(Report(switching), Report(steady), "old", "new");
        var seq = comparison.Sequences.Single();
        var fixedSwitch = seq.Fixed.ShouldHaveSingleItem();
        (fixedSwitch.Frame, fixedSwitch.GtId, fixedSwitch.FromTrackerId, fixedSwitch.ToTrackerId).ShouldBe((3, 7, 1, 2));
        seq.Introduced.ShouldBeEmpty();
        seq.Metrics.Single(m => m.Metric == "IDSW").Delta.ShouldBe(-1);
        comparison.Combined.FixedCount.ShouldBe(1);
        var json = new StringWriter();
        ComparisonJson.Write(json, comparison);
        json.ToString().ShouldContain("\"fixedCount\": 1");
    }
}
