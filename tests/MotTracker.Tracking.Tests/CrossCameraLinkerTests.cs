using MotTracker.Tracking.MultiCamera;

namespace MotTracker.Tracking.Tests;

public sealed class CrossCameraLinkerTests
{
    private static float[] Unit(params float[] v)
    {
        float norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    [Fact]
    public void Alike_tracklets_of_two_cameras_become_one_identity_and_unlike_ones_stay_apart()
    {
        Tracklet[] tracklets =
        [
            new(1, 5, 10, 50, Unit(1, 0, 0)),      // person A in camera 1
            new(2, 3, 40, 90, Unit(0.95f, 0.1f, 0)), // person A in camera 2 (views overlap in time)
            new(1, 6, 1, 30, Unit(0, 1, 0)),       // person B, camera 1 only
            new(2, 4, 60, 80, Unit(0, 0, 1)),      // person C, camera 2 only
        ];

        var ids = CrossCameraLinker.Link(tracklets, new LinkSettings { MinSimilarity = 0.8 });

        // Numbered by first frame: B (frame 1) is 1, A (frame 10) is 2, C (frame 60) is 3.
        ids.ShouldBe([2, 2, 1, 3]);
    }

    [Fact]
    public void Tracklets_overlapping_in_time_on_one_camera_are_never_joined_however_alike()
    {
        Tracklet[] tracklets = [new(1, 1, 1, 20, Unit(1, 0)), new(1, 2, 10, 30, Unit(1, 0)), new(1, 3, 40, 50, Unit(1, 0))];

        var ids = CrossCameraLinker.Link(tracklets, new LinkSettings { MinSimilarity = 0.5 });

        // 3 (after both) joins the first one it meets in order of similarity (a tie: the lower group index), 1 and 2 stay apart.
        ids[0].ShouldNotBe(ids[1]);
        ids[2].ShouldBe(ids[0]);
    }

    [Fact]
    public void Tracklets_further_apart_than_the_time_window_are_not_joined()
    {
        Tracklet[] tracklets = [new(1, 1, 1, 20, Unit(1, 0)), new(2, 1, 500, 520, Unit(1, 0))];

        CrossCameraLinker.Link(tracklets, new LinkSettings { MaxGapFrames = 100 }).ShouldBe([1, 2]);
        CrossCameraLinker.Link(tracklets, new LinkSettings { MaxGapFrames = 480 }).ShouldBe([1, 1]);
    }
}
