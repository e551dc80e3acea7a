using MotTracker.Engine.Analytics;
using MotTracker.Engine.Outputs;

namespace MotTracker.Engine.Tests.Outputs;

public sealed class SummaryEveryTests
{
    /// <summary>A clock that moves only when told (here: one second per frame).</summary>
    private sealed class SteppingClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan time) => Interlocked.Add(ref _ticks, time.Ticks);
    }

    [Fact]
    public void The_summary_is_rewritten_whole_while_the_run_goes_on_and_holds_the_final_counts_at_the_end()
    {
        using var temp = new TempDirectory();
        string summary = temp.File("counts.json");
        var clock = new SteppingClock();
        using var job = new TrackingEngine().Prepare(new TrackRequest { Input = TestData.Mot17Sequence("MOT17-09-FRCNN") });
        var outputs = new TrackOutputSettings
        {
            CountLines = CountLine.ParseAll(["0,500,1920,500"]),
            SummaryPath = summary,
            SummaryEvery = TimeSpan.FromSeconds(100),
            Clock = clock,
        };
        var seen = new List<(int Frame, int Crossings)>();
        var options = new TrackRunOptions
        {
            Progress = p =>
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                if (p.FramesDone % 50 == 0 && File.Exists(summary))
                {
                    var line = CountSummary.Read(summary).Lines.Single();
                    seen.Add((p.FramesDone, line.In + line.Out));
                }
            },
        };

        var run = TrackRun.Execute(job, temp.File("r.txt"), outputs, options);

        // Frame k is counted at k-1 s: rewrites after frames 101, 201, 301, 401 and 501.
        seen.Select(s => s.Frame).ShouldBe([150, 200, 250, 300, 350, 400, 450, 500]);
        seen.Select(s => s.Crossings).ShouldBeInOrder();
        var final = CountSummary.Read(summary).Lines.Single();
        (final.In, final.Out).ShouldBe((run.Counter!.Lines[0].In, run.Counter.Lines[0].Out));
        Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order().ShouldBe(["counts.json", "r.txt"]);
    }
}
