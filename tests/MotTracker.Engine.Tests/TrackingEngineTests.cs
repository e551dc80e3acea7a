using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Tracking.Trackers.ByteTrack;

namespace MotTracker.Engine.Tests;

public sealed class TrackingEngineTests
{
    private static readonly string Mot17_09 = TestData.Mot17Sequence("MOT17-09-FRCNN");

    [Theory]
    [InlineData(true, null)]
    [InlineData(false, CameraMotionMode.Sparse)]
    [InlineData(false, CameraMotionMode.Ecc)]
    public void Options_that_need_pixels_on_a_sequence_whose_frames_run_out_name_the_first_missing_frame(bool reid, CameraMotionMode? cmc)
    {
        // The staged MOT17-09 holds frames 1-4 of 525.
        var request = new TrackRequest
        {
            Input = Mot17_09,
            Models = new ModelSettings { Reid = reid ? "osnet_x0_25_msmt17" : null },
            CameraMotion = cmc,
        };
        var error = Should.Throw<TrackRequestException>(() => new TrackingEngine().Prepare(request));

        error.Message.ShouldContain("frame 5 of 525 is missing");
        error.Message.ShouldContain(Path.Combine(Mot17_09, "img1", "000005.jpg"));
        error.Message.ShouldContain(reid ? "--reid" : "--cmc");
    }

    [Fact]
    public void An_output_drawn_on_the_frames_of_a_sequence_whose_frames_run_out_names_the_first_missing_frame()
    {
        var error = Should.Throw<TrackRequestException>(() => new TrackingEngine().Prepare(new TrackRequest { Input = Mot17_09, ReadFrames = true }));
        error.Message.ShouldContain("frame 5 of 525 is missing");
        error.Message.ShouldContain("--save-video");
    }

    [Fact]
    public void Without_pixel_needing_options_public_detections_read_no_frames()
    {
        using var job = new TrackingEngine().Prepare(new TrackRequest { Input = Mot17_09, CameraMotion = CameraMotionMode.None });
        job.ReadsFrames.ShouldBeFalse();
        job.UsesDetector.ShouldBeFalse();
        job.RunsModels.ShouldBeFalse();
        job.FrameCount.ShouldBe(525);
    }

    [Fact]
    public void Frames_that_run_out_during_a_run_are_an_error_naming_the_missing_frame_file()
    {
        var feed = FrameFeed.AllFramesOf(new GappySource(skip: 3, count: 6), 6, f => $"img1/{f:D6}.jpg");
        var pipeline = new TrackingPipeline(feed, [], new ByteTracker(), new MotTracker.Tracking.OutputFilter());

        var error = Should.Throw<TrackRequestException>(() => pipeline.Run([], new StageTimings()));
        error.Message.ShouldBe("frame 3 is missing: img1/000003.jpg does not exist (pixels are needed for every frame)");
    }

    [Fact]
    public void Public_detections_of_a_video_are_refused_naming_the_option()
    {
        using var temp = new TempDirectory();
        string video = temp.Write("clip.mp4", "not really a video");
        string det = temp.Write("det.txt", "1,-1,1,2,3,4,0.9\n");
        var error = Should.Throw<TrackRequestException>(() =>
            new TrackingEngine().Prepare(new TrackRequest { Input = video, Detections = det }));
        error.Setting.ShouldBe("detections");
        error.Message.ShouldContain("not a video");
    }

    [Fact]
    public void An_unknown_tracker_is_refused_naming_the_option()
    {
        var error = Should.Throw<TrackRequestException>(() =>
            new TrackingEngine().Prepare(new TrackRequest { Input = Mot17_09, Tracker = "sort-of" }));
        error.Setting.ShouldBe("tracker");
        error.Message.ShouldContain("bytetrack");
    }

    [Fact]
    public void A_cancelled_run_leaves_no_result_file_and_no_temporary_file()
    {
        using var temp = new TempDirectory();
        using var cancel = new CancellationTokenSource();
        using var job = new TrackingEngine().Prepare(new TrackRequest { Input = TestData.Mot17Sequence("MOT17-04-FRCNN") });
        var options = new TrackRunOptions { Progress = p => { if (p.FramesDone == 100) cancel.Cancel(); } };

        Should.Throw<OperationCanceledException>(() => job.Run(temp.File("r.txt"), options, cancel.Token));

        Directory.GetFileSystemEntries(temp.Path).ShouldBeEmpty();
    }

