using MotTracker.Engine.Outputs;
using MotTracker.Tracking;

namespace MotTracker.Engine.Tests;

/// <summary>MOTTRACK_FFMPEG is read by every stream the process opens: tests that point it at a stand-in run alone.</summary>
[CollectionDefinition(nameof(FfmpegProgramSwappedCollection), DisableParallelization = true)]
public sealed class FfmpegProgramSwappedCollection;

/// <summary>
/// A live run whose stream needed ffmpeg's default probe at the first open reopens it with that probe
/// straight away, not with the short probe first each time. The stand-in ffmpeg (MOTTRACK_FFMPEG) logs
/// each call and fails any short probe, else runs the real ffmpeg.
/// </summary>
[Collection(nameof(FfmpegProgramSwappedCollection))]
public sealed class LiveStreamProbeTests
{
    private sealed class NoDetections : IDetector
    {
        public IReadOnlyList<Detection> Detect(BgrImage image) => [];

        public void Dispose() { }
    }

    [NeedsFfmpegFact]
    public void Reopens_of_a_stream_that_needed_the_long_probe_go_straight_to_the_long_probe()
    {
        using var temp = new TempDirectory();
        string clip = Ffmpeg.VtestClip(temp.File("clip.ts"), frames: 20);
        string fake = Ffmpeg.StandIn(temp.Path, "case \" $* \" in *\" -analyzeduration \"*) echo 'could not find codec parameters' >&2; exit 1;; esac\nexec ffmpeg \"$@\"");
        string url = $"http://127.0.0.1:{Ffmpeg.FreePort()}/";
        var warnings = new List<string>();
        var engine = new TrackingEngine(new EngineEnvironment { Detector = () => new NoDetections(), Warn = m => { lock (warnings) warnings.Add(m); } });
        string? before = Environment.GetEnvironmentVariable("MOTTRACK_FFMPEG");
        var server = Ffmpeg.Serve(clip, url);
        try
        {
            Environment.SetEnvironmentVariable("MOTTRACK_FFMPEG", fake);
            // The server is killed for good after 10 frames: the reopen attempts (at 0.5 s, 1.5 s) all fail.
            using var job = engine.Prepare(new TrackRequest { Input = url, Live = true, ReconnectTimeout = TimeSpan.FromSeconds(2) });
            var options = new TrackRunOptions { Progress = p => { if (p.FramesDone == 10) server.Dispose(); } };
            var run = Task.Run(() => TrackRun.Execute(job, temp.File("live.txt"), new TrackOutputSettings(), options));
            run.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue("the run ends by its reconnect timeout");

            string[] calls = File.ReadAllLines(temp.File("calls.txt"));
            calls[0].ShouldContain("-analyzeduration 500000");
            calls.Skip(1).ShouldAllBe(c => !c.Contains("-analyzeduration"), "the fallback at the first open, then every reopen, use the default probe");
            calls.Length.ShouldBeGreaterThanOrEqualTo(3, "the first open twice, then at least one reopen attempt");
            run.Result.Outcome.Frames.ShouldBeGreaterThanOrEqualTo(10);
            warnings.Count(w => w.Contains("stream not back after", StringComparison.Ordinal)).ShouldBe(1, string.Join("\n", warnings));
        }
        finally
        {
            Environment.SetEnvironmentVariable("MOTTRACK_FFMPEG", before);
            server.Dispose();
        }
    }
}
