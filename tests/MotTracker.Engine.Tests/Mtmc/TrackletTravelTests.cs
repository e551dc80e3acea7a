using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Engine.Mtmc;

namespace MotTracker.Engine.Tests.Mtmc;

/// <summary>
/// mtmc's `--min-travel` filter: how far a tracklet's box centre gets, in its median box heights, so that
/// static clutter the detector keeps firing on is dropped while people walking through are kept.
/// </summary>
public sealed class TrackletTravelTests
{
    private static MotRow Row(int frame, double x, double y, double w, double h) =>
        new(frame, 1, new BoundingBox(x, y, w, h), 0.9, 1, -1);

    [Fact]
    public void A_walker_travels_the_diagonal_of_its_centres_in_median_box_heights()
    {
        // Centres (20, 50), (170, 250), (320, 450), then back to (170, 250): a 300 x 400 rectangle, diagonal
        // 500 (the path walked is 750: going back and forth does not count twice); heights 100.
        MotRow[] walker = [Row(1, 0, 0, 40, 100), Row(2, 150, 200, 40, 100), Row(3, 300, 400, 40, 100), Row(4, 150, 200, 40, 100)];

        MtmcRun.Travel(walker).ShouldBe(5.0, 1e-12);
    }

    [Fact]
    public void A_box_jittering_in_place_travels_less_than_the_default_quarter_height()
    {
        // A 50-high box whose centre wanders 4 px each way: sqrt(4² + 4²) / 50 ≈ 0.113.
        MotRow[] clutter = [Row(1, 100, 100, 20, 50), Row(2, 104, 100, 20, 50), Row(3, 102, 104, 20, 50), Row(4, 100, 102, 20, 50)];

        MtmcRun.Travel(clutter).ShouldBe(Math.Sqrt(32) / 50, 1e-12);
        MtmcRun.Travel(clutter).ShouldBeLessThan(new MtmcRequest { Cameras = [], OutputDirectory = "." }.MinTravel);
    }

    [Fact]
    public void The_unit_is_the_median_height_so_one_odd_box_does_not_change_it()
    {
        // Heights 80, 100, 120 and one 400-high mistake: median (100 + 120) / 2 = 110; the centres (half the height down) span 0 x 160.
        MotRow[] rows = [Row(1, 0, 0, 10, 80), Row(2, 0, 0, 10, 100), Row(3, 0, 0, 10, 120), Row(4, 0, 0, 10, 400)];

        MtmcRun.Travel(rows).ShouldBe(160.0 / 110, 1e-12);
        MtmcRun.Travel([]).ShouldBe(0);
    }
}
