using MotTracker.Tracking.Trackers.BotSort;

namespace MotTracker.Tracking.Tests;

/// <summary>
/// BoT-SORT's life cycle and camera-motion compensation on crafted scenes; the reference's behaviour is
/// checked with <see cref="BotSortOptions.Reference"/>, our defaults where they differ.
/// </summary>
public sealed class BotSortTrackerTests
{
    private static Detection Person(double x, double y = 200, double score = 0.9) => new(new BoundingBox(x, y, 50, 150), score);

    [Fact]
    public void A_known_camera_warp_moves_a_lost_tracks_prediction_exactly()
    {
        var tracker = new BotSortTracker(BotSortOptions.Reference);
        // Centre (100, 50), 30 x 60; the same box every frame leaves a zero velocity exactly.
        var box = new Detection(new BoundingBox(85, 20, 30, 60), 0.9);
        for (int f = 1; f <= 5; f++) tracker.Update(f, [box]);

        // A 2x zoom about the origin, then a shift by (+20, -10): centre (220, 90), size 60 x 120.
        var warp = new AffineWarp(2, 0, 20, 0, 2, -10);
        tracker.Update(6, [], cameraMotion: warp);

        tracker.TrackedTracks.ShouldBeEmpty();
        tracker.LostTracks.Single().Box.ShouldBe(new BoundingBox(190, 30, 60, 120));
    }

    [Fact]
    public void Camera_motion_keeps_a_track_whose_box_moved_only_because_the_camera_panned()
    {
        static int IdAfterPan(AffineWarp? warp)
        {
            var tracker = new BotSortTracker(BotSortOptions.Reference);
            for (int f = 1; f <= 5; f++) tracker.Update(f, [Person(100)]);
            // The camera pans: the still person appears 60 px further left (IoU 0 with the old box).
            var output = tracker.Update(6, [Person(40)], cameraMotion: warp);
            return output.Single().TrackId;
        }

        IdAfterPan(AffineWarp.Translation(-60, 0)).ShouldBe(1);
        IdAfterPan(null).ShouldBe(2);
    }

    [Fact]
    public void A_track_born_after_the_first_frame_is_unconfirmed_until_its_second_hit()
    {
        var reported = new BotSortTracker(BotSortOptions.Reference);
        reported.Update(1, []);
        reported.Update(2, [Person(100)]).Select(t => t.TrackId).ShouldBe([1], "the reference reports unconfirmed tracks");
        reported.TrackedTracks.Single().IsActivated.ShouldBeFalse();

        // Our default, as ByteTrack reports.
        var hidden = new BotSortTracker();
        hidden.Update(1, []);
        hidden.Update(2, [Person(100)]).ShouldBeEmpty();
        hidden.Update(3, [Person(102)]).Select(t => t.TrackId).ShouldBe([1]);
        hidden.TrackedTracks.Single().IsActivated.ShouldBeTrue();
    }

    [Fact]
    public void An_unconfirmed_track_missed_once_is_removed()
    {
        var tracker = new BotSortTracker(BotSortOptions.Reference);
        tracker.Update(1, []);
        tracker.Update(2, [Person(100)]);
        tracker.Update(3, []);
        tracker.TrackedTracks.ShouldBeEmpty();
        tracker.LostTracks.ShouldBeEmpty();
        tracker.Update(4, [Person(100)]).Select(t => t.TrackId).ShouldBe([2]);
    }

    [Fact]
    public void A_detection_below_the_new_track_threshold_starts_no_track()
    {
        // The default new-track threshold is 0.6 (0.7 in the reference; see BotSortOptions.NewTrackThreshold).
        var tracker = new BotSortTracker();
        tracker.Update(1, [Person(100, score: 0.59)]);
        tracker.TrackedTracks.ShouldBeEmpty();
        tracker.Update(2, [Person(100, score: 0.6)]);
        tracker.TrackedTracks.Select(t => t.Id).ShouldBe([1]);
    }

