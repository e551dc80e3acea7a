using MotTracker.Core;
using MotTracker.Tracking;
using MotTracker.Engine.Outputs;
using MotTracker.Media;

namespace MotTracker.Engine.Tests.Outputs;

public sealed class AnnotatedVideoTests
{
    private const byte Grey = 100;
    private const int TrackId = 7;

    /// <summary>Track 7, 30x60, moving 5 px right a frame: frame f spans x [35+5f, 65+5f), y [90, 150); its bottom centre is (50+5f, 150).</summary>
    private static TrackedObject Walker(int frame) => new(TrackId, new BoundingBox(35 + 5 * frame, 90, 30, 60), 0.9);

    private static BgrImage GreyFrame(int width = 200, int height = 200)
    {
        var image = new BgrImage(width, height);
        Array.Fill(image.Pixels, Grey);
        return image;
    }

    private static BgrColor At(BgrImage image, int x, int y)
    {
        int i = y * image.Stride + 3 * x;
        return new BgrColor(image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
    }

    private static readonly BgrColor Background = new(Grey, Grey, Grey);

    /// <summary>Draws frames 1..5 of the walker and returns the last drawn frame.</summary>
    private static BgrImage DrawWalk(int trail)
    {
        string dir = TestData.NewTempDirectory();
        using var video = new AnnotatedVideo(Path.Combine(dir, "walk.avi"), 200, 200, 10, new AnnotationStyle { Trail = trail });
        BgrImage last = GreyFrame();
        for (int f = 1; f <= 5; f++)
        {
            last = GreyFrame();
            video.Draw(last, f, [Walker(f)]);
        }
        return last;
    }

    [Fact]
    public void The_box_edge_has_the_ids_colour_exactly_where_the_track_is()
    {
        var image = DrawWalk(trail: 10);
        var color = BgrColor.ForId(TrackId);
        // Frame 5: the box spans x [60, 90), y [90, 150); a 2-pixel outline grows inwards.
        At(image, 60, 120).ShouldBe(color);
        At(image, 61, 120).ShouldBe(color);
        At(image, 89, 120).ShouldBe(color);
        At(image, 75, 149).ShouldBe(color);
        At(image, 62, 120).ShouldBe(Background);
        At(image, 59, 120).ShouldBe(Background);
        At(image, 91, 120).ShouldBe(Background);
    }

    [Fact]
    public void The_id_label_sits_on_the_ids_colour_just_above_the_box_with_text_pixels_in_it()
    {
        var image = DrawWalk(trail: 10);
        var color = BgrColor.ForId(TrackId);
        var (textWidth, textHeight) = FrameCanvas.MeasureText("7");
        At(image, 60, 89).ShouldBe(color);
        // Inside the label's rectangle some pixels are the text (neither the fill nor the frame).
        int text = 0;
        for (int y = 90 - textHeight; y < 90; y++)
            for (int x = 60; x < 62 + textWidth; x++)
            {
                var p = At(image, x, y);
                if (p != color && p != Background) text++;
            }
        text.ShouldBeGreaterThan(5);
        // Nothing drawn above the label.
        At(image, 62, 90 - textHeight - 12).ShouldBe(Background);
    }

    [Fact]
    public void A_trail_of_past_bottom_centres_is_drawn_fading_behind_the_track()
    {
        var image = DrawWalk(trail: 10);
        // Oldest segment (frame 1 at x 55 to frame 2 at x 60, y 150) at frame 5: age 3 of a 10-frame trail.
        double freshness = 1.0 - 3.0 / 11;
        var faded = AnnotatedVideo.Fade(BgrColor.ForId(TrackId), 0.35 + 0.65 * freshness);
        At(image, 57, 150).ShouldBe(faded);
        faded.ShouldNotBe(BgrColor.ForId(TrackId));
        // Nothing further back than where the track was first seen.
        At(image, 50, 150).ShouldBe(Background);
    }

    [Fact]
    public void Trail_zero_draws_no_trail()
    {
        var image = DrawWalk(trail: 0);
        At(image, 57, 150).ShouldBe(Background);
        At(image, 60, 120).ShouldBe(BgrColor.ForId(TrackId));
    }

    [Fact]
    public void The_frame_number_is_written_white_on_black_in_the_top_left_corner()
    {
        var image = DrawWalk(trail: 10);
        At(image, 5, 5).ShouldBe(BgrColor.Black);
        int white = 0;
        for (int y = 4; y < 24; y++)
            for (int x = 4; x < 80; x++)
                if (At(image, x, y) is { B: > 200, G: > 200, R: > 200 }) white++;
        white.ShouldBeGreaterThan(10);
    }

    [Theory]
    [InlineData("walk.mp4")]
    [InlineData("walk.avi")]
    public void The_written_video_decodes_back_with_every_frame_at_the_given_rate(string name)
    {
        string path = Path.Combine(TestData.NewTempDirectory(), name);
        using (var video = new AnnotatedVideo(path, 200, 200, 12.5))
        {
            for (int f = 1; f <= 9; f++)
                video.OnFrame(new FrameTracks(f, GreyFrame(), [Walker(f)], null));
            File.Exists(path).ShouldBeFalse("the video appears only when complete");
            video.Complete();
        }
        using var source = FrameSources.Open(path);
        source.Info.Width.ShouldBe(200);
        source.Info.Height.ShouldBe(200);
        source.Info.Fps.ShouldBe(12.5, 0.01);
        source.ReadFrames().Count().ShouldBe(9);
    }

    [Fact]
    public void A_video_abandoned_before_completion_leaves_no_file()
    {
        string dir = TestData.NewTempDirectory();
        string path = Path.Combine(dir, "gone.mp4");
        using (var video = new AnnotatedVideo(path, 200, 200, 10))
            video.OnFrame(new FrameTracks(1, GreyFrame(), [Walker(1)], null));
        Directory.EnumerateFileSystemEntries(dir).ShouldBeEmpty();
    }

    [Fact]
    public void A_video_in_parts_renames_each_part_into_place_when_complete_and_skips_parts_an_outage_jumped_over()
    {
        string dir = TestData.NewTempDirectory();
        string Part(int k) => Path.Combine(dir, $"live.{k:D6}.avi");
        var video = new AnnotatedVideo(Path.Combine(dir, "live.avi"), 200, 200, 10, rotateFrames: 10);
        try
        {
            // Frames 1..12, then an outage: the stream comes back at frame 31 (part 4; part 3 never had a frame).
            foreach (int f in Enumerable.Range(1, 12).Concat(Enumerable.Range(31, 5)))
            {
                video.OnFrame(new FrameTracks(f, GreyFrame(), [Walker(f)], null));
                if (f == 10) File.Exists(Part(1)).ShouldBeFalse("a part appears only when complete");
                if (f == 11) File.Exists(Part(1)).ShouldBeTrue("part 1 is complete once a frame of part 2 arrives");
            }
            video.FramesWritten.ShouldBe(17);
            video.Parts.ShouldBe(3);
            video.OutputPath.ShouldBe(Part(4));
        }
        finally
        {
            // Stopped without completing (a kill): the part in progress goes, the complete ones stay.
            video.Dispose();
        }

        Directory.GetFiles(dir).Order().ShouldBe([Part(1), Part(2)]);
        FrameCount(Part(1)).ShouldBe(10);
        FrameCount(Part(2)).ShouldBe(2);
    }

    private static int FrameCount(string path)
    {
        using var source = FrameSources.Open(path);
        return source.ReadFrames().Count();
    }
}
