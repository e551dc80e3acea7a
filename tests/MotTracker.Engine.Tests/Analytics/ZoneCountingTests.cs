using MotTracker.Core.MotChallenge;
using MotTracker.Engine.Analytics;
using MotTracker.Tracking;

namespace MotTracker.Engine.Tests.Analytics;

public sealed class ZoneCountingTests
{
    // A 100x100 square; boxes are 20x50, so the margin is max(3 px, 5 % of 50) = 3 px.
    private static readonly CountZone Shop = CountZone.Parse("100,100,200,100,200,200,100,200,shop", 1);

    /// <summary>A 20x50 box whose bottom centre is (x, y).</summary>
    private static TrackedObject At(int id, double x, double y, int classId = 0) =>
        new(id, new BoundingBox(x - 10, y - 50, 20, 50), 0.9, classId);

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
    }

    /// <summary>Feeds frames 1, 2, ... and returns the session and every event line written.</summary>
    private static (CountingSession Session, string[] Events) Run(CountingSettings settings, params IReadOnlyList<TrackedObject>[] frames)
    {
        var text = new StringWriter();
        var session = new CountingSession(settings, new CountEventWriter(text, ownsWriter: false), new FixedClock());
        for (int f = 0; f < frames.Length; f++) session.Update(f + 1, frames[f]);
        return (session, text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Zone_text_parses_points_and_an_optional_name()
    {
        Shop.Name.ShouldBe("shop");
        Shop.Vertices.ShouldBe([new PixelPoint(100, 100), new PixelPoint(200, 100), new PixelPoint(200, 200), new PixelPoint(100, 200)]);
        CountZone.Parse("0,0,10,0,0,10", 3).Name.ShouldBe("zone3");
    }

    [Theory]
    [InlineData("0,0,10,0", "at least 3 points")]
    [InlineData("0,0,10,0,5,x", "y3 'x' is not a number")]
    [InlineData("0,0,10,0,20,0", "enclose no area")]
    [InlineData("0,0,10,0,5,5,", "name after the last point is empty")]
    public void A_bad_zone_is_refused_naming_the_flag_and_the_part(string text, string message)
    {
        var ex = Should.Throw<FormatException>(() => CountZone.Parse(text, 1));
        ex.Message.ShouldStartWith($"--zone '{text}'");
        ex.Message.ShouldContain(message);
    }

    [Fact]
    public void Two_zones_with_one_name_are_refused()
    {
        Should.Throw<FormatException>(() => CountZone.ParseAll(["0,0,10,0,5,5,a", "0,0,10,0,5,9,a"])).Message.ShouldContain("already named 'a'");
    }

    [Fact]
    public void Walking_through_a_zone_enters_once_and_exits_once_with_its_dwell()
    {
        var settings = new CountingSettings { Zones = [Shop], FrameRate = 10, LostFrames = 30 };
        var (session, _) = Run(settings, [.. new[] { 80.0, 95, 110, 150, 190, 199, 210, 230 }.Select(y => (IReadOnlyList<TrackedObject>)[At(1, 150, y)])]);
        var shop = session.Zones.Zones[0];
        (shop.Entries, shop.Exits, shop.Occupancy).ShouldBe((1, 1, 0));
        // In from frame 3 (10 px inside) to frame 7 (10 px outside); frame 6 is 1 px inside, in the band.
        shop.Visits.ShouldBe([new ZoneVisit(1, 0, 3, 7, 4, 0.4)]);
    }

    [Fact]
    public void A_box_jittering_on_the_edge_enters_and_exits_once()
    {
        var settings = new CountingSettings { Zones = [Shop], FrameRate = 10 };
        var ys = new[] { 97.0, 101, 99, 102.5, 98, 104, 99, 101, 97.5, 96, 99, 98 };
        var (session, _) = Run(settings, [.. ys.Select(y => (IReadOnlyList<TrackedObject>)[At(5, 150, y)])]);
        session.Zones.Zones[0].Visits.ShouldBe([new ZoneVisit(5, 0, 6, 10, 4, 0.4)]);
    }

    [Fact]
    public void Occupancy_and_classes_count_who_is_inside_now()
    {
        var settings = new CountingSettings { Zones = [Shop], FrameRate = 10 };
        var (session, _) = Run(settings,
            [At(1, 150, 150), At(2, 160, 150, classId: 2), At(3, 300, 150)],
            [At(1, 150, 150), At(2, 160, 150, classId: 2), At(3, 170, 150)],
            [At(1, 150, 250), At(2, 160, 150, classId: 2), At(3, 170, 150)]);
        var summary = session.Summary().Zones[0];
        (summary.Entries, summary.Exits, summary.Occupancy).ShouldBe((3, 1, 2));
        summary.Classes.Select(c => (c.ClassId, c.Entries, c.Exits, c.Occupancy)).ShouldBe([(0, 2, 1, 1), (2, 1, 0, 1)]);
        // The finished stay, then the open ones by entry frame with their dwell so far (to the last frame seen).
        summary.Visits.ShouldBe([new ZoneVisit(1, 0, 1, 3, 2, 0.2), new ZoneVisit(2, 2, 1, null, 3, 0.3), new ZoneVisit(3, 0, 2, null, 2, 0.2)]);
    }

    [Fact]
    public void Events_report_starts_crossings_entries_and_a_removal_inside_as_an_exit_then_the_end()
    {
        var door = new CountLine("door", new PixelPoint(0, 120), new PixelPoint(300, 120));
        var settings = new CountingSettings { Lines = [door], Zones = [Shop], FrameRate = 10, LostFrames = 2 };
        // Track 7 walks down into the shop across the door, then vanishes after frame 3; unseen for more
        // than 2 frames, it has ended at frame 6 and leaves the shop then (its stay lasting to frame 4).
        var (session, events) = Run(settings, [At(7, 150, 90)], [At(7, 150, 130)], [At(7, 150, 150)], [], [], []);
        events.ShouldBe([
            """{"type":"track_started","frame":1,"time":0,"wall":"2026-01-02T03:04:05.678Z","id":7,"classId":0,"class":"person","box":[140,40,20,50]}""",
            """{"type":"line_crossed","frame":2,"time":0.1,"wall":"2026-01-02T03:04:05.678Z","id":7,"classId":0,"class":"person","box":[140,80,20,50],"line":"door","direction":"in"}""",
            """{"type":"zone_entered","frame":2,"time":0.1,"wall":"2026-01-02T03:04:05.678Z","id":7,"classId":0,"class":"person","box":[140,80,20,50],"zone":"shop"}""",
            """{"type":"zone_exited","frame":6,"time":0.5,"wall":"2026-01-02T03:04:05.678Z","id":7,"classId":0,"class":"person","box":[140,100,20,50],"zone":"shop","dwellFrames":2,"dwellSeconds":0.2}""",
            """{"type":"track_ended","frame":6,"time":0.5,"wall":"2026-01-02T03:04:05.678Z","id":7,"classId":0,"class":"person","box":[140,100,20,50],"lastFrame":3}""",
        ]);
        session.LiveTracks.ShouldBe(0);
        CountEvent.Parse(events[3]).DwellFrames.ShouldBe(2);
    }

    [Fact]
    public void Offline_counting_of_a_results_file_gives_the_live_counts_and_feeds_frames_without_rows()
    {
        var door = new CountLine("door", new PixelPoint(0, 120), new PixelPoint(300, 120));
        var settings = new CountingSettings { Lines = [door], Zones = [Shop], FrameRate = 10, LostFrames = 2 };
        var live = Run(settings, [At(7, 150, 90)], [At(7, 150, 130)], [At(7, 150, 150)], [], [], [], [At(9, 150, 130)]);
        // The same tracks as a results file (single-class: class -1), rows out of order.
        var rows = new[] { (7, 9, 150.0, 130.0), (1, 7, 150, 90), (3, 7, 150, 150), (2, 7, 150, 130) }
            .Select(r => new MotRow(r.Item1, r.Item2, At(r.Item2, r.Item3, r.Item4).Box, 0.9, -1, -1)).ToList();
        var tracks = OfflineCounting.ToTracks(rows, MotFileKind.Results, out var frames);
        var text = new StringWriter();
        using var offline = new CountingSession(settings, new CountEventWriter(text, ownsWriter: false), TimeProviderFixed());
        OfflineCounting.Run(offline, tracks, frames);
        offline.Summary().ToJson().ShouldBe(live.Session.Summary().ToJson());
        text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe(live.Events);
        offline.Summary().Zones[0].Visits.Select(v => (v.TrackId, v.EnterFrame, v.ExitFrame)).ShouldBe([(7, 2, (int?)4), (9, 7, null)]);
    }

    [Fact]
    public void Ground_truth_rows_count_only_considered_pedestrians()
    {
        var rows = new List<MotRow>
        {
            new(1, 1, new BoundingBox(0, 0, 10, 10), 1, 1, 1),
            new(1, 2, new BoundingBox(0, 0, 10, 10), 0, 1, 1),  // not considered
            new(1, 3, new BoundingBox(0, 0, 10, 10), 1, 7, 1),  // static person
        };
        OfflineCounting.ToTracks(rows, MotFileKind.GroundTruth, out _).Select(t => (t.TrackId, t.ClassId)).ShouldBe([(1, 0)]);
    }

    [Fact]
    public void A_summary_with_zones_reads_back_as_written()
    {
        var settings = new CountingSettings { Zones = [Shop], FrameRate = 10 };
        var (session, _) = Run(settings, [At(1, 150, 150)], [At(1, 150, 250)]);
        var json = session.Summary().ToJson();
        CountSummary.Parse(json, "s.json").ToJson().ShouldBe(json);
    }

    private static TimeProvider TimeProviderFixed() => new FixedClock();
}
