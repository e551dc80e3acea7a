using MotTracker.Engine.Analytics;
using MotTracker.Core.MotChallenge;
using MotTracker.Tracking;

namespace MotTracker.Engine.Tests.Analytics;

public sealed class LineCounterTests
{
    // A horizontal "door" drawn left to right: its right-hand side on screen is below it (y down), so
    // walking down through it is "in". Boxes are 50 px tall, so the margin is max(3 px, 5 % of 50) = 3 px.
    private static readonly CountLine Door = new("door", new PixelPoint(0, 100), new PixelPoint(200, 100));

    /// <summary>A 20x50 box whose bottom centre is (x, y).</summary>
    private static TrackedObject At(int id, double x, double y, int classId = 0) =>
        new(id, new BoundingBox(x - 10, y - 50, 20, 50), 0.9, classId);

    private static LineCounter Run(IEnumerable<IReadOnlyList<TrackedObject>> frames, params CountLine[] lines)
    {
        var counter = new LineCounter(lines.Length == 0 ? [Door] : lines);
        int frame = 0;
        foreach (var tracks in frames) counter.Update(++frame, tracks);
        return counter;
    }

    private static IEnumerable<IReadOnlyList<TrackedObject>> Walk(int id, double x, params double[] ys) =>
        ys.Select(y => (IReadOnlyList<TrackedObject>)[At(id, x, y)]);

    [Fact]
    public void A_box_jittering_on_the_line_counts_one_crossing_when_it_gets_clearly_past()
    {
        var counter = Run(Walk(7, 50, 80, 90, 98, 101, 99, 102.5, 97.5, 100, 104, 110, 120));
        var door = counter.Lines[0];
        (door.In, door.Out).ShouldBe((1, 0));
        door.Crossings.ShouldBe([new LineCrossing(9, 7, 0, CrossingDirection.In)]);
    }

    [Fact]
    public void Jitter_that_never_gets_past_the_margin_counts_nothing()
    {
        var counter = Run(Walk(7, 50, 80, 98, 102, 97, 103, 101, 85));
        counter.Lines[0].Crossings.ShouldBeEmpty();
    }

    [Fact]
    public void A_U_turn_through_the_line_counts_one_in_and_one_out()
    {
        var counter = Run(Walk(3, 50, 80, 95, 110, 120, 108, 96, 80));
        var door = counter.Lines[0];
        (door.In, door.Out).ShouldBe((1, 1));
        door.Crossings.ShouldBe([new LineCrossing(3, 3, 0, CrossingDirection.In), new LineCrossing(6, 3, 0, CrossingDirection.Out)]);
    }

    [Fact]
    public void Crossing_the_lines_extension_beyond_its_end_points_is_not_counted()
    {
        // Same walk at x = 250 (past the end at x = 200) and at x = -1 (before the start): no crossing.
        // At x = 200 (on the end point) it counts.
        var frames = new[] { 80.0, 120.0 }.Select(y => (IReadOnlyList<TrackedObject>)[At(1, 250, y), At(2, -1, y), At(3, 200, y)]);
        var door = Run(frames).Lines[0];
        door.Crossings.ShouldBe([new LineCrossing(2, 3, 0, CrossingDirection.In)]);
    }

    [Fact]
    public void A_diagonal_move_counts_only_when_it_passes_through_the_segment()
    {
        // Both tracks start left of the door's end; one ends past it, crossing y = 100 at x = 190 (inside),
        // the other at x = 215 (outside).
        var frames = new IReadOnlyList<TrackedObject>[]
        {
            [At(1, 180, 80), At(2, 200, 80)],
            [At(1, 200, 120), At(2, 230, 120)],
        };
        Run(frames).Lines[0].Crossings.Select(c => c.TrackId).ShouldBe([1]);
    }

    [Fact]
    public void Counts_are_kept_per_class_and_totalled()
    {
        var frames = new IReadOnlyList<TrackedObject>[]
        {
            [At(1, 20, 80), At(2, 60, 80), At(3, 100, 70, classId: 2), At(4, 150, 130, classId: 2)],
            [At(1, 20, 120), At(2, 60, 120), At(3, 100, 130, classId: 2), At(4, 150, 70, classId: 2)],
        };
        var door = Run(frames).Lines[0];
        (door.In, door.Out).ShouldBe((3, 1));
        door.ForClass(0).ShouldBe((2, 0));
        door.ForClass(2).ShouldBe((1, 1));
        door.ForClass(1).ShouldBe((0, 0));
    }

