using MotTracker.Core;

namespace MotTracker.Media.Tests;

public sealed class VideoCaptureSourceTests
{
    [Fact]
    public void Vtest_reports_its_size_rate_and_795_frames_before_decoding()
    {
        using var source = new VideoCaptureSource(TestData.Vtest);

        source.Info.ShouldBe(new FrameSourceInfo(768, 576, 10.0, 795, "vtest"));
    }

    [Fact]
    public void Vtest_decodes_all_795_frames_numbered_from_1_without_warnings()
    {
        var warnings = new List<string>();
        using var source = new VideoCaptureSource(TestData.Vtest, new FrameSourceOptions { Warning = warnings.Add });

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
    public void Frames_are_decoded_into_the_pools_buffers_which_come_back_for_later_frames()
    {
        var pool = new FramePool();
        using var source = new VideoCaptureSource(TestData.Vtest, new FrameSourceOptions { Pool = pool });
        var buffers = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);

        foreach (VideoFrame frame in source.ReadFrames().Take(50))
        {
            buffers.Add(frame.Image.Pixels);
            pool.Return(frame.Image);
        }

        // Each frame handed back before the next is decoded: one buffer carries all 50.
        buffers.Count.ShouldBe(1);
    }

    [Fact]
    public void A_url_is_opened_without_a_file_check()
    {
        using var source = new VideoCaptureSource("file://" + TestData.Vtest);

        source.Info.Width.ShouldBe(768);
        source.Info.Name.ShouldBe("file://" + TestData.Vtest);
        source.ReadFrames().Take(2).Select(f => f.FrameNumber).ShouldBe([1, 2]);
    }

    [Fact]
    public void Reading_again_starts_over_at_frame_1_with_the_same_pixels()
    {
        using var source = new VideoCaptureSource(TestData.Vtest);

        VideoFrame[] first = source.ReadFrames().Take(3).ToArray();
        VideoFrame[] second = source.ReadFrames().Take(2).ToArray();

        first.Select(f => f.FrameNumber).ShouldBe([1, 2, 3]);
        second.Select(f => f.FrameNumber).ShouldBe([1, 2]);
        second[0].Image.Pixels.ShouldBe(first[0].Image.Pixels);
    }

    [Fact]
    public void A_short_written_video_reads_back_frame_by_frame()
    {
        using var temp = new TempDirectory();
        string video = temp.File("grey.avi");
        MediaTestData.WriteGreyVideo(video, frames: 12);
        using var source = new VideoCaptureSource(video);

        List<VideoFrame> frames = MediaTestData.WithinTimeout(() => source.ReadFrames().ToList());

        source.Info.ShouldBe(new FrameSourceInfo(64, 48, 10.0, 12, "grey"));
        frames.Count.ShouldBe(12);
        // Frame n is a flat grey of level 10 * (n - 1); MJPG moves it by a level or two at most.
        int centre = (24 * 64 + 32) * 3;
        frames.ShouldAllBe(f => Math.Abs(f.Image.Pixels[centre] - 10 * (f.FrameNumber - 1)) <= 3);
    }

    [Fact]
    public void Truncated_video_is_tracked_as_far_as_it_decodes_with_a_warning_naming_the_file()
    {
        using var temp = new TempDirectory();
        string truncated = temp.File("vtest-30pct.avi");
        byte[] bytes = File.ReadAllBytes(TestData.Vtest);
        File.WriteAllBytes(truncated, bytes.AsSpan(0, bytes.Length * 30 / 100).ToArray());
        var warnings = new List<string>();

        int count = MediaTestData.WithinTimeout(() =>
        {
            using var source = new VideoCaptureSource(truncated, new FrameSourceOptions { Warning = warnings.Add });
            source.Info.FrameCount.ShouldBe(795); // the AVI header still announces the whole video
            return source.ReadFrames().Count();
        });

        // The index at the end of the AVI is gone; only the frames whose data survived decode.
        count.ShouldBeInRange(200, 260);
        warnings.Count.ShouldBe(1);
        warnings[0].ShouldContain(truncated);
        warnings[0].ShouldContain("fewer frames than announced");
        warnings[0].ShouldContain($"after {count} of 795 frames");
    }

    [Fact]
    public void Text_file_is_an_error_naming_it()
    {
        using var temp = new TempDirectory();
        string notVideo = temp.File("notes.txt");
        File.WriteAllText(notVideo, "this is not a video\n");

        var error = Should.Throw<MotFormatException>(() => new VideoCaptureSource(notVideo));

        error.File.ShouldBe(notVideo);
        error.Message.ShouldStartWith(notVideo + ": not a readable video");
    }

    [Fact]
    public void Empty_file_is_an_error_naming_it()
    {
        using var temp = new TempDirectory();
        string empty = temp.File("empty.mp4");
        File.WriteAllBytes(empty, []);

        var error = Should.Throw<MotFormatException>(() => new VideoCaptureSource(empty));

        error.File.ShouldBe(empty);
        error.Message.ShouldContain("is empty");
    }

    [Fact]
    public void Audio_only_file_is_an_error_naming_it()
    {
        using var temp = new TempDirectory();
        string audio = temp.File("tone.wav");
        MediaTestData.WriteToneWav(audio);

        var error = Should.Throw<MotFormatException>(() => new VideoCaptureSource(audio));

        error.File.ShouldBe(audio);
        error.Message.ShouldContain("not a readable video");
    }

    [Fact]
    public void Missing_file_error_names_it()
    {
        var error = Should.Throw<FileNotFoundException>(() => new VideoCaptureSource("/nonexistent/clip.mp4"));

        error.Message.ShouldContain("/nonexistent/clip.mp4");
    }

    [Fact]
    public void Disposing_the_source_mid_stream_ends_the_loop()
    {
        var source = new VideoCaptureSource(TestData.Vtest);
        using IEnumerator<VideoFrame> frames = source.ReadFrames().GetEnumerator();
        for (int i = 0; i < 5; i++)
            frames.MoveNext().ShouldBeTrue();

        source.Dispose();

        MediaTestData.WithinTimeout(() => frames.MoveNext()).ShouldBeFalse();
        Should.Throw<ObjectDisposedException>(() => source.ReadFrames());
    }

    [Fact]
    public void Cancelling_stops_decoding_and_throws_operation_cancelled()
    {
        using var source = new VideoCaptureSource(TestData.Vtest);
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
    }
}
