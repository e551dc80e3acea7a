using MotTracker.Tracking;
using MotTracker.Tracking.Trackers.ByteTrack;

namespace MotTracker.Tracking.Tests;

/// <summary>ByteTrack's opt-in steady births (<see cref="ByteTrackOptions.SteadyBirthFrames"/>) on crafted scenes with exact ids.</summary>
public sealed class SteadyBirthTests
{
    private static Detection Box(double x, double y, double score, double h = 100) => new(new BoundingBox(x, y, 40, h), score);

    private static ByteTracker Steady(double blockIou = 0.3) =>
        new(new ByteTrackOptions { SteadyBirthFrames = 2, SteadyBirthThreshold = 0.2, SteadyBirthBlockIou = blockIou });

    /// <summary>The ids reported on each frame, in x order.</summary>
    private static List<int[]> Ids(ByteTracker tracker, IEnumerable<Detection[]> frames) =>
        frames.Select(f => tracker.Next(f).OrderBy(t => t.Box.X).Select(t => t.TrackId).ToArray()).ToList();

    /// <summary>A person the detector scores 0.3 in every frame, walking right 4 px a frame.</summary>
    private static List<Detection[]> WeakWalker(int frames = 6) =>
        Enumerable.Range(1, frames).Select(f => new[] { Box(100 + 4 * f, 200, 0.3) }).ToList();

    [Fact]
    public void Without_the_option_a_person_scored_below_the_birth_threshold_is_never_tracked()
    {
        var ids = Ids(new ByteTracker(), WeakWalker());

        ids.ShouldAllBe(frame => frame.Length == 0);
    }

    [Fact]
    public void A_weak_box_left_over_two_frames_in_a_row_starts_a_confirmed_track_on_the_second()
    {
        var ids = Ids(Steady(), WeakWalker());

        ids[0].ShouldBeEmpty("one frame is no run yet");
        for (int f = 2; f <= 6; f++)
            ids[f - 1].ShouldBe([1], $"frame {f}: reported at once, then kept by the low-score round");
    }

    [Fact]
    public void Boxes_below_the_steady_threshold_start_nothing()
    {
        var frames = Enumerable.Range(1, 6).Select(f => new[] { Box(100 + 4 * f, 200, 0.15) }).ToList();

        Ids(Steady(), frames).ShouldAllBe(frame => frame.Length == 0);
    }

    [Fact]
    public void A_weak_box_seen_every_other_frame_or_jumping_about_starts_nothing()
    {
        // Every other frame: never two frames in a row.
        var blinking = Enumerable.Range(1, 8).Select(f => f % 2 == 1 ? new[] { Box(100, 200, 0.3) } : []).ToList();
        // Every frame, but 60 px apart: boxes of different things, not one run (IoU below 0.5).
        var jumping = Enumerable.Range(1, 8).Select(f => new[] { Box(f % 2 == 1 ? 100 : 160, 200, 0.3) }).ToList();

        Ids(Steady(), blinking).ShouldAllBe(frame => frame.Length == 0);
        Ids(Steady(), jumping).ShouldAllBe(frame => frame.Length == 0);
    }

    [Fact]
    public void A_skipped_frame_breaks_the_run()
    {
        var tracker = Steady();

        tracker.Update(1, [Box(100, 200, 0.3)]).ShouldBeEmpty();
        tracker.Update(3, [Box(100, 200, 0.3)]).ShouldBeEmpty("frames 1 and 3 are not in a row");
        tracker.Update(4, [Box(100, 200, 0.3)]).Select(t => t.TrackId).ShouldBe([1]);
    }

    [Fact]
    public void A_weak_part_of_a_tracked_person_gets_no_second_id_while_the_block_holds()
    {
        // A strongly detected person and, every frame, a weak box on their upper body (IoU 0.6 with them).
        static List<Detection[]> Scene() => Enumerable.Range(1, 6)
            .Select(f => new[] { Box(100 + 4 * f, 200, 0.9), Box(100 + 4 * f, 200, 0.3, h: 60) }).ToList();

        var blocked = Ids(Steady(), Scene());
        var unblocked = Ids(Steady(blockIou: 1), Scene());

        blocked.ShouldAllBe(frame => frame.Length == 1 && frame[0] == 1);
        unblocked[0].ShouldBe([1]);
        for (int f = 2; f <= 6; f++)
            unblocked[f - 1].OrderBy(id => id).ToArray().ShouldBe([1, 2], $"frame {f}: without the block the part becomes a second id");
    }

    [Fact]
    public void A_weak_person_beside_a_tracked_one_is_born_despite_the_block()
    {
        // Two people 100 px apart: no overlap, so the weak one is not mistaken for a part of the strong one.
        var frames = Enumerable.Range(1, 5).Select(f => new[] { Box(100 + 4 * f, 200, 0.9), Box(200 + 4 * f, 200, 0.3) }).ToList();

        var ids = Ids(Steady(), frames);

        ids[0].ShouldBe([1]);
        for (int f = 2; f <= 5; f++) ids[f - 1].ShouldBe([1, 2], $"frame {f}");
    }

    [Fact]
    public void A_box_scoring_between_the_steady_and_the_birth_threshold_above_the_high_threshold_also_counts_as_weak()
    {
        // 0.55 enters the first round (above track-thresh 0.5) but may not start a track (new-track-thresh 0.6).
        var frames = Enumerable.Range(1, 4).Select(f => new[] { Box(100 + 4 * f, 200, 0.55) }).ToList();

        Ids(new ByteTracker(), frames).ShouldAllBe(frame => frame.Length == 0);
        var ids = Ids(Steady(), frames);
        ids[0].ShouldBeEmpty();
        for (int f = 2; f <= 4; f++) ids[f - 1].ShouldBe([1], $"frame {f}");
    }

    [Theory]
    [InlineData(1, 0.2, 0.3, "steady-birth-frames")]
    [InlineData(-1, 0.2, 0.3, "steady-birth-frames")]
    [InlineData(2, 1.5, 0.3, "steady-birth-thresh")]
    [InlineData(2, 0.2, -0.1, "steady-birth-block-iou")]
    public void Out_of_range_settings_are_refused_naming_the_option(int frames, double threshold, double blockIou, string name)
    {
        var options = new ByteTrackOptions { SteadyBirthFrames = frames, SteadyBirthThreshold = threshold, SteadyBirthBlockIou = blockIou };

        Should.Throw<ArgumentException>(options.Validate).ParamName.ShouldBe(name);
    }
}
