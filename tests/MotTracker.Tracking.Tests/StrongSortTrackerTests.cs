using MotTracker.Tracking.Trackers.StrongSort;

namespace MotTracker.Tracking.Tests;

public sealed class StrongSortTrackerTests
{
    private static Detection Person(double x, double score = 0.9) => new(new BoundingBox(x, 100, 100, 200), score);

    [Fact]
    public void Nsa_kalman_follows_a_confident_detection_more_closely()
    {
        // A standing person (score 0.9), then at frame 6 a box 10 px to the right scoring 0.95: with NSA
        // the measurement noise is scaled by (1 - 0.95)², the state lands almost on the box; without, the
        // plain DeepSORT noise keeps it well short.
        static double XAtFrame6(bool nsa)
        {
            var tracker = new StrongSortTracker(new StrongSortOptions { NsaKalman = nsa });
            for (int f = 1; f <= 5; f++) tracker.Update(f, [Person(100)]);
            return tracker.Update(6, [Person(110, 0.95)]).ShouldHaveSingleItem().Box.X;
        }

        XAtFrame6(nsa: true).ShouldBeGreaterThan(109.9);
        XAtFrame6(nsa: false).ShouldBeLessThan(108);
    }

    [Fact]
    public void Appearance_decides_between_two_people_inside_the_motion_gate()
    {
        // Two people stand 25 px apart; at frame 6 the boxes at their places carry each other's features.
        // Keeping the places costs λ · 1 (cosine distance 1) over the 0.4 limit: infeasible; swapping costs
        // only (1 - λ) · Mahalanobis: the ids swap. Without embeddings (IoU in place of appearance) they stay.
        float[] a = [1, 0], b = [0, 1];
        static int IdAt100(bool withEmbeddings, float[] a, float[] b)
        {
            var tracker = new StrongSortTracker();
            for (int f = 1; f <= 5; f++) tracker.Update(f, [Person(100), Person(125)], withEmbeddings ? [a, b] : null);
            var output = tracker.Update(6, [Person(100), Person(125)], withEmbeddings ? [b, a] : null);
            output.Count.ShouldBe(2);
            return output.MinBy(o => o.Box.X).TrackId;
        }

        IdAt100(withEmbeddings: true, a, b).ShouldBe(2);
        IdAt100(withEmbeddings: false, a, b).ShouldBe(1);
    }

    [Fact]
    public void Camera_motion_moves_the_tracks_before_the_prediction()
    {
        static int IdAtFrame6(bool warp)
        {
            var tracker = new StrongSortTracker();
            for (int f = 1; f <= 5; f++) tracker.Update(f, [Person(100)]);
            tracker.Update(6, [Person(180)], null, warp ? AffineWarp.Translation(80, 0) : null);
            return tracker.Tracks.Single(t => t.TimeSinceUpdate == 0).Id;
        }

        IdAtFrame6(warp: true).ShouldBe(1);
        IdAtFrame6(warp: false).ShouldBe(2);
    }

    [Fact]
    public void A_track_is_reported_once_confirmed_after_n_init_hits()
    {
        var tracker = new StrongSortTracker();
        tracker.Update(1, [Person(100)]).ShouldBeEmpty();
        tracker.Update(2, [Person(101)]).ShouldBeEmpty();
        tracker.Update(3, [Person(102)]).ShouldHaveSingleItem().TrackId.ShouldBe(1);
    }

    [Fact]
    public void Without_embeddings_it_runs_on_motion_and_says_so_once()
    {
        var tracker = new StrongSortTracker();
        int raised = 0;
        tracker.MotionAloneStarted += (_, _) => raised++;
        tracker.Update(1, [Person(100)]);
        tracker.Update(2, [Person(100)]);
        raised.ShouldBe(1);
        tracker.RanOnMotionAlone.ShouldBeTrue();
    }
}
