using MotTracker.Core;

namespace MotTracker.Media.Tests;

public sealed class FfmpegVideoSourceTests
{
    [Fact]
    public void Vtest_probe_reports_size_rate_and_frame_count()
    {
        using var source = new FfmpegVideoSource(TestData.Vtest);

        source.Info.ShouldBe(new FrameSourceInfo(768, 576, 10.0, 795, "vtest"));
    }

    [Fact]
    public void Vtest_decodes_all_795_frames_numbered_from_1_without_warnings()
    {
        var warnings = new List<string>();
        using var source = new FfmpegVideoSource(TestData.Vtest, new FrameSourceOptions { Warning = warnings.Add });

        var (count, lastNumber, firstSum, firstSize) = MediaTestData.WithinTimeout(() =>
        {
            int n = 0, last = 0;
            long sum = 0;
            (int, int) size = default;
            foreach (VideoFrame frame in source.ReadFrames())
            {
                n++;
                frame.FrameNumber.ShouldBe(n);
                last = frame.FrameNumber;
                if (n == 1)
                {
                    size = (frame.Image.Width, frame.Image.Height);
                    foreach (byte b in frame.Image.Pixels)
                        sum += b;
                }
            }
            return (n, last, sum, size);
        });

        count.ShouldBe(795);
        lastNumber.ShouldBe(795);
        firstSize.ShouldBe((768, 576));
        // A grey street scene: mean intensity well away from black and white.
        double mean = firstSum / (768.0 * 576 * 3);
        mean.ShouldBeInRange(40, 220);
        warnings.ShouldBeEmpty();
    }

    [Fact]
    public void A_url_is_handed_to_ffmpeg_without_a_file_check()
    {
        using var source = new FfmpegVideoSource("file://" + TestData.Vtest);

        source.Info.Width.ShouldBe(768);
        source.ReadFrames().Take(2).Select(f => f.FrameNumber).ShouldBe([1, 2]);
    }

    [Fact]
    public void Explicit_path_beats_the_environment_variable_which_beats_the_default()
    {
        // Set to the real ffmpeg so tests running in parallel are unaffected.
        string real = MediaTestData.FindOnPath("ffmpeg");
        string? previous = Environment.GetEnvironmentVariable("MOTTRACK_FFMPEG");
        try
        {
            Environment.SetEnvironmentVariable("MOTTRACK_FFMPEG", real);
            FfmpegTools.ResolveFfmpeg(null).ShouldBe(real);
            FfmpegTools.ResolveFfmpeg("/opt/ff/ffmpeg").ShouldBe("/opt/ff/ffmpeg");
            Environment.SetEnvironmentVariable("MOTTRACK_FFMPEG", null);
            FfmpegTools.ResolveFfmpeg(null).ShouldBe("ffmpeg");
        }
        finally
        {
            Environment.SetEnvironmentVariable("MOTTRACK_FFMPEG", previous);
        }
    }

    [Fact]
    public void Reading_again_starts_over_at_frame_1()
    {
        using var source = new FfmpegVideoSource(TestData.Vtest);

        int[] first = source.ReadFrames().Take(3).Select(f => f.FrameNumber).ToArray();
        int[] second = source.ReadFrames().Take(2).Select(f => f.FrameNumber).ToArray();

        first.ShouldBe([1, 2, 3]);
        second.ShouldBe([1, 2]);
    }

    [Fact]
    public void Truncated_video_ends_cleanly_with_a_warning_about_missing_frames()
    {
        using var temp = new TempDirectory();
        string truncated = temp.File("vtest-30pct.avi");
        byte[] bytes = File.ReadAllBytes(TestData.Vtest);
        File.WriteAllBytes(truncated, bytes.AsSpan(0, bytes.Length * 30 / 100).ToArray());
        var warnings = new List<string>();

        int count = MediaTestData.WithinTimeout(() =>
        {
            using var source = new FfmpegVideoSource(truncated, new FrameSourceOptions { Warning = warnings.Add });
            return source.ReadFrames().Count();
        });

        // The index at the end of the AVI is gone, so ffprobe still says 795 (from the header) but only
        // the frames whose data survived decode: 239 with Debian's ffmpeg 5.1.
        count.ShouldBeInRange(200, 260);
        warnings.ShouldContain(w => w.Contains("795 were announced") && w.Contains("vtest-30pct.avi"));
    }

