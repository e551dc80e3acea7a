using MotTracker.Core;

namespace MotTracker.Media.Tests;

public sealed class DrawingTests
{
    private static readonly BgrColor Ink = new(10, 20, 30);

    [Fact]
    public void Rectangle_outline_grows_inwards_by_its_thickness()
    {
        var image = new BgrImage(20, 20);

        Drawing.Rectangle(image, 2, 3, 10, 8, Ink, thickness: 2);

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
    public void Rectangle_partly_outside_the_image_is_clipped()
    {
        var image = new BgrImage(20, 20);

        Drawing.Rectangle(image, -5, -5, 10, 10, Ink, thickness: 2);
        Drawing.Rectangle(image, 100, 100, 10, 10, Ink, thickness: 2);
        Drawing.Rectangle(image, new BoundingBox(double.NaN, 0, 5, 5), Ink);

        IsInk(image, 0, 4).ShouldBeTrue();  // bottom edge
        IsInk(image, 4, 0).ShouldBeTrue();  // right edge
        IsInk(image, 0, 0).ShouldBeFalse(); // inside
        CountInk(image).ShouldBe(5 * 5 - 3 * 3);
    }

    [Fact]
    public void Text_draws_the_glyph_bits_at_scale()
    {
        var image = new BgrImage(20, 20);

        Drawing.Text(image, 1, 1, "1", Ink, scale: 1);

        // Glyph '1': top row 00100, bottom row 01110.
        IsInk(image, 3, 1).ShouldBeTrue();
        IsInk(image, 1, 1).ShouldBeFalse();
        IsInk(image, 2, 7).ShouldBeTrue();
        IsInk(image, 3, 7).ShouldBeTrue();
        IsInk(image, 4, 7).ShouldBeTrue();
        IsInk(image, 5, 7).ShouldBeFalse();
        CountInk(image).ShouldBe(1 + 2 + 1 + 1 + 1 + 1 + 3);
        Drawing.MeasureText("12", 2).ShouldBe(22);
    }

    [Fact]
    public void Lower_case_draws_like_upper_case()
    {
        var lower = new BgrImage(40, 10);
        var upper = new BgrImage(40, 10);

        Drawing.Text(lower, 0, 0, "id", Ink, scale: 1);
        Drawing.Text(upper, 0, 0, "ID", Ink, scale: 1);

        lower.Pixels.ShouldBe(upper.Pixels);
        CountInk(upper).ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Drawing_a_numbered_label_allocates_nothing()
    {
        var image = new BgrImage(200, 100);
        Drawing.Label(image, 10, 50, 1234, BgrColor.White, BgrColor.ForId(1234)); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Drawing.Rectangle(image, 10, 50, 80, 40, BgrColor.ForId(i));
            Drawing.Label(image, 10, 50, i, BgrColor.White, BgrColor.ForId(i));
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.ShouldBe(0);
    }

    [Fact]
    public void Track_colours_are_stable_and_differ_between_neighbouring_ids()
    {
        BgrColor.ForId(7).ShouldBe(BgrColor.ForId(7));
        BgrColor.ForId(1).ShouldNotBe(BgrColor.ForId(2));
        BgrColor.ForId(0).ShouldBe(new BgrColor(36, 36, 242)); // hue 0: red with S=0.85, V=0.95
    }

    private static bool IsInk(BgrImage image, int x, int y)
    {
        int i = y * image.Stride + x * 3;
        return image.Pixels[i] == Ink.B && image.Pixels[i + 1] == Ink.G && image.Pixels[i + 2] == Ink.R;
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
