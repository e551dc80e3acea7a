using MotTracker.Tracking.Common;

namespace MotTracker.Tracking.Tests;

/// <summary>The list bookkeeping ByteTrack and BoT-SORT share, on named stand-in tracks.</summary>
public sealed class TrackListsTests
{
    private sealed class Item(string name, double x, int startFrame = 1, int lastFrame = 1) : IListedTrack
    {
        public string Name { get; } = name;
        public int Mark { get; set; }
        public BoundingBox Box { get; } = new(x, 0, 40, 100);
        public int LastFrame { get; } = lastFrame;
        public int StartFrame { get; } = startFrame;
        public bool IsTracked { get; set; } = true;
        public bool EverRemoved { get; set; }
        public override string ToString() => Name;
    }

    private static string Names(List<Item> list) => string.Join(",", list.Select(t => t.Name));

    [Fact]
    public void Join_appends_only_the_tracks_not_already_in_the_list_in_their_order()
    {
        Item a = new("a", 0), b = new("b", 100), c = new("c", 200), d = new("d", 300);
        var target = new List<Item> { a, b };

        new TrackLists<Item>().Join(target, [c, a, d, c]);

        Names(target).ShouldBe("a,b,c,d");
    }

    [Fact]
    public void End_of_frame_keeps_tracked_then_activated_then_refound_and_moves_newly_lost_tracks()
    {
        Item a = new("a", 0) { IsTracked = false }, b = new("b", 100), c = new("c", 200), d = new("d", 300);
        var tracked = new List<Item> { a, b };
        var lost = new List<Item> { c };

        new TrackLists<Item>().EndFrame(tracked, lost, activated: [b, d], refound: [c], newlyLost: [a], removed: []);

        Names(tracked).ShouldBe("b,d,c");
        Names(lost).ShouldBe("a");
    }

    [Theory]
    [InlineData(1, 5, "t", "")] // tracked for 9 frames, the lost one for 4: the lost one goes
    [InlineData(6, 1, "", "l")] // tracked for 4 frames, the lost one for 8: the tracked one goes
    [InlineData(5, 4, "", "l")] // both for 5 frames: the tracked one goes, as in the reference
    public void Of_a_tracked_and_a_lost_track_that_overlap_almost_fully_the_older_stays(int trackedStart, int lostStart, string trackedLeft, string lostLeft)
    {
        var t = new Item("t", 100, trackedStart, lastFrame: 10);
        var l = new Item("l", 102, lostStart, lastFrame: 9); // IoU of the two boxes about 0.9
        var tracked = new List<Item> { t };
        var lost = new List<Item> { l };

        new TrackLists<Item>().EndFrame(tracked, lost, [], [], [], []);

        Names(tracked).ShouldBe(trackedLeft);
        Names(lost).ShouldBe(lostLeft);
    }

    [Fact]
    public void Boxes_overlapping_less_than_the_limit_are_both_kept()
    {
        var tracked = new List<Item> { new("t", 100, 1, 10) };
        var lost = new List<Item> { new("l", 110, 1, 9) }; // IoU about 0.6
        new TrackLists<Item>().EndFrame(tracked, lost, [], [], [], []);

        Names(tracked).ShouldBe("t");
        Names(lost).ShouldBe("l");
    }

    [Fact]
    public void A_lost_track_removed_this_frame_stays_in_the_lost_list_until_the_next_frame()
    {
        var x = new Item("x", 0) { IsTracked = false };
        var tracked = new List<Item>();
        var lost = new List<Item> { x };
        var lists = new TrackLists<Item>();

        lists.EndFrame(tracked, lost, [], [], [], removed: [x]);
        Names(lost).ShouldBe("x");
        x.EverRemoved.ShouldBeTrue();

        lists.EndFrame(tracked, lost, [], [], [], []);
        Names(lost).ShouldBe("");
    }
}
