using MotTracker.Engine.Analytics;

namespace MotTracker.Cli.Tests;

public sealed class CountCommandTests
{
    /// <summary>
    /// A results file: track 1 walks down across y = 120 into the square zone and out of its bottom;
    /// track 2 stands inside and disappears after frame 3; track 3 walks up across the line, around the zone.
    /// </summary>
    private static string WriteResults(string dir)
    {
        var rows = new List<string>();
        void Add(int frame, int id, double x, double bottom) =>
            rows.Add(FormattableString.Invariant($"{frame},{id},{x - 10},{bottom - 50},20,50,0.9,-1,-1,-1"));
        double[] walk = [90, 110, 130, 150, 170, 190, 210, 230];
        for (int f = 1; f <= walk.Length; f++) Add(f, 1, 150, walk[f - 1]);
        for (int f = 1; f <= 3; f++) Add(f, 2, 170, 160);
        for (int f = 1; f <= 4; f++) Add(f, 3, 50, 150 - 20 * f);
        string path = Path.Combine(dir, "walk.txt");
        File.WriteAllLines(path, rows);
        return path;
    }

    [Fact]
    public void Count_prints_line_and_zone_totals_and_writes_the_summary_and_events()
    {
        string dir = TestData.NewTempDirectory();
        WriteResults(dir);
        var result = CliRunner.Run(dir, "count", "walk.txt", "--count-line", "0,120,300,120,door", "--zone", "100,130,200,130,200,200,100,200,shop",
            "--fps", "10", "--lost-frames", "2", "--summary", "counts.json", "--events", "events.jsonl");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldBe(string.Join(Environment.NewLine,
            "walk.txt: line door: in 1, out 1",
            "walk.txt: zone shop: entries 2, exits 2, inside 0",
            $"walk.txt: counts -> {Path.Combine(dir, "counts.json")}", ""));
        var summary = CountSummary.Read(Path.Combine(dir, "counts.json"));
        summary.Zones[0].Visits.Select(v => (v.TrackId, v.EnterFrame, v.ExitFrame, v.Frames)).ShouldBe([(2, 1, (int?)4, 3), (1, 4, 7, 3)]);
        summary.Lines[0].Crossings.Select(c => (c.Frame, c.TrackId, c.Direction)).ShouldBe([(2, 3, CrossingDirection.Out), (3, 1, CrossingDirection.In)]);
        var events = File.ReadAllLines(Path.Combine(dir, "events.jsonl")).Select(CountEvent.Parse).ToList();
        events.Select(e => (e.Type, e.Frame, e.Id)).ShouldBe([
            ("track_started", 1, 1), ("track_started", 1, 2), ("track_started", 1, 3), ("zone_entered", 1, 2),
            ("line_crossed", 2, 3),
            ("line_crossed", 3, 1),
            ("zone_entered", 4, 1),
            ("zone_exited", 6, 2), ("track_ended", 6, 2),
            ("track_ended", 7, 3), ("zone_exited", 7, 1),
        ]);
        events.Single(e => e.Type == "zone_exited" && e.Id == 2).DwellFrames.ShouldBe(3);
        events.First(e => e.Type == "track_ended").LastFrame.ShouldBe(3);
    }

    [Fact]
    public void Count_without_a_line_or_zone_is_a_usage_error()
    {
        string dir = TestData.NewTempDirectory();
        WriteResults(dir);
        var result = CliRunner.Run(dir, "count", "walk.txt");
        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain("give at least one --count-line or --zone");
    }

    [Fact]
    public void A_bad_zone_is_a_usage_error_naming_the_flag()
    {
        string dir = TestData.NewTempDirectory();
        WriteResults(dir);
        var result = CliRunner.Run(dir, "count", "walk.txt", "--zone", "0,0,10,0");
        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain("--zone '0,0,10,0': expected x1,y1,x2,y2,x3,y3");
    }

    [Fact]
    public void A_malformed_results_file_is_refused_naming_its_line()
    {
        string dir = TestData.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "bad.txt"), "1,1,0,0,10,10,1,-1,-1,-1\n2,x,0,0,10,10,1,-1,-1,-1\n");
        var result = CliRunner.Run(dir, "count", "bad.txt", "--zone", "0,0,10,0,5,5", "--summary", "s.json");
        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain("bad.txt:2: field 'id'");
        File.Exists(Path.Combine(dir, "s.json")).ShouldBeFalse();
    }
}