    [Fact]
    public void A_run_that_fails_midway_leaves_no_result_file_and_keeps_an_existing_one()
    {
        using var temp = new TempDirectory();
        string output = temp.Write("r.txt", "earlier results\n");
        using var job = new TrackingEngine().Prepare(new TrackRequest { Input = TestData.Mot17Sequence("MOT17-04-FRCNN") });
        var options = new TrackRunOptions { Observers = [new FailingObserver(atFrame: 50)] };

        Should.Throw<IOException>(() => job.Run(output, options)).Message.ShouldBe("disk full at frame 50");

        Directory.GetFileSystemEntries(temp.Path).ShouldBe([output]);
        File.ReadAllText(output).ShouldBe("earlier results\n");
    }

    [Fact]
    public void Results_are_streamed_while_the_run_goes_on()
    {
        using var temp = new TempDirectory();
        string output = temp.File("r.txt");
        long bytesSeenMidRun = -1;
        using var job = new TrackingEngine().Prepare(new TrackRequest { Input = TestData.Mot17Sequence("MOT17-04-FRCNN") });
        job.Run(output, new TrackRunOptions
        {
            Progress = p =>
            {
                // After 900 of 1050 frames, the temporary file beside the output already holds most rows.
                if (p.FramesDone == 900) bytesSeenMidRun = Directory.GetFiles(temp.Path, ".r.txt.*.tmp").Sum(f => new FileInfo(f).Length);
            },
        });

        bytesSeenMidRun.ShouldBeGreaterThan(new FileInfo(output).Length / 2);
        File.Exists(output).ShouldBeTrue();
        MotFileReader.Read(output, MotFileKind.Results).Count.ShouldBe(27874);
    }

    [Theory]
    [InlineData("rtsp://cam.example.org:554/live/entrance.sdp", "cam.example.org_entrance")]
    [InlineData("http://192.168.1.20/video", "192.168.1.20_video")]
    [InlineData("https://example.com/", "example.com")]
    [InlineData("http://example.com/..%2F..%2Fetc%2Fpasswd", "example.com_passwd")]
    [InlineData("udp://@:1234", "stream")]
    [InlineData("http://example.com/%2E%2E", "example.com")]
    [InlineData("http://example.com/a%5C..%5Cb.sdp", "example.com_a_.._b")]
    [InlineData("rtsp://cam/live%0Aone%1B.sdp", "cam_live_one_")]
    public void A_stream_url_gets_a_file_name_safe_default_name(string url, string name)
    {
        InputNames.ForUrl(url).ShouldBe(name);
        PlainName.IsPlain(name).ShouldBeTrue();
    }

    private sealed class GappySource(int skip, int count) : IFrameSource
    {
        public FrameSourceInfo Info => new(8, 8, 30, count, "gappy");

        public IEnumerable<VideoFrame> ReadFrames(CancellationToken cancellationToken = default)
        {
            for (int f = 1; f <= count; f++)
                if (f != skip) yield return new VideoFrame(f, new BgrImage(8, 8));
        }

        public void Dispose() { }
    }

    private sealed class FailingObserver(int atFrame) : IFrameObserver
    {
        public bool NeedsPixels => false;

        public void OnFrame(in FrameTracks frame)
        {
            if (frame.FrameNumber == atFrame) throw new IOException($"disk full at frame {atFrame}");
        }
    }
}

public sealed class ModelThreadTests
{
    [Fact]
    public void Detector_and_reid_running_together_each_get_half_the_cores()
    {
        TrackingEngine.ThreadsFor(new ModelSettings(), bothModelsRun: true).ShouldBe(Math.Max(1, Environment.ProcessorCount / 2));
    }

    [Fact]
    public void A_model_running_alone_lets_the_runtime_use_every_core()
    {
        TrackingEngine.ThreadsFor(new ModelSettings(), bothModelsRun: false).ShouldBe(0);
    }

    [Fact]
    public void Explicit_threads_are_used_as_given_whatever_else_runs()
    {
        TrackingEngine.ThreadsFor(new ModelSettings { Threads = 3 }, bothModelsRun: true).ShouldBe(3);
        TrackingEngine.ThreadsFor(new ModelSettings { Threads = 3 }, bothModelsRun: false).ShouldBe(3);
    }
}
