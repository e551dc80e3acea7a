using MotTracker.Core;

namespace MotTracker.Engine.Tests;

/// <summary>
/// A sequence whose img1/ holds every frame (a full MOTChallenge download) tracked from its public
/// detections with stages that need pixels. The staged MOT17 copies hold only their first frames, so
/// the fixture is MOT17-09 cut to those 4 frames (seqLength, det.txt and img1 agree).
/// </summary>
public sealed class PublicDetectionsWithFramesTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _sequence;

    public PublicDetectionsWithFramesTests()
    {
        string source = TestData.Mot17Sequence("MOT17-09-FRCNN");
        _sequence = _temp.Combine("MOT17-09-first4");
        Directory.CreateDirectory(Path.Combine(_sequence, "img1"));
        Directory.CreateDirectory(Path.Combine(_sequence, "det"));
        File.WriteAllText(Path.Combine(_sequence, "seqinfo.ini"),
            File.ReadAllText(Path.Combine(source, "seqinfo.ini")).Replace("seqLength=525", "seqLength=4", StringComparison.Ordinal));
        for (int f = 1; f <= 4; f++)
            File.Copy(Path.Combine(source, "img1", $"{f:D6}.jpg"), Path.Combine(_sequence, "img1", $"{f:D6}.jpg"));
        File.WriteAllLines(Path.Combine(_sequence, "det", "det.txt"),
            File.ReadLines(Path.Combine(source, "det", "det.txt")).Where(l => int.Parse(l.AsSpan(0, l.IndexOf(','))) <= 4));
    }

    public void Dispose() => _temp.Dispose();

    private sealed class Recorder : IFrameObserver
    {
        public readonly List<(int Frame, int Width, AffineWarp? Motion)> Frames = [];
        public bool NeedsPixels => true;

        public void OnFrame(in FrameTracks frame) => Frames.Add((frame.FrameNumber, frame.Image!.Width, frame.CameraMotion));
    }

    [Fact]
    public void With_every_frame_present_camera_motion_runs_and_bytetrack_gives_the_same_rows_as_without_frames()
    {
        string plain = _temp.File("plain.txt"), withFrames = _temp.File("frames.txt");
        using (var job = new TrackingEngine().Prepare(new TrackRequest { Input = _sequence }))
        {
            job.ReadsFrames.ShouldBeFalse();
            job.Run(plain);
        }
        var recorder = new Recorder();
        using (var job = new TrackingEngine().Prepare(new TrackRequest { Input = _sequence, CameraMotion = CameraMotionMode.Sparse, ReadFrames = true }))
        {
            job.ReadsFrames.ShouldBeTrue();
            job.CameraMotion.ShouldBe(CameraMotionMode.Sparse);
            var outcome = job.Run(withFrames, new TrackRunOptions { Observers = [recorder] });
            outcome.Timings.CameraMotionMs.ShouldBeGreaterThan(0);
        }

        File.ReadAllBytes(withFrames).ShouldBe(File.ReadAllBytes(plain));
        File.ReadAllLines(plain).Length.ShouldBeGreaterThan(10);
        recorder.Frames.Select(f => (f.Frame, f.Width)).ShouldBe([(1, 1920), (2, 1920), (3, 1920), (4, 1920)]);
        recorder.Frames.ShouldAllBe(f => f.Motion != null);
        // A hand-held street camera barely moves in 1/30 s: the warp stays close to the identity.
        recorder.Frames.ShouldAllBe(f => Math.Abs(f.Motion!.Value.M13) < 20 && Math.Abs(f.Motion.Value.M11 - 1) < 0.05);
    }

    [Fact]
    public void Reid_on_public_detections_embeds_the_crops_of_every_frame()
    {
        var request = new TrackRequest { Input = _sequence, Models = new ModelSettings { Reid = "osnet_x0_25_msmt17" } };
        var env = new EngineEnvironment { Variables = name => name == "MOTTRACK_MODELS" ? TestData.Models : Environment.GetEnvironmentVariable(name) };
        using var job = new TrackingEngine(env).Prepare(request);
        job.RunsReid.ShouldBeTrue();
        job.UsesDetector.ShouldBeFalse();
        var outcome = job.Run(_temp.File("reid.txt"));

        outcome.Frames.ShouldBe(4);
        long detections = File.ReadLines(Path.Combine(_sequence, "det", "det.txt")).Count();
        (outcome.Timings.CropsEmbedded + outcome.Timings.CropsSkipped).ShouldBe(detections);
        outcome.Timings.CropsEmbedded.ShouldBeGreaterThan(0);
        File.ReadAllBytes(_temp.File("reid.txt")).ShouldBe(RunPlain(), "ByteTrack ignores appearance");
    }

    private byte[] RunPlain()
    {
        string path = _temp.File("plain-for-reid.txt");
        using var job = new TrackingEngine().Prepare(new TrackRequest { Input = _sequence });
        job.Run(path);
        return File.ReadAllBytes(path);
    }
}
