using MotTracker.Engine.Analytics;
using MotTracker.Engine.Outputs;
using MotTracker.Tracking;
using MotTracker.Tracking.Trackers.ByteTrack;

namespace MotTracker.Engine.Tests;

/// <summary>
/// A live stream from a real server this test starts (ffmpeg serving vtest.avi as MPEG-TS over HTTP,
/// one client per server), killed mid-stream and started again: one run tracks on across the outage.
/// </summary>
public sealed class LiveStreamTests
{
    /// <summary>Always the same box: its one track must keep its id across the outage.</summary>
    private sealed class StandingPersonDetector : IDetector
    {
        public IReadOnlyList<Detection> Detect(BgrImage image) => [new(new BoundingBox(300, 200, 60, 150), 0.9)];

        public void Dispose() { }
    }


    [NeedsFfmpegFact]
    public void A_stream_whose_server_is_killed_and_restarted_is_tracked_on_in_the_same_run_with_frame_numbers_jumping_over_the_outage()
    {
        using var temp = new TempDirectory();
        // 150 frames (15 s at 10 fps) encoded once; each server copies them out at 5x speed.
        string clip = temp.File("clip.ts");
        Ffmpeg.VtestClip(clip, frames: 150);
        int port = Ffmpeg.FreePort();
        string url = $"http://127.0.0.1:{port}/";
        var warnings = new List<string>();
        var infos = new List<string>();
        var engine = new TrackingEngine(new EngineEnvironment
        {
            Detector = () => new StandingPersonDetector(),
            Warn = m => { lock (warnings) warnings.Add(m); },
            Info = m => { lock (infos) infos.Add(m); },
        });
        var entry = ByteTrackEntry.Entry;
        var request = new TrackRequest
        {
            Input = url,
            Live = true,
            // Long enough for the restarted ffmpeg to start listening on a loaded 2-core CI machine (a 1 s
            // timeout once ended the run before the new server was up); the run's last outage waits it out.
            ReconnectTimeout = TimeSpan.FromSeconds(6),
            // 900 frames at 30 fps = 300 frames (30 s) at the stream's 10 fps: longer than any outage here.
            TrackerSettings = new TrackerSettings().With(entry, new ByteTrackOptions { TrackBuffer = 900 }),
        };
        string result = temp.File("live.txt");
        using var firstFrames = new ManualResetEventSlim();
        using var framesAfterOutage = new ManualResetEventSlim();
        int resumedAt = 0;
        string? tailedMidRun = null;
        var server = Ffmpeg.Serve(clip, url, readRate: 5);
        try
        {
            using var job = engine.Prepare(request);
            job.IsLive.ShouldBeTrue();
            var options = new TrackRunOptions
            {
                Progress = p =>
                {
                    if (p.FramesDone == 20)
                    {
                        // Written in place and flushed each frame: a reader sees the rows so far.
                        using var tail = new FileStream(result, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                        tailedMidRun = new StreamReader(tail).ReadToEnd();
                        firstFrames.Set();
                    }
                    // Past the outage frame numbers run ahead of the frames done; 20 such frames are enough.
                    if (p.FrameNumber > p.FramesDone && resumedAt == 0) resumedAt = p.FramesDone;
                    if (resumedAt > 0 && p.FramesDone == resumedAt + 20) framesAfterOutage.Set();
                },
            };
            var outputs = new TrackOutputSettings { EventsPath = temp.File("events.jsonl") };
            var run = Task.Run(() => TrackRun.Execute(job, result, outputs, options));

            firstFrames.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue("the first 20 frames arrive");
            server.Dispose(); // mid-stream: the clip lasts 3 s at 5x speed
            server = Ffmpeg.Serve(clip, url, readRate: 5);
            framesAfterOutage.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue("frames arrive again from the restarted server");
            server.Dispose(); // for good: the run ends once the reconnect timeout has passed
            run.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue("the run ends by its reconnect timeout");
            var outcome = run.Result.Outcome;

            var rows = File.ReadAllLines(result).Select(l => l.Split(',')).Select(f => (Frame: int.Parse(f[0]), Id: int.Parse(f[1]))).ToList();
            tailedMidRun!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(20, "rows of frames 1..20 were on disk while the run went on");
            rows.Select(r => r.Id).Distinct().ShouldBe([1], "the one track keeps its id across the outage");
            var frames = rows.Select(r => r.Frame).ToList();
            frames.Take(20).ShouldBe(Enumerable.Range(1, 20));
            var jumps = frames.Zip(frames.Skip(1), (a, b) => b - a).Where(step => step != 1).ToList();
            jumps.Count.ShouldBe(1, "one outage, one jump");
            // The first reopen waits 0.5 s: at 10 fps the stream's clock moved on 5 frames at least.
            // (ffmpeg's short probe makes the reopen itself quick, so 5 is all the wait guarantees.)
            jumps[0].ShouldBeGreaterThanOrEqualTo(5);
            outcome.Frames.ShouldBe(frames.Count);
            outcome.Frames.ShouldBeGreaterThan(40);
            warnings.Count(w => w.Contains("stream lost after frame", StringComparison.Ordinal)).ShouldBe(2, string.Join("\n", warnings));
            warnings.Count(w => w.Contains("stream not back after", StringComparison.Ordinal)).ShouldBe(1, string.Join("\n", warnings));
            infos.Count(i => i.Contains("stream back after", StringComparison.Ordinal)).ShouldBe(1, string.Join("\n", infos));
            var events = File.ReadAllLines(temp.File("events.jsonl")).Select(CountEvent.Parse).ToList();
            events.Count(e => e.Type == CountEvent.TrackStarted).ShouldBe(1);
            events.ShouldNotContain(e => e.Type == CountEvent.TrackEnded);
        }
        finally
        {
            server.Dispose();
        }
    }

    /// <summary>
    /// Peak memory on endless input (a measurement, not a check): MOTTRACK_LIVE_FRAMES frames of a stream
    /// looped by the server without pacing, counted on a line and a zone with events, rotated results and a
    /// periodic summary; prints the process's peak RSS (VmHWM). Run it under /usr/bin/time -v for a second opinion.
    /// </summary>
    [RealData.MeasurementFact("MOTTRACK_LIVE_FRAMES")]
    public void Peak_memory_of_a_long_live_run()
    {
        int frames = int.Parse(Environment.GetEnvironmentVariable("MOTTRACK_LIVE_FRAMES")!, System.Globalization.CultureInfo.InvariantCulture);
        using var temp = new TempDirectory();
        string clip = temp.File("clip.ts");
        Ffmpeg.VtestClip(clip, frames: 300);
        string url = $"http://127.0.0.1:{Ffmpeg.FreePort()}/";
        var engine = new TrackingEngine(new EngineEnvironment { Detector = () => new WalkersDetector() });
        var server = Ffmpeg.Serve(clip, url);
        try
        {
            using var job = engine.Prepare(new TrackRequest { Input = url, Live = true, ReconnectTimeout = TimeSpan.Zero });
            var outputs = new TrackOutputSettings
            {
                CountLines = CountLine.ParseAll(["0,300,768,300,door"]),
                Zones = [CountZone.Parse("100,100,600,100,600,500,100,500,hall", 1)],
                EventsPath = temp.File("events.jsonl"),
                SummaryPath = temp.File("counts.json"),
                SummaryEvery = TimeSpan.FromSeconds(5),
            };
            var options = new TrackRunOptions { RotateFrames = 3600, Progress = p => { if (p.FramesDone == frames) server.Dispose(); } };
            var result = TrackRun.Execute(job, temp.File("live.txt"), outputs, options);
            string hwm = File.ReadAllLines("/proc/self/status").Single(l => l.StartsWith("VmHWM", StringComparison.Ordinal));
            string line = $"live run: {result.Outcome.Frames} frames, {result.Outcome.Tracks} tracks, {result.Outcome.ResultFiles} result files; {hwm}";
            Console.WriteLine(line);
            File.AppendAllText(Path.Combine(Path.GetTempPath(), "mottrack-live-memory.txt"), line + "\n");
        }
        finally
        {
            server.Dispose();
        }
    }

    /// <summary>People walking across the frame: a new one every 20 frames, each crossing in 100 frames, so tracks keep starting and ending.</summary>
    private sealed class WalkersDetector : IDetector
    {
        private int _frame;

        public IReadOnlyList<Detection> Detect(BgrImage image)
        {
            _frame++;
            var boxes = new List<Detection>();
            for (int born = _frame - _frame % 20; born > _frame - 100; born -= 20)
                boxes.Add(new Detection(new BoundingBox(20 + 7 * (_frame - born), 150 + born % 60, 50, 120), 0.9));
            return boxes;
        }

        public void Dispose() { }
    }
}
