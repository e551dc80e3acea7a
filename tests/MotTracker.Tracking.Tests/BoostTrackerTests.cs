using MotTracker.Tracking.Trackers.BoostTrack;

namespace MotTracker.Tracking.Tests;

public sealed class BoostTrackerTests
{
    private static Detection Person(double x, double score = 0.9, double y = 100) => new(new BoundingBox(x, y, 100, 200), score);

    private static List<TrackedObject> Step(BoostTracker tracker, int frame, params Detection[] detections) =>
        [.. tracker.Update(frame, detections)];

    [Fact]
    public void Dlo_boost_keeps_a_standing_person_whose_score_dropped_below_the_threshold()
    {
        // Five frames at 0.9, then 0.5 at the same place: the box overlaps the prediction almost fully,
        // so DLO raises its score to max(0.5, 0.65 · IoU) ≈ 0.65 ≥ det_thresh 0.6 and the track goes on.
        static List<TrackedObject> Frame6(bool dlo)
        {
            var tracker = new BoostTracker(new BoostTrackOptions { UseDloBoost = dlo, UseDuoBoost = false });
            for (int f = 1; f <= 5; f++) Step(tracker, f, Person(100));
            return Step(tracker, 6, Person(100, score: 0.5));
        }

        Frame6(dlo: true).ShouldHaveSingleItem().TrackId.ShouldBe(1);
        Frame6(dlo: false).ShouldBeEmpty();
    }

    [Fact]
    public void Duo_boost_starts_a_track_from_the_best_of_overlapping_low_score_boxes_far_from_every_track()
    {
        // Frame 2 brings two overlapping boxes (0.4 and 0.3) 900 px from the only track: far beyond the
        // Mahalanobis limit, so the better one is raised to the threshold and starts track 2; the other,
        // overlapping it (IoU 0.82 > 0.3), stays below. Without DUO neither starts a track.
        static BoostTracker Run(bool duo)
        {
            var tracker = new BoostTracker(new BoostTrackOptions { UseDuoBoost = duo, UseDloBoost = false });
            Step(tracker, 1, Person(100));
            Step(tracker, 2, Person(100), Person(1000, score: 0.4), Person(1010, score: 0.3));
            return tracker;
        }

        var with = Run(duo: true);
        with.Tracks.Select(t => t.Id).ShouldBe([1, 2]);
        with.Tracks[1].Score.ShouldBe(0.6 + 1e-4, 1e-12);
        with.Tracks[1].Box.X.ShouldBe(1000, 1e-6);
        Run(duo: false).Tracks.Select(t => t.Id).ShouldBe([1]);
    }

    [Fact]
    public void Tracklet_confidence_grows_over_the_first_frames_then_decays_with_frames_unseen()
    {
        var tracker = new BoostTracker(new BoostTrackOptions { UseDuoBoost = false, UseDloBoost = false });
        Step(tracker, 1, Person(100));
        Step(tracker, 2, Person(100));
        // Age 1 after one prediction: 0.9^(7 - 1).
        tracker.Tracks[0].Confidence.ShouldBe(Math.Pow(0.9, 6), 1e-12);
        for (int f = 3; f <= 8; f++) Step(tracker, f, Person(100));
        tracker.Tracks[0].Age.ShouldBe(7);
        // Then unseen for frames 9 and 10: 0.9^(2 - 1). (The tracker reads it right after the prediction,
        // when frames unseen count the current one; just after a match it is 0.9^-1, never used.)
        Step(tracker, 9);
        Step(tracker, 10);
        tracker.Tracks[0].TimeSinceUpdate.ShouldBe(2);
        tracker.Tracks[0].Confidence.ShouldBe(0.9, 1e-12);
    }

    [Fact]
    public void Soft_buffered_iou_lets_an_uncertain_track_reach_a_box_beside_it()
    {
        var det = new BoundingBox(0, 0, 10, 10);
        var track = new BoundingBox(12, 0, 10, 10);
        // Certain track: plain IoU, no overlap.
        BoostTracker.SoftBufferedIoU(det, track, trackConfidence: 1).ShouldBe(0);
        // Confidence 0: the detection grows by 2.5 per side (15 x 15), the track by 5 (20 x 20, from x 7):
        // intersection 5.5 x 15 = 82.5, union 225 + 400 - 82.5.
        BoostTracker.SoftBufferedIoU(det, track, trackConfidence: 0).ShouldBe(82.5 / 542.5, 1e-12);
    }

    [Fact]
    public void Appearance_rescues_a_match_with_half_the_iou_threshold()
    {
        // A person standing for 5 frames jumps so its box overlaps the prediction by IoU 0.2 (between
        // 0.15 and 0.3). With a matching embedding (similarity ≥ 0.75) it keeps id 1; without
        // embeddings it is a new track.
        float[] feature = [1, 0, 0];
        static int IdAfterJump(float[]? feature)
        {
            var tracker = new BoostTracker(new BoostTrackOptions { UseDuoBoost = false, UseDloBoost = false });
            IReadOnlyList<float[]?>? embs = feature is null ? null : [feature];
            for (int f = 1; f <= 5; f++) tracker.Update(f, [Person(100)], embs);
            tracker.Update(6, [Person(100 + 100 * (1 - 0.2) / 1.2)], embs);
            return tracker.Tracks.Single(t => t.TimeSinceUpdate == 0).Id;
        }

        IdAfterJump(feature).ShouldBe(1);
        IdAfterJump(null).ShouldBe(2);
    }

    [Fact]
    public void Running_without_embeddings_is_announced_once()
    {
        var tracker = new BoostTracker();
        int raised = 0;
        tracker.MotionAloneStarted += (_, _) => raised++;
        tracker.Update(1, [Person(100)]);
        tracker.Update(2, [Person(100)]);
        tracker.RanOnMotionAlone.ShouldBeTrue();
        raised.ShouldBe(1);
    }

    [Fact]
    public void Camera_motion_moves_the_tracks_before_the_prediction()
    {
        // A standing person seen from a camera that jumps 80 px: the box moves 80 px in the image (IoU 0.11
        // with the old place). With the warp the track keeps id 1; without it a new track starts.
        static int[] Ids(bool warp)
        {
            var tracker = new BoostTracker(new BoostTrackOptions { UseDuoBoost = false, UseDloBoost = false });
            for (int f = 1; f <= 5; f++) tracker.Update(f, [Person(100)]);
            tracker.Update(6, [Person(180)], null, warp ? AffineWarp.Translation(80, 0) : null);
            return [.. tracker.Tracks.Where(t => t.TimeSinceUpdate == 0).Select(t => t.Id)];
        }

        Ids(warp: true).ShouldBe([1]);
        Ids(warp: false).ShouldBe([2]);
    }
}