    [Fact]
    public void In_is_from_the_left_to_the_right_of_the_lines_direction_as_seen_on_screen()
    {
        // A vertical line drawn top to bottom: its right-hand side on screen is the image's left, so
        // moving from x = 130 to x = 70 (leftwards) is in.
        var down = new CountLine("down", new PixelPoint(100, 0), new PixelPoint(100, 300));
        var up = new CountLine("up", new PixelPoint(100, 300), new PixelPoint(100, 0));
        var counter = Run([[At(1, 130, 100)], [At(1, 70, 100)]], down, up);
        counter.Lines[0].Crossings.Single().Direction.ShouldBe(CrossingDirection.In);
        counter.Lines[1].Crossings.Single().Direction.ShouldBe(CrossingDirection.Out);
    }

    [Fact]
    public void A_track_lost_for_some_frames_and_found_on_the_other_side_counts_when_found()
    {
        var frames = new IReadOnlyList<TrackedObject>[] { [At(5, 50, 80)], [], [], [At(5, 50, 125)] };
        Run(frames).Lines[0].Crossings.ShouldBe([new LineCrossing(4, 5, 0, CrossingDirection.In)]);
    }

    [Fact]
    public void A_track_first_seen_on_the_line_is_not_counted_when_it_steps_off()
    {
        Run(Walk(1, 50, 100, 101, 110, 130)).Lines[0].Crossings.ShouldBeEmpty();
    }

    [Fact]
    public void The_center_anchor_uses_the_middle_of_the_box()
    {
        // Bottom centre goes 120 -> 140 (already past the door), the centre 95 -> 115 (crosses it).
        var counter = new LineCounter([Door], CountAnchor.Center);
        counter.Update(1, [At(1, 50, 120)]);
        counter.Update(2, [At(1, 50, 140)]);
        counter.Lines[0].In.ShouldBe(1);
    }

    [Fact]
    public void The_summary_json_round_trips_through_a_file()
    {
        var frames = new IReadOnlyList<TrackedObject>[]
        {
            [At(1, 20, 80), At(3, 100, 70, classId: 2)],
            [At(1, 20, 120), At(3, 100, 130, classId: 2)],
            [At(1, 20, 80)],
        };
        var summary = Run(frames, Door, new CountLine("gate", new PixelPoint(10.5, 0), new PixelPoint(10.5, 300))).Summary();
        string path = Path.Combine(TestData.NewTempDirectory(), "counts.json");
        summary.Write(path);

        var back = CountSummary.Read(path);
        back.Anchor.ShouldBe("bottom");
        back.Lines.Select(l => l.Name).ShouldBe(["door", "gate"]);
        var door = back.Lines[0];
        (door.Start, door.End, door.In, door.Out).ShouldBe((new PixelPoint(0, 100), new PixelPoint(200, 100), 2, 1));
        door.Classes.Select(c => (c.ClassId, c.Class, c.In, c.Out)).ShouldBe([(0, "person", 1, 1), (2, "car", 1, 0)]);
        door.Crossings.ShouldBe(summary.Lines[0].Crossings);
        back.Lines[1].Start.ShouldBe(new PixelPoint(10.5, 0));
        back.Lines[1].Crossings.ShouldBeEmpty();
        back.ToJson().ShouldBe(summary.ToJson());

        string text = File.ReadAllText(path);
        text.ShouldContain("\"in\": 2");
        text.ShouldContain("\"direction\": \"out\"");
        text.ShouldContain("\"trackId\": 3");
        text.ShouldContain("\"class\": \"car\"");
    }

    [Fact]
    public void A_summary_file_that_is_not_summary_json_names_the_file_and_line()
    {
        string path = Path.Combine(TestData.NewTempDirectory(), "counts.json");
        File.WriteAllText(path, "{\n  \"anchor\": \"bottom\",\n  \"lines\": [ { \"name\": 3 } ]\n}\n");
        var ex = Should.Throw<MotFormatException>(() => CountSummary.Read(path));
        ex.File.ShouldBe(path);
        ex.Line.ShouldBe(3);
    }
}

public sealed class LineCounterHandoffTests
{
    private static readonly CountLine Door = new("door", new PixelPoint(0, 100), new PixelPoint(200, 100));

    private static TrackedObject At(int id, double x, double y, int classId = 0) =>
        new(id, new BoundingBox(x - 10, y - 50, 20, 50), 0.9, classId);

