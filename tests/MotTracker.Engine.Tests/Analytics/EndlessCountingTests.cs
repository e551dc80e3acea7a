using MotTracker.Engine.Analytics;
using MotTracker.Tracking;

namespace MotTracker.Engine.Tests.Analytics;

/// <summary>Counting on endless input: counts and live state only; each crossing and stay goes out as an event.</summary>
public sealed class EndlessCountingTests
{
    private static TrackedObject At(int id, double x, double y) => new(id, new BoundingBox(x - 10, y - 50, 20, 50), 0.9, 0);

    [Fact]
    public void Without_history_the_counts_stay_and_the_crossings_and_finished_stays_go_out_only_as_events()
    {
        var settings = new CountingSettings
        {
            Lines = CountLine.ParseAll(["0,150,400,150,door"]),
            Zones = [CountZone.Parse("100,100,200,100,200,200,100,200,shop", 1)],
            LostFrames = 2,
            KeepHistory = false,
        };
        var text = new StringWriter();
        using var session = new CountingSession(settings, new CountEventWriter(text, ownsWriter: false));
        // Track 1 walks down through the line and the shop and out; track 2 walks in and stays.
        double[] ys = [80, 120, 160, 190, 230, 260];
        for (int f = 1; f <= ys.Length; f++) session.Update(f, [At(1, 150, ys[f - 1]), At(2, 150, Math.Min(60 + 30 * f, 180))]);

        var summary = session.Summary();
        summary.Lines.Single().In.ShouldBe(2);
        summary.Lines.Single().Crossings.ShouldBeEmpty();
        var shop = summary.Zones.Single();
        (shop.Entries, shop.Exits, shop.Occupancy).ShouldBe((2, 1, 1));
        shop.Visits.Select(v => (v.TrackId, v.ExitFrame)).ShouldBe([(2, (int?)null)], "only the stay in progress");
        var events = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(CountEvent.Parse).ToList();
        events.Count(e => e.Type == CountEvent.LineCrossed).ShouldBe(2);
        events.Single(e => e.Type == CountEvent.ZoneExited).Id.ShouldBe(1);
    }
}
