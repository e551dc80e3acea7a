using MotTracker.Tracking.Trackers.DeepSort;

namespace MotTracker.Tracking.Tests;

/// <summary>DeepSORT's life cycle and gate on crafted single-person scenes.</summary>
public sealed class DeepSortTrackerTests
{
    private static readonly float[] Look = [0.6f, 0.8f, 0, 0];

    private static Detection Person(double x, double y = 200, double score = 0.9) => new(new BoundingBox(x, y, 50, 150), score);

    private static IReadOnlyList<MotTracker.Tracking.TrackedObject> Step(DeepSortTracker tracker, int frame, params Detection[] detections) =>
        tracker.Update(frame, detections, detections.Select(_ => (float[]?)Look).ToArray());

    [Fact]
    public void A_new_track_is_reported_only_after_n_init_hits()
    {
        var tracker = new DeepSortTracker();
        Step(tracker, 1, Person(100)).ShouldBeEmpty();
        Step(tracker, 2, Person(102)).ShouldBeEmpty();
        tracker.Tracks.Single().State.ShouldBe(DeepSortTrackState.Tentative);
        Step(tracker, 3, Person(104)).Select(t => t.TrackId).ShouldBe([1]);
        tracker.Tracks.Single().State.ShouldBe(DeepSortTrackState.Confirmed);
    }

    [Fact]
    public void A_tentative_track_missed_once_is_deleted()
    {
        var tracker = new DeepSortTracker();
        Step(tracker, 1, Person(100));
        Step(tracker, 2, Person(100));
        Step(tracker, 3).ShouldBeEmpty();
        tracker.Tracks.ShouldBeEmpty();
        Step(tracker, 4, Person(100));
        Step(tracker, 5, Person(100));
        Step(tracker, 6, Person(100)).Select(t => t.TrackId).ShouldBe([2]);
    }

    [Fact]
    public void Detections_below_min_confidence_are_ignored()
    {
        var tracker = new DeepSortTracker(new DeepSortOptions { MinConfidence = 0.5, NewTrackConfidence = 0.5 });
        Step(tracker, 1, Person(100, score: 0.49));
        tracker.Tracks.ShouldBeEmpty();
        Step(tracker, 2, Person(100, score: 0.5));
        tracker.Tracks.Count.ShouldBe(1);
    }

    [Fact]
    public void A_detection_below_new_track_confidence_continues_a_track_but_starts_none()
    {
        // Defaults: min-confidence 0.5, new-track-confidence 0.6.
        var tracker = new DeepSortTracker();
        Step(tracker, 1, Person(100, score: 0.55));
        tracker.Tracks.ShouldBeEmpty();
        for (int f = 2; f <= 4; f++) Step(tracker, f, Person(100));
        Step(tracker, 5, Person(100, score: 0.55)).Select(t => t.TrackId).ShouldBe([1]);
        tracker.Tracks.Single().TimeSinceUpdate.ShouldBe(0);
        Step(tracker, 6, Person(100), Person(400, score: 0.55)).Select(t => t.TrackId).ShouldBe([1]);
        tracker.Tracks.Count.ShouldBe(1);
    }

    [Fact]
    public void A_confirmed_track_missed_for_one_frame_is_still_reported_as_the_reference_app_does()
    {
        var tracker = new DeepSortTracker();
        for (int f = 1; f <= 5; f++) Step(tracker, f, Person(100));
        Step(tracker, 6).Select(t => t.TrackId).ShouldBe([1]);
        Step(tracker, 7).ShouldBeEmpty();
        Step(tracker, 8, Person(100)).Select(t => t.TrackId).ShouldBe([1]);
    }

    [Fact]
    public void The_gate_rejects_an_implausible_jump_even_when_the_appearance_is_identical()
    {
        var tracker = new DeepSortTracker();
        for (int f = 1; f <= 10; f++) Step(tracker, f, Person(100));

        // Same look, 300 px away in one frame: the cosine distance is 0, but the squared Mahalanobis
        // distance is far beyond 9.4877, so the track is not matched and the box starts a new track.
        Step(tracker, 11, Person(400)).Select(t => t.TrackId).ShouldBe([1], "the old track coasts one frame");
        tracker.Tracks.Select(t => (t.Id, t.TimeSinceUpdate, t.State)).ShouldBe([(1, 1, DeepSortTrackState.Confirmed), (2, 0, DeepSortTrackState.Tentative)]);

        // A plausible step with the same look is matched.
        var near = new DeepSortTracker();
        for (int f = 1; f <= 10; f++) Step(near, f, Person(100));
        Step(near, 11, Person(110)).Select(t => t.TrackId).ShouldBe([1]);
        near.Tracks.Single().TimeSinceUpdate.ShouldBe(0);
    }