    private static LineTally Run(params IReadOnlyList<TrackedObject>[] frames)
    {
        var counter = new LineCounter([Door]);
        for (int f = 0; f < frames.Length; f++) counter.Update(f + 1, frames[f]);
        return counter.Lines[0];
    }

    [Fact]
    public void A_crossing_split_across_two_ids_at_the_line_counts_once_for_the_new_id()
    {
        // Track 1 is lost just above the door; two frames later track 2 starts just below it.
        var door = Run([At(1, 50, 80)], [At(1, 52, 94)], [], [At(2, 56, 115)], [At(2, 58, 130)]);
        door.Crossings.ShouldBe([new LineCrossing(4, 2, 0, CrossingDirection.In)]);
    }

    [Fact]
    public void A_new_track_far_from_where_one_vanished_takes_nothing_over()
    {
        // About 171 px away with 50 px boxes: beyond three box heights.
        var door = Run([At(1, 20, 80)], [At(1, 22, 94)], [], [At(2, 190, 115)], [At(2, 192, 130)]);
        door.Crossings.ShouldBeEmpty();
    }

    [Fact]
    public void A_new_track_up_to_three_box_heights_from_where_one_vanished_takes_over_its_crossing()
    {
        // Track 1 is lost 6 px above the door; track 2 starts 129 px away (2.6 box heights of 50 px) and
        // 15 px below it: a person missed by the detector for a while at the line. Counted once, for track 2.
        var door = Run([At(1, 50, 80)], [At(1, 52, 94)], [], [], [At(2, 180, 115)], [At(2, 182, 130)]);
        door.Crossings.ShouldBe([new LineCrossing(5, 2, 0, CrossingDirection.In)]);
    }

    [Fact]
    public void A_crossing_split_across_two_ids_counts_once_even_after_the_tracker_removed_the_first()
    {
        // The session ends track 1 two frames after it was last seen (its track buffer), before track 2
        // starts below the door six frames later: the hand-over window (30 frames) still covers it.
        using var session = new CountingSession(new CountingSettings { Lines = [Door], LostFrames = 2 });
        IReadOnlyList<TrackedObject>[] frames = [[At(1, 50, 80)], [At(1, 52, 94)], [], [], [], [], [], [], [At(2, 60, 115)], [At(2, 62, 130)], [At(2, 64, 150)]];
        for (int f = 0; f < frames.Length; f++) session.Update(f + 1, frames[f]);
        session.Lines.Lines[0].Crossings.ShouldBe([new LineCrossing(9, 2, 0, CrossingDirection.In)]);
    }

    [Fact]
    public void A_removed_track_is_no_hand_over_candidate_once_the_window_has_passed()
    {
        var counter = new LineCounter([Door], options: new LineCounterOptions { HandoffFrames = 3 });
        counter.Update(1, [At(1, 50, 80)]);
        counter.Update(2, [At(1, 52, 94)]);
        counter.Forget(1);
        counter.Update(6, [At(2, 56, 115)]); // 4 frames after track 1 was last seen: past the 3-frame window
        counter.Update(7, [At(2, 58, 130)]);
        counter.Lines[0].Crossings.ShouldBeEmpty();
    }

    [Fact]
    public void A_box_jittering_across_the_line_after_a_hand_over_counts_one_crossing()
    {
        // Track 2 takes over below the door, then its bottom wobbles 2 px either side of the line (inside
        // the 3 px margin) and once clearly back below: the side never flips, one crossing.
        var door = Run([At(1, 50, 80)], [At(1, 52, 94)], [], [At(2, 56, 110)], [At(2, 56, 98)], [At(2, 56, 102)], [At(2, 56, 98)], [At(2, 56, 112)]);
        door.Crossings.ShouldBe([new LineCrossing(4, 2, 0, CrossingDirection.In)]);
    }

    [Fact]
    public void A_track_first_reported_just_after_it_crossed_counts_once_when_it_moves_away()
    {
        // No track before it: track 5 is first reported 10 px below the door (50 px boxes) and walks on;
        // it counts once it is more than one box height below (frame 3), and never again.
        var door = Run([At(5, 50, 110)], [At(5, 50, 140)], [At(5, 50, 160)], [At(5, 50, 190)]);
        door.Crossings.ShouldBe([new LineCrossing(3, 5, 0, CrossingDirection.In)]);
    }

