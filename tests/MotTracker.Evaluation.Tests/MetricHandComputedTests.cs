using MotTracker.Evaluation;
using MotTracker.Evaluation.Metrics;
using MotTracker.Core.MotChallenge;
using static MotTracker.Evaluation.Tests.Rows;

namespace MotTracker.Evaluation.Tests;

/// <summary>Tiny scenes whose metric values are worked out by hand in the comments.</summary>
public sealed class MetricHandComputedTests
{
    private static SequenceScores Score(MotBenchmark benchmark, int frames, List<MotRow> gt, List<MotRow> tracks)
    {
        var data = MotChallengeBenchmark.For(benchmark).Preprocess("hand", frames, gt, "gt.txt", tracks, "res.txt");
        return MotEvaluator.Score(data, MotEvaluator.DefaultMetrics());
    }

    [Fact]
    public void A_track_handing_over_its_object_to_a_new_id_is_one_ID_switch()
    {
        // One person in frames 1-4, followed perfectly, by track 10 in frames 1-2 and track 11 in 3-4.
        var gt = Enumerable.Range(1, 4).Select(f => Gt(f, 1, 100, 100, 50, 100)).ToList();
        var tracks = Enumerable.Range(1, 4).Select(f => Track(f, f <= 2 ? 10 : 11, 100, 100, 50, 100)).ToList();
        var s = Score(MotBenchmark.MOT17, 4, gt, tracks);

        // CLEAR: 4 TP, 1 switch: MOTA = (4 - 0 - 1) / 4.
        ((long)s["CLR_TP"].Value, (long)s["IDSW"].Value, (long)s["Frag"].Value, (long)s["MT"].Value).ShouldBe((4L, 1L, 0L, 1L));
        s["MOTA"].Value.ShouldBe(0.75);
        s["MOTP"].Value.ShouldBe(1.0);
        // Identity: gt 1 can be matched to only one of the tracks: IDTP 2, IDFN 2, IDFP 2.
        ((long)s["IDTP"].Value, (long)s["IDFN"].Value, (long)s["IDFP"].Value).ShouldBe((2L, 2L, 2L));
        s["IDF1"].Value.ShouldBe(0.5);
        // HOTA: detection is perfect at every α; each (gt, track) pair has 2 matches, Jaccard 2/(4+2-2) = 0.5,
        // so AssA = (2·0.5 + 2·0.5)/4 = 0.5, AssRe = (2·2/4 + 2·2/4)/4 = 0.5, AssPr = (2·2/2 + 2·2/2)/4 = 1.
        s["DetA___AUC"].Value.ShouldBe(1.0);
        s["AssA___50"].Value.ShouldBe(0.5);
        s["AssRe___50"].Value.ShouldBe(0.5);
        s["AssPr___50"].Value.ShouldBe(1.0);
        s["HOTA___50"].Value.ShouldBe(Math.Sqrt(0.5));
    }

    [Fact]
    public void A_track_lost_for_one_frame_is_a_fragmentation_without_a_switch()
    {
        // gt 1 in frames 1-5; track 10 covers it in 1-2 and 4-5; in frame 3 the only box (track 99) is elsewhere.
        var gt = Enumerable.Range(1, 5).Select(f => Gt(f, 1, 0, 0, 40, 80)).ToList();
        var tracks = new[] { 1, 2, 4, 5 }.Select(f => Track(f, 10, 0, 0, 40, 80)).Append(Track(3, 99, 500, 500, 10, 10)).ToList();
        var s = Score(MotBenchmark.MOT17, 5, gt, tracks);

        ((long)s["CLR_TP"].Value, (long)s["CLR_FN"].Value, (long)s["CLR_FP"].Value, (long)s["IDSW"].Value, (long)s["Frag"].Value)
            .ShouldBe((4L, 1L, 1L, 0L, 1L));
        s["MOTA"].Value.ShouldBe((4.0 - 1) / 5);
        // Tracked 4 of 5 frames = 0.8, not more than 0.8: partially tracked, not mostly tracked.
        ((long)s["MT"].Value, (long)s["PT"].Value, (long)s["ML"].Value).ShouldBe((0L, 1L, 0L));
    }

    [Fact]
    public void A_frame_without_any_tracker_box_does_not_break_a_track_as_in_TrackEval()
    {
        // TrackEval skips frames with no tracker boxes before updating "tracked in the previous frame",
        // so the same gap with nothing output at all is no fragmentation.
        var gt = Enumerable.Range(1, 5).Select(f => Gt(f, 1, 0, 0, 40, 80)).ToList();
        var tracks = new[] { 1, 2, 4, 5 }.Select(f => Track(f, 10, 0, 0, 40, 80)).ToList();
        var s = Score(MotBenchmark.MOT17, 5, gt, tracks);
        ((long)s["CLR_FN"].Value, (long)s["Frag"].Value).ShouldBe((1L, 0L));
    }

