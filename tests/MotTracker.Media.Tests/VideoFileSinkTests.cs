using MotTracker.Core;

namespace MotTracker.Media.Tests;

public sealed class VideoFileSinkTests
{
    [Theory]
    [InlineData("roundtrip.mp4", "mp4v")]
    [InlineData("roundtrip.avi", "MJPG")]
    public void Ten_frames_written_read_back_as_ten_frames_of_the_same_size_and_colour(string name, string codec)
    {
        using var temp = new TempDirectory();
        string output = temp.File(name);
        using (var sink = new VideoFileSink(output, 64, 48, 10))
        {
            sink.Codec.ShouldBe(codec);
            for (int i = 0; i < 10; i++)
                sink.Write(Solid(64, 48, new BgrColor((byte)(i * 25), 128, (byte)(250 - i * 25))));
            sink.Complete();
            sink.FramesWritten.ShouldBe(10);
        }

        using var source = new VideoCaptureSource(output);
        List<VideoFrame> frames = MediaTestData.WithinTimeout(() => source.ReadFrames().ToList());

        frames.Count.ShouldBe(10);
        frames.ShouldAllBe(f => f.Image.Width == 64 && f.Image.Height == 48);
        source.Info.Fps.ShouldBe(10.0);
        // Lossy, but flat colours survive within a few levels.
        byte[] last = frames[9].Image.Pixels;
        int centre = (24 * 64 + 32) * 3;
        ((int)last[centre]).ShouldBeInRange(225 - 8, 225 + 8);
        ((int)last[centre + 1]).ShouldBeInRange(128 - 8, 128 + 8);
        ((int)last[centre + 2]).ShouldBeInRange(25 - 8, 25 + 8);
        Directory.GetFiles(temp.Path).ShouldBe([output]);
    }

    [Fact]
    public void An_odd_frame_size_is_padded_to_even_keeping_every_pixel()
    {
        using var temp = new TempDirectory();
        string output = temp.File("odd.avi");
        using (var sink = new VideoFileSink(output, 33, 21, 25))
        {
            sink.Write(Solid(33, 21, BgrColor.White));
            sink.Complete();
        }

        using var source = new VideoCaptureSource(output);
        BgrImage frame = source.ReadFrames().Single().Image;

        (source.Info.Width, source.Info.Height).ShouldBe((34, 22));
        // The last real column stays white; the added one is black padding.
        ((int)frame.Pixels[(10 * 34 + 32) * 3]).ShouldBeGreaterThan(230);
        ((int)frame.Pixels[(10 * 34 + 33) * 3]).ShouldBeLessThan(60);
    }

    [Fact]
    public void An_existing_file_is_not_overwritten()
    {
        using var temp = new TempDirectory();
        string output = temp.File("keep.mp4");
        File.WriteAllText(output, "user data");

        Should.Throw<IOException>(() => new VideoFileSink(output, 16, 16, 10)).Message.ShouldContain("keep.mp4");

        File.ReadAllText(output).ShouldBe("user data");
    }

    [Fact]
    public void An_existing_file_is_replaced_only_when_overwriting_is_allowed()
    {
        using var temp = new TempDirectory();
        string output = temp.File("replace.avi");
        File.WriteAllText(output, "old");

        using (var sink = new VideoFileSink(output, 16, 16, 10, new VideoSinkOptions { Overwrite = true }))
        {
            sink.Write(new BgrImage(16, 16));
            sink.Complete();
        }

        using var source = new VideoCaptureSource(output);
        source.ReadFrames().Count().ShouldBe(1);
    }

    [Fact]
    public void Disposing_without_complete_leaves_no_file_behind()
    {
        using var temp = new TempDirectory();
        string output = temp.File("abandoned.mp4");

        using (var sink = new VideoFileSink(output, 16, 16, 10))
            sink.Write(new BgrImage(16, 16));

        Directory.GetFiles(temp.Path).ShouldBeEmpty();
    }

    [Fact]
    public void Completing_without_frames_is_an_error_and_leaves_no_file()
    {
        using var temp = new TempDirectory();
        string output = temp.File("nothing.mp4");
        using var sink = new VideoFileSink(output, 16, 16, 10);

        Should.Throw<IOException>(() => sink.Complete()).Message.ShouldContain("nothing.mp4");

        Directory.GetFiles(temp.Path).ShouldBeEmpty();
    }

    [Fact]
    public void An_unsupported_extension_is_refused_naming_the_file_and_the_choices()
    {
        using var temp = new TempDirectory();

        var error = Should.Throw<ArgumentException>(() => new VideoFileSink(temp.File("out.mkv"), 16, 16, 10));

        error.Message.ShouldContain("out.mkv");
        error.Message.ShouldContain(".mp4");
        error.Message.ShouldContain(".avi");
        Directory.GetFiles(temp.Path).ShouldBeEmpty();
    }

    [Fact]
    public void Frames_of_the_wrong_size_are_refused()
    {
        using var temp = new TempDirectory();
        using var sink = new VideoFileSink(temp.File("size.mp4"), 16, 16, 10);

        Should.Throw<ArgumentException>(() => sink.Write(new BgrImage(16, 8))).Message.ShouldContain("16x8");
    }

    private static BgrImage Solid(int width, int height, BgrColor color)
    {
        var image = new BgrImage(width, height);
        for (int i = 0; i < image.Pixels.Length; i += 3)
        {
            image.Pixels[i] = color.B;
            image.Pixels[i + 1] = color.G;
            image.Pixels[i + 2] = color.R;
        }
        return image;
    }
}
