using MotTracker.Core.MotChallenge;
using MotTracker.Tracking.PostProcessing;

namespace MotTracker.Tracking.Tests;

public sealed class TrackletLinkingTests
{
    /// <summary>A person walking at (vx, vy) px/frame, 40x100, box at frame f centred on (x0 + vx·f, y0 + vy·f).</summary>
    private static IEnumerable<MotRow> Walk(int id, int from, int to, double x0, double vx, double y0 = 300, double vy = 0, double h = 100) =>
        Enumerable.Range(from, to - from + 1).Select(f => new MotRow(f, id, new BoundingBox(x0 + vx * f - 20, y0 + vy * f - h / 2, 40, h), 0.9, -1, -1));

    private static PostProcessOptions Linking(int maxGap = 30) => new() { Link = new LinkOptions { MaxGap = maxGap } };

    private static Dictionary<int, int[]> FramesById(List<MotRow> rows) =>
        rows.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.Select(r => r.Frame).ToArray());

    [Fact]
    public void Two_walkers_each_broken_by_an_occlusion_are_rejoined_under_their_first_ids_and_gsi_fills_the_gaps()
    {
        // Walker A (ids 1 then 3) goes right, walker B (ids 2 then 4) goes left on another row; both lose 12 frames.
        var rows = Walk(1, 1, 40, 100, 3).Concat(Walk(3, 53, 90, 100, 3))
            .Concat(Walk(2, 1, 40, 900, -2.5, y0: 500, vy: -0.5)).Concat(Walk(4, 53, 90, 900, -2.5, y0: 500, vy: -0.5)).ToList();

        var linked = TrackPostProcessing.Apply(rows, PostProcessKind.None, Linking());
        var ids = FramesById(linked);
        ids.Keys.Order().ShouldBe([1, 2]);
        ids[1].ShouldBe([.. Enumerable.Range(1, 40), .. Enumerable.Range(53, 38)]);
        ids[2].ShouldBe([.. Enumerable.Range(1, 40), .. Enumerable.Range(53, 38)]);
        linked.Where(r => r.Id == 1).ShouldAllBe(r => r.Box.CenterX == 100 + 3 * r.Frame);

        var filled = FramesById(TrackPostProcessing.Apply(rows, PostProcessKind.Gsi, Linking()));
        filled[1].ShouldBe(Enumerable.Range(1, 90).ToArray());
        filled[2].ShouldBe(Enumerable.Range(1, 90).ToArray());
    }

    [Fact]
    public void Walkers_who_cross_while_unseen_are_each_linked_to_the_continuation_their_motion_predicts()
    {
        // Both lose 10 frames while crossing; both lost tracks end at the same point, so only the motion tells the continuations apart.
        var rows = Walk(1, 1, 30, 100, 4).Concat(Walk(2, 1, 30, 340, -4))
            .Concat(Walk(3, 41, 70, 100, 4)).Concat(Walk(4, 41, 70, 340, -4)).ToList();

        var ids = FramesById(TrackPostProcessing.Apply(rows, PostProcessKind.None, Linking()));
        ids.Keys.Order().ShouldBe([1, 2]);
        ids[1].Length.ShouldBe(60);
        var result = TrackPostProcessing.Apply(rows, PostProcessKind.None, Linking());
        result.Where(r => r.Id == 1).ShouldAllBe(r => r.Box.CenterX == 100 + 4 * r.Frame);
        result.Where(r => r.Id == 2).ShouldAllBe(r => r.Box.CenterX == 340 - 4 * r.Frame);
    }

    [Fact]
    public void A_new_person_appearing_far_from_where_the_lost_one_was_heading_is_not_joined()
    {
        // Track 1 walks right and ends at x≈220; track 2 starts 5 frames later at x≈700 walking left.
        var rows = Walk(1, 1, 40, 100, 3).Concat(Walk(2, 46, 80, 835, -3)).ToList();
        FramesById(TrackPostProcessing.Apply(rows, PostProcessKind.None, Linking())).Keys.Order().ShouldBe([1, 2]);
    }

    [Fact]
    public void A_gap_longer_than_link_max_gap_or_a_very_different_height_is_not_joined()
    {
        var longGap = Walk(1, 1, 40, 100, 3).Concat(Walk(2, 72, 100, 100, 3)).ToList();
        FramesById(TrackPostProcessing.Apply(longGap, PostProcessKind.None, Linking(maxGap: 30))).Count.ShouldBe(2);
        FramesById(TrackPostProcessing.Apply(longGap, PostProcessKind.None, Linking(maxGap: 31))).Count.ShouldBe(1);

        // Same place and motion, but a child-size box after the gap: another person.
        var smaller = Walk(1, 1, 40, 100, 3).Concat(Walk(2, 46, 80, 100, 3, h: 50)).ToList();
        FramesById(TrackPostProcessing.Apply(smaller, PostProcessKind.None, Linking())).Count.ShouldBe(2);
    }

    [Fact]
    public void Tracks_that_overlap_in_time_are_never_joined()
    {
        var rows = Walk(1, 1, 40, 100, 3).Concat(Walk(2, 40, 80, 100, 3)).ToList();
        FramesById(TrackPostProcessing.Apply(rows, PostProcessKind.None, Linking())).Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("link", true, PostProcessKind.None)]
    [InlineData("link,gsi", true, PostProcessKind.Gsi)]
    [InlineData("LINK,interpolate", true, PostProcessKind.Interpolate)]
    [InlineData("gsi", false, PostProcessKind.Gsi)]
    public void Chains_parse_into_linking_and_the_kind_after_it(string text, bool link, PostProcessKind kind)
    {
        PostProcessKinds.TryParseChain(text, out var parsedKind, out bool parsedLink).ShouldBeTrue();
        parsedLink.ShouldBe(link);
        parsedKind.ShouldBe(kind);
    }

    [Theory]
    [InlineData("gsi,link")]
    [InlineData("link,gsi,interpolate")]
    [InlineData("link,")]
    [InlineData("linky")]
    public void Chains_in_another_order_or_with_unknown_steps_are_refused(string text) =>
        PostProcessKinds.TryParseChain(text, out _, out _).ShouldBeFalse();
}
