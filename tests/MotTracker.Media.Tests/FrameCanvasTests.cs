using MotTracker.Core;

namespace MotTracker.Media.Tests;

public sealed class FrameCanvasTests
{
    private static readonly BgrColor Ink = new(10, 20, 30);

    [Fact]
    public void Box_outline_grows_inwards_by_its_thickness()
    {
        var image = new BgrImage(20, 20);

        using (var canvas = new FrameCanvas(image))
            canvas.Box(2, 3, 10, 8, Ink, thickness: 2);

        IsInk(image, 2, 3).ShouldBeTrue();   // top-left corner
        IsInk(image, 3, 4).ShouldBeTrue();   // second line of the thick edge
        IsInk(image, 4, 5).ShouldBeFalse();  // inside
        IsInk(image, 11, 10).ShouldBeTrue(); // bottom-right corner is x+w-1, y+h-1
        IsInk(image, 12, 10).ShouldBeFalse();
        IsInk(image, 11, 11).ShouldBeFalse();
        IsInk(image, 1, 3).ShouldBeFalse();
        CountInk(image).ShouldBe(10 * 8 - 6 * 4);
    }

    [Fact]
    public void Box_partly_outside_the_image_is_clipped_and_a_non_finite_box_is_skipped()
    {
        var image = new BgrImage(20, 20);

        using (var canvas = new FrameCanvas(image))
        {
            canvas.Box(-5, -5, 10, 10, Ink, thickness: 2);
            canvas.Box(100, 100, 10, 10, Ink, thickness: 2);
            canvas.Box(new BoundingBox(double.NaN, 0, 5, 5), Ink);
        }

        IsInk(image, 0, 4).ShouldBeTrue();  // bottom edge
        IsInk(image, 4, 0).ShouldBeTrue();  // right edge
        IsInk(image, 0, 0).ShouldBeFalse(); // inside
        CountInk(image).ShouldBe(5 * 5 - 3 * 3);
    }

    [Fact]
    public void A_tracker_box_is_rounded_to_whole_pixels()
    {
        var image = new BgrImage(20, 20);

        using (var canvas = new FrameCanvas(image))
            canvas.Box(new BoundingBox(2.4, 2.6, 5.2, 4.9), Ink, thickness: 1);

        // Left 2, top 3, right round(7.6) = 8 (exclusive), bottom round(7.5) = 8 (exclusive, to even).
        IsInk(image, 2, 3).ShouldBeTrue();
        IsInk(image, 7, 7).ShouldBeTrue();
        IsInk(image, 8, 7).ShouldBeFalse();
        CountInk(image).ShouldBe(6 * 5 - 4 * 3);
    }

    [Fact]
    public void Label_draws_text_on_its_background_just_above_the_point()
    {
        var image = new BgrImage(120, 60);
        var background = new BgrColor(200, 100, 0);

        using (var canvas = new FrameCanvas(image))
            canvas.Label(10, 40, 42, Ink, background);

        var (textWidth, textHeight) = FrameCanvas.MeasureText("42");
        textWidth.ShouldBeGreaterThan(5);
        // The background ends on the row above y = 40 and starts at x = 10.
        IsColour(image, 10, 39, background).ShouldBeTrue();
        IsColour(image, 9, 39, background).ShouldBeFalse();
        IsColour(image, 10, 40, background).ShouldBeFalse();
        // Text pixels exist, and nothing is drawn outside the label's rectangle.
        int ink = 0, outside = 0;
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
            {
                bool drawn = !IsColour(image, x, y, new BgrColor(0, 0, 0));
                bool inLabel = x >= 10 && x < 10 + textWidth + 2 * 4 && y < 40 && y >= 40 - textHeight - 2 * 4;
                if (drawn && !inLabel) outside++;
                if (inLabel && drawn && !IsColour(image, x, y, background)) ink++;
            }
        outside.ShouldBe(0);
        ink.ShouldBeGreaterThan(10);
    }

    [Fact]
    public void Label_without_room_above_goes_below_the_point()
    {
        var image = new BgrImage(80, 40);
        var background = new BgrColor(200, 100, 0);

        using (var canvas = new FrameCanvas(image))
            canvas.Label(0, 2, "id", Ink, background);

        IsColour(image, 0, 2, background).ShouldBeTrue();
        IsColour(image, 0, 1, background).ShouldBeFalse();
    }

    [Fact]
    public void Polyline_joins_its_points_and_closes_only_on_request()
    {
        var open = new BgrImage(20, 20);
        var closed = new BgrImage(20, 20);
        (double X, double Y)[] points = [(2, 2), (15, 2), (15, 15)];

        using (var canvas = new FrameCanvas(open))
            canvas.Polyline(points, Ink, thickness: 1);
        using (var canvas = new FrameCanvas(closed))
            canvas.Polyline(points, Ink, thickness: 1, closed: true);

        IsInk(open, 2, 2).ShouldBeTrue();
        IsInk(open, 15, 2).ShouldBeTrue();
        IsInk(open, 15, 15).ShouldBeTrue();
        CountInk(open).ShouldBe(14 + 13);   // two straight one-pixel lines sharing a corner
        IsInk(open, 8, 8).ShouldBeFalse();
        IsInk(closed, 8, 8).ShouldBeTrue(); // the closing diagonal
    }

    [Fact]
    public void Track_colours_are_stable_and_differ_between_neighbouring_ids()
    {
        BgrColor.ForId(7).ShouldBe(BgrColor.ForId(7));
        BgrColor.ForId(1).ShouldNotBe(BgrColor.ForId(2));
        BgrColor.ForId(0).ShouldBe(new BgrColor(36, 36, 242)); // hue 0: red with S=0.85, V=0.95
    }

    private static bool IsInk(BgrImage image, int x, int y) => IsColour(image, x, y, Ink);

    private static bool IsColour(BgrImage image, int x, int y, BgrColor colour)
    {
        int i = y * image.Stride + x * 3;
        return image.Pixels[i] == colour.B && image.Pixels[i + 1] == colour.G && image.Pixels[i + 2] == colour.R;
    }

    private static int CountInk(BgrImage image)
    {
        int count = 0;
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
                if (image.Pixels[y * image.Stride + x * 3] != 0)
                    count++;
        return count;
    }
}
