using MotTracker.Core;
using MotTracker.Inference.Imaging;

namespace MotTracker.Inference.Tests.Imaging;

public sealed class CropNormalizerTests
{
    private static float Expected(byte value, int channel) =>
        (value / 255f - CropNormalizer.ImageNetMean[channel]) / CropNormalizer.ImageNetStd[channel];

    [Fact]
    public void A_crop_is_rgb_planes_normalised_by_imagenet_mean_and_std()
    {
        var image = TestImages.Uniform(50, 60, b: 0, g: 128, r: 255);
        var crops = new CropNormalizer();
        var tensor = new float[crops.TensorLength];

        crops.Fill(image, new BoundingBox(5, 5, 20, 40), tensor);

        crops.TensorLength.ShouldBe(3 * 256 * 128);
        int plane = 256 * 128;
        tensor.AsSpan(0, plane).ToArray().ShouldAllBe(v => Math.Abs(v - Expected(255, 0)) < 1e-5);
        tensor.AsSpan(plane, plane).ToArray().ShouldAllBe(v => Math.Abs(v - Expected(128, 1)) < 1e-5);
        tensor.AsSpan(2 * plane, plane).ToArray().ShouldAllBe(v => Math.Abs(v - Expected(0, 2)) < 1e-5);
        Expected(255, 0).ShouldBe(2.2489083f, 1e-5);
    }

    [Fact]
    public void Only_the_pixels_inside_the_box_are_sampled()
    {
        // Black frame with a red block at x 40..50, y 60..80; the box is exactly the block.
        var image = TestImages.Uniform(100, 100, 0, 0, 0);
        TestImages.FillRect(image, 40, 60, 50, 80, b: 0, g: 0, r: 200);
        var crops = new CropNormalizer(width: 16, height: 32);
        var tensor = new float[crops.TensorLength];

        crops.Fill(image, new BoundingBox(40, 60, 10, 20), tensor);

        tensor.AsSpan(0, 512).ToArray().ShouldAllBe(v => Math.Abs(v - Expected(200, 0)) < 1e-5);
        tensor.AsSpan(512, 512).ToArray().ShouldAllBe(v => Math.Abs(v - Expected(0, 1)) < 1e-5);
    }

    [Fact]
    public void A_box_reaching_outside_the_image_is_clipped_to_it()
    {
        // Left half black, right half white; the box spans x -100..50, so only black pixels are inside.
        var image = TestImages.Uniform(100, 40, 0, 0, 0);
        TestImages.FillRect(image, 50, 0, 100, 40, 255, 255, 255);
        var crops = new CropNormalizer(width: 8, height: 16);
        var tensor = new float[crops.TensorLength];

        crops.Fill(image, new BoundingBox(-100, -20, 150, 100), tensor);

        tensor.ShouldAllBe(v => v < 0, "a white pixel would give a positive value");
    }

    [Fact]
    public void Fractional_boxes_cover_every_pixel_they_touch()
    {
        CropNormalizer.PixelRegion(new BoundingBox(10.4, 20.6, 5.2, 3.1), 100, 100).ShouldBe((10, 20, 16, 24));
        CropNormalizer.PixelRegion(new BoundingBox(95, 95, 30, 30), 100, 100).ShouldBe((95, 95, 100, 100));
        // Entirely outside or empty: still one pixel so the tracker gets a (meaningless but finite) feature.
        CropNormalizer.PixelRegion(new BoundingBox(150, 150, 10, 10), 100, 100).ShouldBe((99, 99, 100, 100));
        CropNormalizer.PixelRegion(new BoundingBox(10, 10, 0, 0), 100, 100).ShouldBe((10, 10, 11, 11));
    }

    [Fact]
    public void A_non_finite_box_is_rejected()
    {
        var crops = new CropNormalizer();
        Should.Throw<ArgumentException>(() => crops.Fill(new BgrImage(10, 10), new BoundingBox(double.NaN, 0, 5, 5), new float[crops.TensorLength]));
    }
}
