using MotTracker.Tracking.Trackers.HybridSort;

namespace MotTracker.Tracking.Tests;

public sealed class HybridSortTrackerTests
{
    private static Detection Person(double x, double score = 0.9, double y = 100) => new(new BoundingBox(x, y, 100, 200), score);

    [Fact]
    public void Height_modulated_iou_scales_iou_by_the_vertical_overlap_ratio()
    {
        var a = new BoundingBox(0, 0, 10, 10);
        // Shifted down by half: IoU 50 / 150, vertical overlap 5 of 15.
        HybridSortTracker.HeightModulatedIoU(a, new BoundingBox(0, 5, 10, 10)).ShouldBe(1.0 / 9, 1e-12);
        // Shifted sideways: the vertical ratio is 1, HMIoU = IoU.
        HybridSortTracker.HeightModulatedIoU(a, new BoundingBox(5, 0, 10, 10)).ShouldBe(1.0 / 3, 1e-12);
        HybridSortTracker.HeightModulatedIoU(a, new BoundingBox(20, 0, 10, 10)).ShouldBe(0);
    }

    [Fact]
    public void Tcm_prefers_the_box_whose_score_matches_the_tracks_confidence()
    {
        // A person standing at x = 100 scoring 0.9. At frame 7 a box 15 px left scores 0.65 (HMIoU 0.74) and
        // one 20 px right scores 0.9 (HMIoU 0.67). TCM subtracts |0.65 - 0.9| from the first: the track
        // takes the right box; without TCM (weight 0) the closer left one.
        static double XOfTrack1(double tcmWeight)
        {
            var tracker = new HybridSortTracker(new HybridSortOptions { TcmFirstStepWeight = tcmWeight });
            for (int f = 1; f <= 6; f++) tracker.Update(f, [Person(100)]);
            tracker.Update(7, [Person(85, 0.65), Person(120)]);
            return tracker.Tracks.Single(t => t.Id == 1).LastObservation.X;
        }

        XOfTrack1(1.0).ShouldBe(120);
        XOfTrack1(0).ShouldBe(85);
    }

    [Fact]
    public void Robust_ocm_takes_the_box_ahead_in_the_direction_all_four_corners_moved()
    {
        // Walking right at 10 px/frame; at frame 7 one box lies 35 px behind the prediction (HMIoU 0.48)
        // and one 40 px ahead (0.43). Each corner's summed direction points right, so the box ahead gains
        // 4 · 0.5 · 0.05 · 0.9 and the one behind loses as much: the track takes the box ahead. With
        // inertia 0 it takes the closer box behind.
        static double XOfTrack1(double inertia)
        {
            var tracker = new HybridSortTracker(new HybridSortOptions { Inertia = inertia });
            for (int f = 1; f <= 6; f++) tracker.Update(f, [Person(100 + 10 * (f - 1))]);
            tracker.Update(7, [Person(125), Person(200)]);
            return tracker.Tracks.Single(t => t.Id == 1).LastObservation.X;
        }

        XOfTrack1(0.05).ShouldBe(200);
        XOfTrack1(0).ShouldBe(125);
    }

    [Fact]
    public void Each_corner_direction_is_the_sum_of_unit_steps_from_zero_whatever_the_stack_held()
    {
        // Walking right 10 px a frame: at frame 5 the observations 1, 2 and 3 steps back (10, 20 and 30 px
        // behind) exist, and each corner's direction is the sum of the three unit steps, exactly; the sums once
        // started from uncleared stack memory (the assembly skips zeroing locals). The stack is dirtied
        // first so leftover values would show.
        DirtyTheStack();
        var tracker = new HybridSortTracker();
        for (int f = 1; f <= 5; f++) tracker.Update(f, [Person(100 + 10 * (f - 1))]);
        var track = tracker.Tracks.Single();
        for (int corner = 0; corner < 4; corner++)
        {
            var (dy, dx) = track.CornerDirection(corner);
            dy.ShouldBe(0);
            dx.ShouldBe(10 / (10 + 1e-6) + 20 / (20 + 1e-6) + 30 / (30 + 1e-6));
        }
    }

    private static void DirtyTheStack()
    {
        Span<double> junk = stackalloc double[512];
        junk.Fill(12345.678);
        GC.KeepAlive(junk.ToArray());
    }

    [Fact]
    public void The_byte_round_keeps_a_track_on_a_low_score_box()
    {
        // Standing person; at frame 5 only a 0.3 box remains at the same place: BYTE matches it (HMIoU ≈ 1,
        // minus |0.3 - 0.6| for the linearly predicted confidence, clipped to the threshold 0.6), so the
        // track is reported; without the BYTE round it is not.
        static int Reported(bool useByte)
        {
            var tracker = new HybridSortTracker(new HybridSortOptions { UseByte = useByte });
            for (int f = 1; f <= 4; f++) tracker.Update(f, [Person(100)]);
            return tracker.Update(5, [Person(100, 0.3)]).Count;
        }

        Reported(useByte: true).ShouldBe(1);
        Reported(useByte: false).ShouldBe(0);
    }

    [Fact]
    public void A_person_hidden_for_a_few_frames_keeps_the_id()
    {
        var tracker = new HybridSortTracker();
        for (int f = 1; f <= 10; f++) tracker.Update(f, [Person(100 + 5 * f)]);
        for (int f = 11; f <= 15; f++) tracker.Update(f, []).ShouldBeEmpty();
        for (int f = 16; f <= 20; f++) tracker.Update(f, [Person(100 + 5 * f)]);
        tracker.Tracks.ShouldHaveSingleItem().Id.ShouldBe(1);
    }
}
