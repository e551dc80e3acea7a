using MotTracker.Inference.Detectors;
using MotTracker.Inference.Models;

namespace MotTracker.Inference.Tests.Detectors;

public sealed class DetectorFactoryTests
{
    private static FakeTensorModel Model(long size, long[] outputShape) =>
        FakeTensorModel.Returning([1, 3, size, size], [], outputShape);

    [Theory]
    [InlineData(416, 1, 3549, 85, DetectorFormat.Yolox)]
    [InlineData(640, 1, 84, 8400, DetectorFormat.Ultralytics)]
    [InlineData(320, 1, 84, 2100, DetectorFormat.Ultralytics)]
    [InlineData(640, 1, 8400, 85, DetectorFormat.Yolox)]
    [InlineData(64, 1, 7, 84, DetectorFormat.Ultralytics)]
    public void The_format_follows_from_which_axis_holds_the_grid(long size, long a0, long a1, long a2, DetectorFormat expected)
    {
        DetectorFactory.DetectFormat(Model(size, [a0, a1, a2])).ShouldBe(expected);
    }

    [Fact]
    public void Auto_creates_the_matching_detector_and_an_explicit_format_overrides_it()
    {
        DetectorFactory.Create(Model(416, [1, 3549, 85])).ShouldBeOfType<YoloxDetector>();
        DetectorFactory.Create(Model(640, [1, 84, 8400])).ShouldBeOfType<UltralyticsDetector>();
        DetectorFactory.Create(Model(64, [1, 84, -1]), new DetectorOptions { Format = DetectorFormat.Yolox })
            .ShouldBeOfType<YoloxDetector>();
    }

    [Fact]
    public void An_unreadable_output_shape_asks_for_an_explicit_format()
    {
        Should.Throw<InvalidModelException>(() => DetectorFactory.DetectFormat(Model(64, [1, -1, -1])))
            .Message.ShouldContain("choose it explicitly");
    }

    [Fact]
    public void A_dynamic_input_size_comes_from_the_options_and_is_640_without_them()
    {
        var model = FakeTensorModel.Returning([1, 3, -1, -1], [], [1, 84, -1]);
        ((UltralyticsDetector)DetectorFactory.Create(model, new DetectorOptions { Format = DetectorFormat.Ultralytics }))
            .InputSize.ShouldBe(new DetectorInputSize(640, 640));

        var detector = (UltralyticsDetector)DetectorFactory.Create(model, new DetectorOptions { InputSize = new(320, 192), Format = DetectorFormat.Ultralytics });
        detector.InputSize.ShouldBe(new DetectorInputSize(320, 192));
    }

    [Fact]
    public void A_requested_input_size_must_agree_with_a_fixed_model()
    {
        Should.Throw<InvalidModelException>(() => DetectorFactory.Create(Model(416, [1, 3549, 85]), new DetectorOptions { InputSize = DetectorInputSize.Square(640) }))
            .Message.ShouldContain("fixed at 416x416");
    }

    [Fact]
    public void A_rectangular_model_reports_its_width_and_height_and_the_format_follows_from_its_grid()
    {
        // 640x384: (80·48) + (40·24) + (20·12) = 5040 grid cells.
        var model = FakeTensorModel.Returning([1, 3, 384, 640], [], [1, 84, 5040]);

        DetectorFactory.DetectFormat(model).ShouldBe(DetectorFormat.Ultralytics);
        ((UltralyticsDetector)DetectorFactory.Create(model)).InputSize.ShouldBe(new DetectorInputSize(640, 384));
    }

    [Fact]
    public void A_reid_shaped_model_is_not_a_detector_and_the_message_shows_its_output_shape()
    {
        var model = FakeTensorModel.Returning([-1, 3, 256, 128], [], [-1, 512]);

        var ex = Should.Throw<InvalidModelException>(() => DetectorFactory.Create(model));

        ex.Message.ShouldContain("output 'output' [N,512]");
        ex.Message.ShouldContain("looks like a ReID model");
        model.Disposed.ShouldBeTrue();
    }

    [Fact]
    public void A_model_that_no_detector_accepts_is_disposed_by_the_factory()
    {
        var model = FakeTensorModel.Returning([1, 3, 416, 416], [], [1, 3549, 85]);

        Should.Throw<InvalidModelException>(() => DetectorFactory.Create(model, new DetectorOptions { InputSize = DetectorInputSize.Square(320) }));

        model.Disposed.ShouldBeTrue();
    }

    [Theory]
    [InlineData("640", 640, 640)]
    [InlineData("640x384", 640, 384)]
    [InlineData("320X192", 320, 192)]
    public void Input_sizes_parse_as_N_or_WxH(string text, int width, int height)
    {
        DetectorInputSize.TryParse(text, out var size).ShouldBeTrue();
        size.ShouldBe(new DetectorInputSize(width, height));
    }

    [Theory]
    [InlineData("")]
    [InlineData("640x")]
    [InlineData("-640")]
    [InlineData("640x384x3")]
    [InlineData("abc")]
    public void Malformed_input_sizes_do_not_parse(string text)
    {
        DetectorInputSize.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void Out_of_range_thresholds_are_rejected()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => DetectorFactory.Create(Model(416, [1, 3549, 85]), new DetectorOptions { ScoreThreshold = 1.5 }));
        Should.Throw<ArgumentOutOfRangeException>(() => DetectorFactory.Create(Model(416, [1, 3549, 85]), new DetectorOptions { NmsIouThreshold = 0 }));
    }

    [Fact]
    public void Manifest_formats_map_to_detector_formats_and_osnet_is_not_one()
    {
        DetectorFactory.FormatFor(ModelFormat.Yolox).ShouldBe(DetectorFormat.Yolox);
        DetectorFactory.FormatFor(ModelFormat.Ultralytics).ShouldBe(DetectorFormat.Ultralytics);
        Should.Throw<ArgumentException>(() => DetectorFactory.FormatFor(ModelFormat.Osnet));
    }
}
