using MotTracker.Tracking.Trackers.DeepOcSort;

namespace MotTracker.Tracking.Tests;

public sealed class DeepOcSortTrackerTests
{
    private static Detection Person(double x, double score = 0.9) => new(new BoundingBox(x, 100, 100, 200), score);

    [Fact]
    public void Camera_motion_moves_the_state_and_the_last_observation_so_a_person_hidden_during_a_pan_is_found_again()
    {
        // A person stands at x = 100 for frames 1-10, is hidden for frames 11-13 while the camera jumps
        // (80 px at frame 12, so the person is at x = 180 in the image: IoU 0.11 with the old place), and
        // is seen again at frame 14. With the warp both the prediction and the last observation (OCR) move
        // with the camera: id 1 again. Without it a new track starts.
        static int IdAtFrame14(bool warp)
        {
            var tracker = new DeepOcSortTracker();
            for (int f = 1; f <= 10; f++) tracker.Update(f, [Person(100)]);
            tracker.Update(11, []);
            tracker.Update(12, [], null, warp ? AffineWarp.Translation(80, 0) : null);
            tracker.Update(13, []);
            tracker.Update(14, [Person(180)]);
            return tracker.Tracks.Single(t => t.TimeSinceUpdate == 0).Id;
        }

        IdAtFrame14(warp: true).ShouldBe(1);
        IdAtFrame14(warp: false).ShouldBe(2);
    }

    [Fact]
    public void The_warp_moves_the_stored_observations_too()
    {
        var tracker = new DeepOcSortTracker();
        tracker.Update(1, [Person(100)]);
        tracker.Update(2, [Person(110)]);
        tracker.Update(3, [], null, AffineWarp.Translation(-50, 20));
        var track = tracker.Tracks.ShouldHaveSingleItem();
        track.LastObservation.X.ShouldBe(60, 1e-9);
        track.LastObservation.Y.ShouldBe(120, 1e-9);
        track.TryGetPreviousObservation(3, out var previous).ShouldBeTrue();
        previous.X.ShouldBe(60, 1e-9); // the observation of frame 2 (the one of frame 1 was the track's start, not stored)
    }

    [Fact]
    public void Adaptive_weighting_lets_a_distinctive_appearance_win_over_overlap()
    {
        // Two people stand 40 px apart (their boxes overlap, IoU 0.43) for 5 frames; at frame 6 the boxes
        // at their places carry each other's features (they swapped). Keeping the places scores IoU 1 + 1;
        // swapping scores 0.43 + 0.43 plus the weighted appearance 1 + 1. With a base weight of 0.3 the swap
        // loses (0.86 + 0.6); adaptive weighting adds 1/2 per detection and per track for such distinct
        // matches (weight 1.3: 0.86 + 2.6) and the swap wins.
        float[] a = [1, 0], b = [0, 1];
        static int IdAt100(bool adaptive, float[] a, float[] b)
        {
            var tracker = new DeepOcSortTracker(new DeepOcSortOptions { AppearanceWeight = 0.3, AdaptiveWeighting = adaptive });
            for (int f = 1; f <= 5; f++) tracker.Update(f, [Person(100), Person(140)], [a, b]);
            var output = tracker.Update(6, [Person(100), Person(140)], [b, a]);
            return output.Single(o => Math.Abs(o.Box.X - 100) < 1e-6).TrackId;
        }

        IdAt100(adaptive: true, a, b).ShouldBe(2);
        IdAt100(adaptive: false, a, b).ShouldBe(1);
    }

    [Fact]
    public void Dynamic_appearance_trusts_a_confident_detection_more()
    {
        // Momentum α = 0.95 + 0.05 · (1 - trust), trust = (score - 0.6) / 0.4: a detection scoring 1 moves
        // the feature by 5 %, one just above the threshold barely at all.
        float[] first = [1, 0], second = [0, 1];
        static float[] FeatureAfter(double score, float[] first, float[] second)
        {
            var tracker = new DeepOcSortTracker();
            tracker.Update(1, [Person(100)], [first]);
            tracker.Update(2, [Person(100, score)], [second]);
            return tracker.Features[0].Value.ToArray();
        }

        var confident = FeatureAfter(1.0, first, second);
        float norm = MathF.Sqrt(0.95f * 0.95f + 0.05f * 0.05f);
        confident[0].ShouldBe(0.95f / norm, 1e-6f);
        confident[1].ShouldBe(0.05f / norm, 1e-6f);
        FeatureAfter(0.6 + 1e-9, first, second)[1].ShouldBe(0f, 1e-6f);
    }

    [Fact]
    public void Without_embeddings_it_runs_on_motion_and_says_so_once()
    {
        var tracker = new DeepOcSortTracker();
        int raised = 0;
        tracker.MotionAloneStarted += (_, _) => raised++;
        tracker.Update(1, [Person(100)]);
        tracker.Update(2, [Person(102)]);
        raised.ShouldBe(1);
        tracker.Tracks.ShouldHaveSingleItem().Id.ShouldBe(1);
    }
}
