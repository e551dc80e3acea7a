using MotTracker.Tracking;
using MotTracker.Tracking.PostProcessing;

namespace MotTracker.Engine.Tests.RealData;

/// <summary>
/// The README's val-half recipes (MOT17 val half, YOLOX-X ablation detections, camera motion from each
/// folder's gmc.txt as --cmc auto reads it), scored in process exactly as
/// <c>mottrack batch ../shared/data/MOT17/val-half --seqmap ../shared/data/seqmaps/MOT17-val-half.txt --eval</c>
/// with the recipe's options does, and their guards on MOT17 train (FRCNN) and MOT15 train
/// (det_frcnn_sort.txt) against the reference ByteTrack (47.34 and 37.14 HOTA).
/// </summary>
public sealed class ValHalfRecipeTests
{
    /// <summary>--tracker botsort --track-thresh 0.55 --new-track-thresh 0.7 --track-buffer 60.</summary>
    internal static TrackerSettings Online { get; } = TrackerRegistry.Catalog.Apply("botsort", new TrackerSettings(),
        [new("track-thresh", 0.55), new("new-track-thresh", 0.7), new("track-buffer", 60)]);

    /// <summary>The offline recipe's post-processing: --postprocess link,gsi --link-max-gap 90 (linking's other settings at their defaults).</summary>
    internal static PostProcessOptions Offline { get; } = new() { Link = new LinkOptions { MaxGap = 90 } };

    private static void ShouldRound(double value, double expected) => Math.Round(value, 2).ShouldBe(expected);

    [Fact]
    public void The_online_recipe_scores_as_recorded_on_the_val_half()
    {
        var all = OfflineScoreboard.Run(OfflineScoreboard.ValHalf, "botsort", PostProcessKind.None, Online);

        // Goal: HOTA >= 69.0 and IDF1 >= 81.0 (BoT-SORT defaults without camera motion: 67.90 / 79.45).
        ShouldRound(all.Hota, 69.06);
        ShouldRound(all.Mota, 78.34);
        ShouldRound(all.Idf1, 81.98);
        all.IdSwitches.ShouldBe(123);
    }

    [Fact]
    public void The_offline_recipe_scores_as_recorded_on_the_val_half()
    {
        var all = OfflineScoreboard.Run(OfflineScoreboard.ValHalf, "botsort", PostProcessKind.Gsi, Online, Offline);

        // Goal: HOTA >= 71.0 and IDF1 >= 84.0 — not reached (see README "Val-half recipes").
        ShouldRound(all.Hota, 70.51);
        ShouldRound(all.Mota, 80.81);
        ShouldRound(all.Idf1, 83.30);
        all.IdSwitches.ShouldBe(99);
    }

    [Fact]
    public void Both_recipes_beat_the_reference_bytetrack_on_mot17_and_mot15_train()
    {
        OfflineScoreboard.Run(OfflineScoreboard.Mot17, "botsort", PostProcessKind.None, Online).Hota.ShouldBeGreaterThan(47.34);
        OfflineScoreboard.Run(OfflineScoreboard.Mot15, "botsort", PostProcessKind.None, Online).Hota.ShouldBeGreaterThan(37.14);
        OfflineScoreboard.Run(OfflineScoreboard.Mot17, "botsort", PostProcessKind.Gsi, Online, Offline).Hota.ShouldBeGreaterThan(47.34);
        OfflineScoreboard.Run(OfflineScoreboard.Mot15, "botsort", PostProcessKind.Gsi, Online, Offline).Hota.ShouldBeGreaterThan(37.14);
    }
}