    [Fact]
    public void A_person_briefly_lost_keeps_their_id_without_a_one_frame_stand_in_track_in_the_output()
    {
        // Frame 6: the track's box misses the person (a jump the filter cannot follow), so a new track is
        // born on them for one frame; frame 7 the old track finds them again. Reporting unconfirmed tracks
        // (the reference) writes the stand-in for a frame: two identity switches for one person.
        static int[] Ids(bool reportUnconfirmed)
        {
            var tracker = new BotSortTracker(new BotSortOptions { ReportUnconfirmed = reportUnconfirmed });
            var ids = new List<int>();
            for (int f = 1; f <= 5; f++) ids.AddRange(tracker.Update(f, [Person(100)]).Select(t => t.TrackId));
            ids.AddRange(tracker.Update(6, [Person(400)]).Select(t => t.TrackId));
            ids.AddRange(tracker.Update(7, [Person(100)]).Select(t => t.TrackId));
            return [.. ids];
        }

        Ids(reportUnconfirmed: false).ShouldBe([1, 1, 1, 1, 1, 1]);
        Ids(reportUnconfirmed: true).ShouldBe([1, 1, 1, 1, 1, 2, 1]);
    }

    [Theory]
    [InlineData(30, 40, 1)] // 30 frames unseen: within the buffer
    [InlineData(30, 42, 1)] // removed at frame 41, but the reference keeps it in the pool one more frame
    [InlineData(30, 43, 2)] // gone for good: the detection starts a new track
    [InlineData(15, 27, 1)] // at 15 fps the buffer scales to 15 frames
    [InlineData(15, 28, 2)]
    public void A_track_unseen_for_longer_than_the_buffer_is_dropped(double fps, int reappearsAt, int expectedId)
    {
        var tracker = new BotSortTracker(BotSortOptions.Reference with { FrameRate = fps });
        for (int f = 1; f <= 10; f++) tracker.Update(f, [Person(300)]);
        for (int f = 11; f < reappearsAt; f++) tracker.Update(f, []);
        tracker.Update(reappearsAt, [Person(300)]).Select(t => t.TrackId).ShouldBe([expectedId]);
    }

    [Fact]
    public void Appearance_counts_only_within_the_proximity_gate()
    {
        // A track and a detection with the same look but IoU 0: appearance must not pull them together.
        float[] look = [1, 0, 0];
        var tracker = new BotSortTracker(BotSortOptions.Reference);
        for (int f = 1; f <= 3; f++) tracker.Update(f, [Person(100)], [look]);
        tracker.Update(4, [Person(300)], [look]).Select(t => t.TrackId).ShouldBe([2]);
    }

    [Fact]
    public void The_default_proximity_gate_lets_appearance_join_a_box_that_moved_further_than_the_reference_allows()
    {
        // A 30 px step of a 50 px wide person: IoU 0.26 (IoU distance 0.74), score-fused IoU cost 0.82,
        // above match_thresh 0.8. Only appearance can join them, and only within the proximity gate:
        // ours is 0.8, the reference's 0.5.
        float[] look = [1, 0, 0];
        int IdAfterStep(BotSortOptions options)
        {
            var tracker = new BotSortTracker(options);
            for (int f = 1; f <= 3; f++) tracker.Update(f, [Person(100)], [look]);
            return tracker.Update(4, [Person(130, score: 0.7)], [look]).Single().TrackId;
        }

        IdAfterStep(new BotSortOptions()).ShouldBe(1);
        IdAfterStep(BotSortOptions.Reference).ShouldBe(2);
    }

    [Theory]
    [InlineData("low-thresh")]
    [InlineData("proximity-thresh")]
    [InlineData("appearance-thresh")]
    [InlineData("ema-alpha")]
    [InlineData("track-buffer")]
    public void Options_out_of_range_are_rejected_by_name(string name)
    {
        var options = name switch
        {
            "low-thresh" => BotSortOptions.Reference with { TrackLowThreshold = 0.7 },
            "proximity-thresh" => BotSortOptions.Reference with { ProximityThreshold = 0 },
            "appearance-thresh" => BotSortOptions.Reference with { AppearanceThreshold = 1.5 },
            "ema-alpha" => BotSortOptions.Reference with { EmaAlpha = 1 },
            _ => BotSortOptions.Reference with { TrackBuffer = -1 },
        };
        Should.Throw<ArgumentException>(options.Validate).ParamName.ShouldBe(name);
    }
}
