using MotTracker.Core;

namespace MotTracker.Media.Tests;

public sealed class FfmpegVideoSinkTests
{
    [Fact]
    public void Ten_frames_written_read_back_as_ten_frames_of_the_same_size_and_colour()
    {
        using var temp = new TempDirectory();
        string output = temp.File("roundtrip.mp4");
        using (var sink = new FfmpegVideoSink(output, 64, 48, 10))
        {
            for (int i = 0; i < 10; i++)
            {
                var image = new BgrImage(64, 48);
                Drawing.FillRectangle(image, 0, 0, 64, 48, new BgrColor((byte)(i * 25), 128, (byte)(250 - i * 25)));
                sink.Write(image);
            }
            sink.Complete();
            sink.FramesWritten.ShouldBe(10);
        }

        using var source = new FfmpegVideoSource(output);
        List<VideoFrame> frames = MediaTestData.WithinTimeout(() => source.ReadFrames().ToList());

        frames.Count.ShouldBe(10);
        frames.ShouldAllBe(f => f.Image.Width == 64 && f.Image.Height == 48);
        source.Info.Fps.ShouldBe(10.0);
        // Lossy (yuv420p) but flat colours survive within a few levels.
        byte[] last = frames[9].Image.Pixels;
        int centre = (24 * 64 + 32) * 3;
        ((int)last[centre]).ShouldBeInRange(225 - 8, 225 + 8);
        ((int)last[centre + 1]).ShouldBeInRange(128 - 8, 128 + 8);
        ((int)last[centre + 2]).ShouldBeInRange(25 - 8, 25 + 8);
        Directory.GetFiles(temp.Path).ShouldBe([output]);
    }

    [Fact]
    public void Odd_frame_size_is_padded_to_even_for_yuv420p()
    {
        using var temp = new TempDirectory();
        string output = temp.File("odd.mp4");
        using (var sink = new FfmpegVideoSink(output, 33, 21, 25))
        {
            sink.Write(new BgrImage(33, 21));
            sink.Complete();
        }

        using var source = new FfmpegVideoSource(output);

        (source.Info.Width, source.Info.Height).ShouldBe((34, 22));
    }

    [Fact]
    public void An_existing_file_is_not_overwritten()
    {
        using var temp = new TempDirectory();
        string output = temp.File("keep.mp4");
        File.WriteAllText(output, "user data");

        Should.Throw<IOException>(() => new FfmpegVideoSink(output, 16, 16, 10)).Message.ShouldContain("keep.mp4");

        File.ReadAllText(output).ShouldBe("user data");
    }

    [Fact]
    public void Disposing_without_complete_leaves_no_file_behind()
    {
        using var temp = new TempDirectory();
        string output = temp.File("abandoned.mp4");

        using (var sink = new FfmpegVideoSink(output, 16, 16, 10))
            sink.Write(new BgrImage(16, 16));

        Directory.GetFiles(temp.Path).ShouldBeEmpty();
    }

    [Fact]
    public void Failing_encoder_reports_ffmpegs_message_and_leaves_no_file()
    {
        using var temp = new TempDirectory();
        string output = temp.File("broken.mp4");
        var options = new VideoSinkOptions { Codec = "no_such_encoder" };

        var error = Should.Throw<IOException>(() => MediaTestData.WithinTimeout(() =>
        {
            using var sink = new FfmpegVideoSink(output, 16, 16, 10, options);
            for (int i = 0; i < 100; i++)
                sink.Write(new BgrImage(16, 16));
            sink.Complete();
            return 0;
        }));

        error.Message.ShouldContain("broken.mp4");
        error.Message.ShouldContain("no_such_encoder");
        Directory.GetFiles(temp.Path).ShouldBeEmpty();
    }

    [Fact]
    public void Frames_of_the_wrong_size_are_refused()
    {
        using var temp = new TempDirectory();
        using var sink = new FfmpegVideoSink(temp.File("size.mp4"), 16, 16, 10);

        Should.Throw<ArgumentException>(() => sink.Write(new BgrImage(16, 8))).Message.ShouldContain("16x8");
    }
}
