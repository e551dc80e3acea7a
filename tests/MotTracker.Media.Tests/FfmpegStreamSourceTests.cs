using System.Diagnostics;
using MotTracker.Media;

namespace MotTracker.Media.Tests;

/// <summary>
/// How a network stream is opened through the ffmpeg program: a short probe (0.5 s of media) first, so a
/// real-time stream's first frame is not held back by ffmpeg's default 5 s probe, and the default probe
/// when the short one yields no usable header. The fallback is driven by a stand-in ffmpeg (a shell
/// script that logs its arguments and fails any short probe, else runs the real ffmpeg): no real stream
/// fails a 0.5 s probe cheaply and reliably.
/// </summary>
public sealed class FfmpegStreamSourceTests
{
    private const string ShortProbe = "-analyzeduration 500000";

    [NeedsFfmpegFact]
    public void The_first_frame_of_a_real_time_stream_arrives_within_two_and_a_half_seconds_at_the_streams_frame_rate()
    {
        using var temp = new TempDirectory();
        string clip = Clip(temp, frames: 40);
        string url = $"http://127.0.0.1:{Ffmpeg.FreePort()}/";
        using var server = Ffmpeg.Serve(clip, url, readRate: 1);
        // Loading OpenCV's native library (once per process) is not the stream's delay.
        OpenCvRuntime.EnsureInitialized();

        var clock = Stopwatch.StartNew();
        using var source = new FfmpegStreamSource(url, new FrameSourceOptions { Live = true, OpenTimeout = TimeSpan.FromSeconds(10) });
        var first = source.ReadFrames().First();
        clock.Stop();

        // ffmpeg's default probe waits out 5 s of a real-time stream (5.3 s measured); the short one 0.5 s.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2.5));
        first.FrameNumber.ShouldBe(1);
        source.Info.Fps.ShouldBe(10);
        (source.Info.Width, source.Info.Height).ShouldBe((768, 576));
        source.NeededLongProbe.ShouldBeFalse();
    }

    [NeedsFfmpegFact]
    public void A_stream_whose_short_probe_yields_no_header_is_opened_again_at_once_with_ffmpegs_default_probe()
    {
        using var temp = new TempDirectory();
        string clip = Clip(temp, frames: 20);
        string url = $"http://127.0.0.1:{Ffmpeg.FreePort()}/";
        using var server = Ffmpeg.Serve(clip, url);
        string fake = FakeFfmpeg(temp, "case \" $* \" in *\" -analyzeduration \"*) echo 'could not find codec parameters' >&2; exit 1;; esac\nexec ffmpeg \"$@\"");

        using var source = new FfmpegStreamSource(url, new FrameSourceOptions { Live = true, OpenTimeout = TimeSpan.FromSeconds(10) }, fake);
        var numbers = source.ReadFrames().Take(5).Select(f => f.FrameNumber).ToList();

        string[] calls = File.ReadAllLines(temp.File("calls.txt"));
        calls.Length.ShouldBe(2);
        calls[0].ShouldContain(ShortProbe + " -i " + url);
        calls[1].ShouldNotContain("-analyzeduration");
        calls[1].ShouldContain("-i " + url);
        source.NeededLongProbe.ShouldBeTrue();
        (source.Info.Width, source.Info.Height, source.Info.Fps).ShouldBe((768, 576, 10.0));
        numbers.ShouldBe([1, 2, 3, 4, 5]);
    }

    [NeedsFfmpegFact]
    public void A_source_told_that_its_stream_needs_the_long_probe_runs_ffmpeg_once_without_the_short_probe()
    {
        using var temp = new TempDirectory();
        string clip = Clip(temp, frames: 20);
        string url = $"http://127.0.0.1:{Ffmpeg.FreePort()}/";
        using var server = Ffmpeg.Serve(clip, url);
        string fake = FakeFfmpeg(temp, "exec ffmpeg \"$@\"");

        using var source = new FfmpegStreamSource(url, new FrameSourceOptions { Live = true, LongStreamProbe = true, OpenTimeout = TimeSpan.FromSeconds(10) }, fake);

        string[] calls = File.ReadAllLines(temp.File("calls.txt"));
        calls.Length.ShouldBe(1);
        calls[0].ShouldNotContain("-analyzeduration");
        source.NeededLongProbe.ShouldBeTrue();
        source.Info.Fps.ShouldBe(10);
    }

    [Fact]
    public void A_stream_that_fails_both_probes_is_an_error_naming_the_url_with_the_long_probes_last_error_line()
    {
        using var temp = new TempDirectory();
        string fake = FakeFfmpeg(temp, "case \" $* \" in *\" -analyzeduration \"*) echo 'short probe: no codec parameters' >&2;; *) echo 'long probe: Connection refused' >&2;; esac\nexit 1");
        const string url = "http://127.0.0.1:9/camera";

        var error = Should.Throw<MotFormatException>(() => new FfmpegStreamSource(url, new FrameSourceOptions { OpenTimeout = TimeSpan.FromSeconds(10) }, fake));

        error.File.ShouldBe(url);
        error.Reason.ShouldBe("could not be opened as a video stream (ffmpeg: long probe: Connection refused)");
        File.ReadAllLines(temp.File("calls.txt")).Length.ShouldBe(2);
    }

    [Fact]
    public void A_short_probe_that_stalls_is_not_retried_with_the_long_probe()
    {
        using var temp = new TempDirectory();
        // Connected but silent: the default probe would only wait longer for data that is not coming.
        string fake = FakeFfmpeg(temp, "exec sleep 30");
        const string url = "http://127.0.0.1:9/silent";

        var clock = Stopwatch.StartNew();
        var error = Should.Throw<MotFormatException>(() => new FfmpegStreamSource(url, new FrameSourceOptions { OpenTimeout = TimeSpan.FromSeconds(0.5) }, fake));

        error.Reason.ShouldBe("could not be opened as a video stream (ffmpeg: no data for 0.5 s)");
        File.ReadAllLines(temp.File("calls.txt")).Length.ShouldBe(1);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    private static string Clip(TempDirectory temp, int frames) => Ffmpeg.VtestClip(temp.File("clip.ts"), frames);

    private static string FakeFfmpeg(TempDirectory temp, string body) => Ffmpeg.StandIn(temp.Path, body);
}
