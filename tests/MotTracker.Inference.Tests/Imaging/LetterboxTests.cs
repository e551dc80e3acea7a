using MotTracker.Core;
using MotTracker.Inference.Imaging;

namespace MotTracker.Inference.Tests.Imaging;

public sealed class LetterboxTests
{
    [Fact]
    public void Scale_is_the_smaller_of_the_two_side_ratios()
    {
        var letterbox = new Letterbox(416, TensorColorMode.Bgr255);
        letterbox.ScaleFor(1920, 1080).ShouldBe(416.0 / 1920, 1e-12);
        letterbox.ScaleFor(640, 1280).ShouldBe(416.0 / 1280, 1e-12);
    }

    [Fact]
    public void Image_goes_to_the_top_left_and_the_rest_is_grey_114()
    {
        // 4x2 into 8x8: r = 2, image covers rows 0..3, columns 0..7.
        var image = TestImages.Uniform(4, 2, b: 10, g: 20, r: 30);
        var letterbox = new Letterbox(8, TensorColorMode.Bgr255);
        var tensor = new float[letterbox.TensorLength];

        double r = letterbox.Fill(image, tensor);

        r.ShouldBe(2.0);
        for (int y = 0; y < 8; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                bool inside = y < 4;
                tensor[y * 8 + x].ShouldBe(inside ? 10f : 114f, $"B at ({x},{y})");
                tensor[64 + y * 8 + x].ShouldBe(inside ? 20f : 114f, $"G at ({x},{y})");
                tensor[128 + y * 8 + x].ShouldBe(inside ? 30f : 114f, $"R at ({x},{y})");
            }
        }
    }

    [Fact]
    public void Rgb_mode_swaps_channels_and_scales_to_unit_range_including_the_padding()
    {
        var image = TestImages.Uniform(2, 4, b: 10, g: 20, r: 30);
        var letterbox = new Letterbox(8, TensorColorMode.RgbUnit);
        var tensor = new float[letterbox.TensorLength];

        letterbox.Fill(image, tensor);

        // Image covers columns 0..3; column 6 is padding.
        tensor[0].ShouldBe(30f / 255f, 1e-6);
        tensor[64].ShouldBe(20f / 255f, 1e-6);
        tensor[128].ShouldBe(10f / 255f, 1e-6);
        tensor[6].ShouldBe(114f / 255f, 1e-6);
        tensor[128 + 7 * 8 + 7].ShouldBe(114f / 255f, 1e-6);
    }

    [Fact]
    public void Resize_interpolates_between_pixel_centres()
    {
        // A 2x1 image, left 0 and right 100, doubled to 4x2: samples at source x = 0 (clamped), 0.25, 0.75, 1.
        var image = new BgrImage(2, 1);
        image.Pixels[3] = 100;
        var letterbox = new Letterbox(4, TensorColorMode.Bgr255);
        var tensor = new float[letterbox.TensorLength];

        letterbox.Fill(image, tensor);

        tensor.AsSpan(0, 4).ToArray().ShouldBe([0f, 25f, 75f, 100f]);
        tensor.AsSpan(4, 4).ToArray().ShouldBe([0f, 25f, 75f, 100f]);
        tensor.AsSpan(8, 4).ToArray().ShouldAllBe(v => v == 114f);
    }

    [Fact]
    public void An_image_of_the_tensor_size_is_copied_unchanged()
    {
        var image = new BgrImage(32, 32);
        for (int i = 0; i < image.Pixels.Length; i++)
            image.Pixels[i] = (byte)(i * 7 % 251);
        var letterbox = new Letterbox(32, TensorColorMode.Bgr255);
        var tensor = new float[letterbox.TensorLength];

        letterbox.Fill(image, tensor).ShouldBe(1.0);

        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++)
                for (int c = 0; c < 3; c++)
                    tensor[c * 1024 + y * 32 + x].ShouldBe(image.Pixels[(y * 32 + x) * 3 + c]);
    }

    [Fact]
    public void A_second_frame_of_another_size_uses_fresh_sampling_tables()
    {
        var letterbox = new Letterbox(8, TensorColorMode.Bgr255);
        var tensor = new float[letterbox.TensorLength];
        letterbox.Fill(TestImages.Uniform(16, 16, 1, 1, 1), tensor).ShouldBe(0.5);

        letterbox.Fill(TestImages.Uniform(4, 8, 200, 200, 200), tensor).ShouldBe(1.0);

        tensor[3].ShouldBe(200f);
        tensor[4].ShouldBe(114f);
    }

    [Fact]
    public void Too_small_a_destination_is_rejected()
    {
        var letterbox = new Letterbox(8, TensorColorMode.Bgr255);
        Should.Throw<ArgumentException>(() => letterbox.Fill(new BgrImage(4, 4), new float[100]))
            .Message.ShouldContain("192");
    }

    [Fact]
    public void A_wide_tensor_takes_the_scale_of_its_tighter_side_and_pads_the_right_columns()
    {
        // 4x4 into 8 wide x 2 high: r = min(2/4, 8/4) = 0.5, the image becomes 2x2 at the top-left.
        var image = TestImages.Uniform(4, 4, b: 10, g: 20, r: 30);
        var letterbox = new Letterbox(8, 2, TensorColorMode.Bgr255);
        var tensor = new float[letterbox.TensorLength];

        double r = letterbox.Fill(image, tensor);

        r.ShouldBe(0.5);
        letterbox.TensorLength.ShouldBe(3 * 8 * 2);
        for (int y = 0; y < 2; y++)
        {
            for (int x = 0; x < 8; x++)
            {
                bool inside = x < 2;
                tensor[y * 8 + x].ShouldBe(inside ? 10f : 114f, $"B at ({x},{y})");
                tensor[32 + y * 8 + x].ShouldBe(inside ? 30f : 114f, $"R at ({x},{y})");
            }
        }
    }
}
