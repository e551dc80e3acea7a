using MotTracker.Core.Tracking.BotSort;

namespace MotTracker.Core.Tests.Tracking;

/// <summary>BoT-SORT's life cycle and camera-motion compensation on crafted scenes.</summary>
public sealed class BotSortTrackerTests
{
    private static Detection Person(double x, double y = 200, double score = 0.9) => new(new BoundingBox(x, y, 50, 150), score);

    [Fact]
    public void A_known_camera_warp_moves_a_lost_tracks_prediction_exactly()
    {
        var tracker = new BotSortTracker();
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
            var tracker = new BotSortTracker();
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
        var reported = new BotSortTracker();
        reported.Update(1, []);
        reported.Update(2, [Person(100)]).Select(t => t.TrackId).ShouldBe([1], "the reference reports unconfirmed tracks");
        reported.TrackedTracks.Single().IsActivated.ShouldBeFalse();

        var hidden = new BotSortTracker(new BotSortOptions { ReportUnconfirmed = false });
        hidden.Update(1, []);
        hidden.Update(2, [Person(100)]).ShouldBeEmpty();
        hidden.Update(3, [Person(102)]).Select(t => t.TrackId).ShouldBe([1]);
        hidden.TrackedTracks.Single().IsActivated.ShouldBeTrue();
    }

    [Fact]
    public void An_unconfirmed_track_missed_once_is_removed()
    {
        var tracker = new BotSortTracker();
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
        var tracker = new BotSortTracker();
        tracker.Update(1, [Person(100, score: 0.65)]).ShouldBeEmpty();
        tracker.Update(2, [Person(100, score: 0.7)]).Select(t => t.TrackId).ShouldBe([1]);
    }

    [Theory]
    [InlineData(30, 40, 1)] // 30 frames unseen: within the buffer
    [InlineData(30, 42, 1)] // removed at frame 41, but the reference keeps it in the pool one more frame
    [InlineData(30, 43, 2)] // gone for good: the detection starts a new track
    [InlineData(15, 27, 1)] // at 15 fps the buffer scales to 15 frames
    [InlineData(15, 28, 2)]
    public void A_track_unseen_for_longer_than_the_buffer_is_dropped(double fps, int reappearsAt, int expectedId)
    {
        var tracker = new BotSortTracker(new BotSortOptions { FrameRate = fps });
        for (int f = 1; f <= 10; f++) tracker.Update(f, [Person(300)]);
        for (int f = 11; f < reappearsAt; f++) tracker.Update(f, []);
        tracker.Update(reappearsAt, [Person(300)]).Select(t => t.TrackId).ShouldBe([expectedId]);
    }

    [Fact]
    public void Appearance_counts_only_within_the_proximity_gate()
    {
        // A track and a detection with the same look but IoU 0: appearance must not pull them together.
        float[] look = [1, 0, 0];
        var tracker = new BotSortTracker();
        for (int f = 1; f <= 3; f++) tracker.Update(f, [Person(100)], [look]);
        tracker.Update(4, [Person(300)], [look]).Select(t => t.TrackId).ShouldBe([2]);
    }

    [Theory]
    [InlineData("track-low-thresh")]
    [InlineData("proximity-thresh")]
    [InlineData("appearance-thresh")]
    [InlineData("ema-alpha")]
    [InlineData("track-buffer")]
    public void Options_out_of_range_are_rejected_by_name(string name)
    {
        var options = name switch
        {
            "track-low-thresh" => new BotSortOptions { TrackLowThreshold = 0.7 },
            "proximity-thresh" => new BotSortOptions { ProximityThreshold = 0 },
            "appearance-thresh" => new BotSortOptions { AppearanceThreshold = 1.5 },
            "ema-alpha" => new BotSortOptions { EmaAlpha = 1 },
            _ => new BotSortOptions { TrackBuffer = -1 },
        };
        Should.Throw<ArgumentException>(options.Validate).ParamName.ShouldBe(name);
    }
}