    [Fact]
    public void A_box_matched_to_a_distractor_is_dropped_under_MOT17_rules_but_is_a_false_positive_in_MOT15()
    {
        // Frame 1: a pedestrian (class 1) and a static person (class 7, flag 0), each covered by a track.
        // A third track overlaps the static person with IoU 1/3 only: too little to be matched, so it stays.
        var gt = new List<MotRow> { Gt(1, 1, 0, 0, 50, 100), Gt(1, 2, 200, 0, 50, 100, cls: 7, flag: 0) };
        var tracks = new List<MotRow> { Track(1, 10, 0, 0, 50, 100), Track(1, 20, 200, 0, 50, 100), Track(1, 30, 225, 0, 50, 100) };

        var mot17 = Score(MotBenchmark.MOT17, 1, gt, tracks);
        ((long)mot17["Dets"].Value, (long)mot17["CLR_TP"].Value, (long)mot17["CLR_FP"].Value).ShouldBe((2L, 1L, 1L));

        var mot15 = Score(MotBenchmark.MOT15, 1, gt, tracks);
        ((long)mot15["Dets"].Value, (long)mot15["CLR_TP"].Value, (long)mot15["CLR_FP"].Value).ShouldBe((3L, 1L, 2L));
    }

    [Fact]
    public void A_pedestrian_with_consider_flag_zero_is_not_scored()
    {
        var gt = new List<MotRow> { Gt(1, 1, 0, 0, 50, 100, flag: 0), Gt(1, 2, 100, 0, 50, 100) };
        var tracks = new List<MotRow> { Track(1, 10, 100, 0, 50, 100) };
        var s = Score(MotBenchmark.MOT17, 1, gt, tracks);
        ((long)s["GT_Dets"].Value, (long)s["CLR_FN"].Value, (long)s["CLR_TP"].Value).ShouldBe((1L, 0L, 1L));
    }

    [Fact]
    public void HOTA_counts_a_match_at_every_alpha_up_to_its_IoU_including_the_rounded_0_6()
    {
        // IoU = 60/100 = 0.6 exactly. np.arange gives α = 0.6000000000000001 at index 11; TrackEval
        // compares with α − eps, so the match still counts there, and from α = 0.65 on it does not.
        var gt = new List<MotRow> { Gt(1, 1, 0, 0, 10, 10) };
        var tracks = new List<MotRow> { Track(1, 7, 0, 0, 10, 6) };
        var s = Score(MotBenchmark.MOT17, 1, gt, tracks);

        HotaMetric.Alphas[11].ShouldBe(0.6000000000000001);
        s["HOTA_TP___60"].Value.ShouldBe(1);
        s["HOTA_TP___65"].Value.ShouldBe(0);
        s["HOTA___60"].Value.ShouldBe(1.0);
        s["HOTA___65"].Value.ShouldBe(0.0);
        s["HOTA___AUC"].Value.ShouldBe(12.0 / 19, 1e-15);
        s["LocA___5"].Value.ShouldBe(0.6);
        // With no match LocA is 1e-10/1e-10 = 1 (TrackEval's guard), which enters the average.
        s["LocA___95"].Value.ShouldBe(1.0);
        s["LocA___AUC"].Value.ShouldBe((12 * 0.6 + 7) / 19, 1e-15);
        // CLEAR and Identity use the fixed 0.5 threshold.
        ((long)s["CLR_TP"].Value, (long)s["IDTP"].Value).ShouldBe((1L, 1L));
    }

    [Fact]
    public void CLEAR_keeps_the_previous_pairing_even_when_another_track_overlaps_more()
    {
        // Frame 1: only track 10 covers gt 1. Frame 2: track 20 fits better (IoU 1) but track 10 still
        // overlaps with IoU ≥ 0.5, so continuity wins and there is no switch; track 20 is a false positive.
        var gt = new List<MotRow> { Gt(1, 1, 0, 0, 100, 100), Gt(2, 1, 0, 0, 100, 100) };
        var tracks = new List<MotRow> { Track(1, 10, 0, 0, 100, 100), Track(2, 10, 0, 0, 100, 60), Track(2, 20, 0, 0, 100, 100) };
        var s = Score(MotBenchmark.MOT17, 2, gt, tracks);
        ((long)s["IDSW"].Value, (long)s["CLR_TP"].Value, (long)s["CLR_FP"].Value).ShouldBe((0L, 2L, 1L));
        s["MOTP"].Value.ShouldBe((1.0 + 0.6) / 2);
    }

    [Fact]
    public void A_sequence_without_tracker_boxes_scores_like_TrackEvals_early_return()
    {
        var gt = new List<MotRow> { Gt(1, 1, 0, 0, 10, 10), Gt(2, 1, 0, 0, 10, 10) };
        var s = Score(MotBenchmark.MOT17, 2, gt, []);
        ((long)s["CLR_FN"].Value, (long)s["ML"].Value, (long)s["IDFN"].Value).ShouldBe((2L, 1L, 2L));
        s["MOTA"].ShouldBe(MetricValue.Int(0));
        s["MLR"].ShouldBe(MetricValue.Float(1.0));
        s["CLR_Frames"].ShouldBe(MetricValue.Int(0));
        s["HOTA_FN___50"].Value.ShouldBe(2);
        s["LocA(0)"].ShouldBe(MetricValue.Float(1.0));
    }
}
