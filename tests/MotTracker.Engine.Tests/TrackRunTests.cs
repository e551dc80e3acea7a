using MotTracker.Core;
using MotTracker.Engine.Analytics;
using MotTracker.Engine.Outputs;
using MotTracker.Tracking;

namespace MotTracker.Engine.Tests;

public sealed class TrackRunTests
{
    [Fact]
    public void A_summary_that_cannot_be_written_leaves_no_result_either()
    {
        using var temp = new TempDirectory();
        string result = temp.File("r.txt"), summary = temp.File("counts.json");
        using var job = new TrackingEngine().Prepare(new TrackRequest { Input = TestData.Mot17Sequence("MOT17-09-FRCNN") });
        var outputs = new TrackOutputSettings { CountLines = CountLine.ParseAll(["0,500,1920,500"]), SummaryPath = summary };
        // Something takes the summary's name while the run goes on (here a folder).
        var options = new TrackRunOptions { Progress = p => { if (p.FramesDone == 10) Directory.CreateDirectory(summary); } };

        Should.Throw<IOException>(() => TrackRun.Execute(job, result, outputs, options)).Message.ShouldContain("counts.json");

        File.Exists(result).ShouldBeFalse("the result is committed only with every other output");
        Directory.GetFiles(temp.Path).ShouldBeEmpty("no temporary file is left");
    }

    [Fact]
    public void The_result_and_the_summary_appear_together()
    {
        using var temp = new TempDirectory();
        using var job = new TrackingEngine().Prepare(new TrackRequest { Input = TestData.Mot17Sequence("MOT17-09-FRCNN") });
        var outputs = new TrackOutputSettings { CountLines = CountLine.ParseAll(["0,500,1920,500"]), SummaryPath = temp.File("counts.json") };

        var run = TrackRun.Execute(job, temp.File("r.txt"), outputs);

        Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order().ShouldBe(["counts.json", "r.txt"]);
        run.Outcome.Frames.ShouldBe(525);
        CountSummary.Read(temp.File("counts.json")).Lines.Single().In.ShouldBe(run.Counter!.Lines[0].In);
    }

    [Fact]
    public void Cancelling_while_the_source_is_blocked_in_a_read_leaves_no_temporary_file()
    {
        using var temp = new TempDirectory();
        using var release = new ManualResetEventSlim();
        using var cancel = new CancellationTokenSource();
        var feed = new StallingFeed(framesBeforeStall: 3, release);
        var tracker = TrackerFactory.Create(TrackerFactory.DefaultName, new TrackerSettings());
        var job = new TrackJob("stream", null, null, 64, 48, 30, clip: false, feed, [], tracker, new OutputFilter(), pool: null, [], [], detectorForTiming: null)
        {
            Request = new TrackRequest { Input = "rtsp://camera/stream" },
        };
        var options = new TrackRunOptions { Progress = p => { if (p.FramesDone == 3) cancel.Cancel(); } };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            Should.Throw<OperationCanceledException>(() => TrackRun.Execute(job, temp.File("r.txt"), new TrackOutputSettings(), options, cancel.Token));
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20), "a blocked read must not hold the cancelled run");
            Directory.GetFileSystemEntries(temp.Path).ShouldBeEmpty("the temporary result is deleted although the read never returned");
        }
        finally
        {
            release.Set();
            job.Dispose();
        }
    }

    /// <summary>A live stream that delivers some frames, then blocks inside a read that ignores cancellation (as a stalled native decoder does).</summary>
    private sealed class StallingFeed(int framesBeforeStall, ManualResetEventSlim release) : FrameFeed
    {
        public override int? FrameCount => null;

        public override IEnumerable<FrameWork> Read(CancellationToken cancellationToken)
        {
            for (int f = 1; f <= framesBeforeStall; f++) yield return new FrameWork(f, null);
            release.Wait(CancellationToken.None);
        }
    }
}