    [Fact]
    public void The_matching_cascade_serves_the_most_recently_seen_track_first()
    {
        float[] lookY = [1, 0], lookX = [0.85f, 0.52678078f]; // cosine distance 0.15, within 0.2
        var tracker = new DeepSortTracker();
        for (int f = 1; f <= 8; f++)
        {
            var dets = new List<Detection>();
            var looks = new List<float[]?>();
            if (f <= 6) { dets.Add(Person(100)); looks.Add(lookY); } // Y: id 1, last seen in frame 6
            if (f >= 4) { dets.Add(Person(110)); looks.Add(lookX); } // X: id 2, seen up to frame 8
            tracker.Update(f, dets.ToArray(), looks);
        }

        // Y looks exactly like the new box but was last seen 3 frames ago; X, seen 1 frame ago, is
        // close enough in looks. A single assignment would pick Y; the cascade settles X's level first.
        tracker.Update(9, [Person(105)], [lookY]);
        tracker.Tracks.Select(t => (t.Id, t.TimeSinceUpdate)).ShouldBe([(1, 3), (2, 0)]);
    }

    [Theory]
    [InlineData(30, 35, 1)] // unseen 30 frames (frames 6-35): within max_age 30, re-found by appearance
    [InlineData(30, 36, 2)] // 31 frames: deleted, the box starts a new track
    [InlineData(15, 20, 1)] // at 15 fps max_age scales to 15 frames
    [InlineData(15, 21, 2)]
    public void A_track_unseen_for_longer_than_max_age_is_deleted(double fps, int reappearsAt, int expectedId)
    {
        var tracker = new DeepSortTracker(new DeepSortOptions { MaxAge = 30, FrameRate = fps });
        for (int f = 1; f <= 5; f++) Step(tracker, f, Person(100));
        for (int f = 6; f < reappearsAt; f++) Step(tracker, f);
        Step(tracker, reappearsAt, Person(100));
        tracker.Tracks.Select(t => t.Id).ShouldBe([expectedId]);
    }

    [Theory]
    [InlineData(75, 1)] // 70 frames after the last hit: within the default max_age 70 (the reference's)
    [InlineData(76, 2)] // 71: deleted, the box starts a new track
    public void By_default_a_track_survives_seventy_unseen_frames_at_30_fps(int reappearsAt, int expectedId)
    {
        var tracker = new DeepSortTracker();
        for (int f = 1; f <= 5; f++) Step(tracker, f, Person(100));
        for (int f = 6; f < reappearsAt; f++) Step(tracker, f);
        Step(tracker, reappearsAt, Person(100));
        tracker.Tracks.Select(t => t.Id).ShouldBe([expectedId]);
    }

    [Fact]
    public void A_gap_in_frame_numbers_ages_tracks_like_empty_frames()
    {
        var tracker = new DeepSortTracker(new DeepSortOptions { MaxAge = 30 });
        for (int f = 1; f <= 5; f++) Step(tracker, f, Person(100));
        Step(tracker, 36, Person(100));
        tracker.Tracks.Select(t => t.Id).ShouldBe([2]);
    }

    [Fact]
    public void The_gallery_of_a_track_holds_at_most_nn_budget_features()
    {
        var tracker = new DeepSortTracker(new DeepSortOptions { NnBudget = 4 });
        for (int f = 1; f <= 10; f++) Step(tracker, f, Person(100));
        tracker.Tracks.Single().Gallery.Count.ShouldBe(4);
    }

    [Theory]
    [InlineData("min-confidence")]
    [InlineData("new-track-confidence")]
    [InlineData("max-cosine-distance")]
    [InlineData("nn-budget")]
    [InlineData("max-iou-distance")]
    [InlineData("max-age")]
    [InlineData("n-init")]
    public void Options_out_of_range_are_rejected_by_name(string name)
    {
        var options = name switch
        {
            "min-confidence" => new DeepSortOptions { MinConfidence = 1.5 },
            "new-track-confidence" => new DeepSortOptions { NewTrackConfidence = -0.1 },
            "max-cosine-distance" => new DeepSortOptions { MaxCosineDistance = 0 },
            "nn-budget" => new DeepSortOptions { NnBudget = 0 },
            "max-iou-distance" => new DeepSortOptions { MaxIouDistance = 1.2 },
            "max-age" => new DeepSortOptions { MaxAge = 0 },
            _ => new DeepSortOptions { NInit = 0 },
        };
        Should.Throw<ArgumentException>(options.Validate).ParamName.ShouldBe(name);
    }
}