    [Fact]
    public void Text_file_gives_an_error_naming_it()
    {
        using var temp = new TempDirectory();
        string notVideo = temp.File("notes.txt");
        File.WriteAllText(notVideo, "this is not a video\n");

        var error = Should.Throw<MotFormatException>(() => new FfmpegVideoSource(notVideo));

        error.File.ShouldBe(notVideo);
        error.Message.ShouldContain("notes.txt");
        error.Message.ShouldContain("Invalid data found when processing input");
    }

    [Fact]
    public void Missing_file_error_names_it()
    {
        var error = Should.Throw<FileNotFoundException>(() => new FfmpegVideoSource("/nonexistent/clip.mp4"));

        error.Message.ShouldContain("/nonexistent/clip.mp4");
    }

    [Fact]
    public void Missing_ffprobe_error_says_how_to_install_ffmpeg()
    {
        var options = new FrameSourceOptions { FfprobePath = "/nonexistent/bin/ffprobe" };

        var error = Should.Throw<FfmpegNotFoundException>(() => new FfmpegVideoSource(TestData.Vtest, options));

        error.Tool.ShouldBe("ffprobe");
        error.Message.ShouldContain("/nonexistent/bin/ffprobe");
        error.Message.ShouldContain("apt-get install ffmpeg");
        error.Message.ShouldContain("MOTTRACK_FFPROBE");
    }

    [Fact]
    public void Missing_ffmpeg_error_says_how_to_install_it_when_reading_starts()
    {
        var options = new FrameSourceOptions { FfmpegPath = "/nonexistent/bin/ffmpeg" };
        using var source = new FfmpegVideoSource(TestData.Vtest, options);

        var error = Should.Throw<FfmpegNotFoundException>(() => source.ReadFrames().First());

        error.Tool.ShouldBe("ffmpeg");
        error.Message.ShouldContain("apt-get install ffmpeg");
        error.Message.ShouldContain("MOTTRACK_FFMPEG");
    }

    [Fact]
    public void Disposing_the_source_mid_stream_stops_ffmpeg_and_ends_the_loop()
    {
        var source = new FfmpegVideoSource(TestData.Vtest);
        using IEnumerator<VideoFrame> frames = source.ReadFrames().GetEnumerator();
        for (int i = 0; i < 5; i++)
            frames.MoveNext().ShouldBeTrue();
        int pid = source.LastDecoderProcessId!.Value;
        MediaTestData.ProcessIsGone(pid).ShouldBeFalse();

        source.Dispose();

        MediaTestData.ProcessIsGone(pid).ShouldBeTrue();
        MediaTestData.WithinTimeout(() => frames.MoveNext()).ShouldBeFalse();
    }

    [Fact]
    public void Breaking_out_of_the_loop_stops_ffmpeg()
    {
        using var source = new FfmpegVideoSource(TestData.Vtest);

        foreach (VideoFrame frame in source.ReadFrames())
        {
            if (frame.FrameNumber == 3)
                break;
        }

        MediaTestData.ProcessIsGone(source.LastDecoderProcessId!.Value).ShouldBeTrue();
    }

    [Fact]
    public void Cancelling_stops_ffmpeg_and_throws_operation_cancelled()
    {
        using var source = new FfmpegVideoSource(TestData.Vtest);
        using var cancellation = new CancellationTokenSource();
        int seen = 0;

        Should.Throw<OperationCanceledException>(() => MediaTestData.WithinTimeout(() =>
        {
            foreach (VideoFrame frame in source.ReadFrames(cancellation.Token))
            {
                seen = frame.FrameNumber;
                if (seen == 4)
                    cancellation.Cancel();
            }
            return seen;
        }));

        seen.ShouldBe(4);
        MediaTestData.ProcessIsGone(source.LastDecoderProcessId!.Value).ShouldBeTrue();
    }
}