    [Fact]
    public void A_track_first_reported_far_from_the_line_or_standing_near_it_is_not_counted()
    {
        var door = Run([At(6, 50, 170), At(7, 120, 110)], [At(6, 50, 200), At(7, 121, 112)], [At(6, 50, 230), At(7, 120, 111)]);
        door.Crossings.ShouldBeEmpty();
    }

    [Fact]
    public void The_vanished_track_coming_back_after_a_hand_over_does_not_count_the_crossing_again()
    {
        var door = Run([At(1, 50, 80)], [At(1, 52, 94)], [At(2, 56, 115)], [At(2, 58, 130), At(1, 60, 132)]);
        door.Crossings.ShouldBe([new LineCrossing(3, 2, 0, CrossingDirection.In)]);
    }

    /// <summary>Track 1 wobbling 2 px about (100, 80), 20 px above the door, for <paramref name="frames"/> frames.</summary>
    private static List<IReadOnlyList<TrackedObject>> Wobble(int frames) =>
        Enumerable.Range(0, frames).Select(f => (IReadOnlyList<TrackedObject>)[At(1, 100 + f % 2 * 2, 80 - f % 3)]).ToList();

    [Fact]
    public void A_track_that_stood_still_for_five_frames_gives_no_side_to_a_new_track()
    {
        // Track 1 is a fixed false detection seen on frames 1 to 6 (5 frames apart), never more than
        // 3 px (a quarter of its 50 px height is 12.5 px) from where it started. Two frames after it
        // vanishes, person 2 is first reported 70 px below the door (beyond the late-start distance of one
        // box height) and about 110 px from it, within three heights: taking over its side would count an
        // "in" no one made.
        var frames = Wobble(6);
        frames.Add([]);
        frames.Add([At(2, 160, 170)]);
        frames.Add([At(2, 162, 190)]);
        Run([.. frames]).Crossings.ShouldBeEmpty();
    }

    [Fact]
    public void A_track_that_moved_little_over_fewer_than_five_frames_still_hands_over()
    {
        // The same wobble on frames 1 to 5 (4 apart): too short to be taken for a fixed spot, so person 2
        // takes over its side and counts "in" where it is first reported.
        var frames = Wobble(5);
        frames.Add([]);
        frames.Add([At(2, 160, 170)]);
        frames.Add([At(2, 162, 190)]);
        Run([.. frames]).Crossings.ShouldBe([new LineCrossing(7, 2, 0, CrossingDirection.In)]);
    }

    [Fact]
    public void A_slow_walker_that_moved_more_than_a_quarter_box_height_still_hands_over()
    {
        // Track 1 walks down 2 px a frame for ten frames (18 px, more than 12.5 px) and is lost 2 px above
        // the door; track 2 starts below it: the crossing counts once, for track 2.
        var frames = Enumerable.Range(0, 10).Select(f => (IReadOnlyList<TrackedObject>)[At(1, 50, 80 + 2 * f)]).ToList();
        frames.Add([]);
        frames.Add([At(2, 52, 115)]);
        Run([.. frames]).Crossings.ShouldBe([new LineCrossing(12, 2, 0, CrossingDirection.In)]);
    }

    [Fact]
    public void A_pending_late_start_passes_to_the_track_that_takes_over_and_counts_once()
    {
        // Track 5 is first reported 10 px below the door (a late start, pending until it is more than one
        // 50 px box height below) and lost at 20 px; track 6 takes over at 35 px, on the same side, so no
        // crossing there, and counts the late start once it is 60 px below (frame 5). Track 5 coming back
        // further down counts nothing.
        var door = Run([At(5, 50, 110)], [At(5, 50, 120)], [], [At(6, 52, 135)], [At(6, 52, 160)], [At(6, 52, 180), At(5, 54, 185)]);
        door.Crossings.ShouldBe([new LineCrossing(5, 6, 0, CrossingDirection.In)]);
    }

    [Fact]
    public void A_track_seen_in_the_same_frame_is_no_hand_over_candidate_and_another_class_neither()
    {
        var door = Run([At(1, 50, 80), At(3, 60, 80, classId: 2)], [At(1, 50, 85), At(4, 56, 115)], [At(1, 50, 85), At(4, 58, 130)]);
        // Track 1 is still there, track 3 (a car) vanished: track 4 (a person) is new, counted by no one.
        door.Crossings.ShouldBeEmpty();
    }
}
