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
        Should.Throw<InvalidOperationException>(() => DetectorFactory.DetectFormat(Model(64, [1, -1, -1])))
            .Message.ShouldContain("choose it explicitly");
    }

    [Fact]
    public void A_dynamic_input_size_comes_from_the_options()
    {
        var model = FakeTensorModel.Returning([1, 3, -1, -1], [], [1, 84, -1]);
        Should.Throw<InvalidOperationException>(() => DetectorFactory.Create(model)).Message.ShouldContain("an input size must be given");

        var detector = (UltralyticsDetector)DetectorFactory.Create(model, new DetectorOptions { InputSize = 320, Format = DetectorFormat.Ultralytics });
        detector.InputSize.ShouldBe(320);
    }

    [Fact]
    public void A_requested_input_size_must_agree_with_a_fixed_model()
    {
        Should.Throw<InvalidOperationException>(() => DetectorFactory.Create(Model(416, [1, 3549, 85]), new DetectorOptions { InputSize = 640 }))
            .Message.ShouldContain("fixed at 416");
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
