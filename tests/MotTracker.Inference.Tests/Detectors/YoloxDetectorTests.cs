using MotTracker.Core;
using MotTracker.Inference.Detectors;
using MotTracker.Inference.Tests.Imaging;

namespace MotTracker.Inference.Tests.Detectors;

public sealed class YoloxDetectorTests
{
    // A 64x64 model: 8x8 cells at stride 8, 4x4 at 16, 2x2 at 32 = 84 rows of 5 + 3 classes.
    private const int Size = 64, Rows = 84, Classes = 3, Width = 5 + Classes;

    private static float[] EmptyOutput() => new float[Rows * Width];

    /// <summary>Writes a raw prediction into the row of cell (gx, gy) of the given stride.</summary>
    private static void SetRow(float[] output, int stride, int gx, int gy, float dx, float dy, float logW, float logH, float objectness, params float[] classProbs)
    {
        int row = stride switch { 8 => 0, 16 => 64, 32 => 80, _ => throw new ArgumentOutOfRangeException(nameof(stride)) };
        row += gy * (Size / stride) + gx;
        var p = output.AsSpan(row * Width, Width);
        p[0] = dx;
        p[1] = dy;
        p[2] = logW;
        p[3] = logH;
        p[4] = objectness;
        classProbs.CopyTo(p[5..]);
    }

    private static (YoloxDetector Detector, FakeTensorModel Model) Create(float[] output, DetectorOptions? options = null)
    {
        var model = FakeTensorModel.Returning([1, 3, Size, Size], output, [1, Rows, Width]);
        return (new YoloxDetector(model, options), model);
    }

    [Fact]
    public void A_grid_prediction_is_decoded_per_stride_and_mapped_back_by_the_letterbox_scale()
    {
        var output = EmptyOutput();
        // Stride 16, cell (1, 2): centre ((0.5+1)·16, (0.5+2)·16) = (24, 40), size (2·16, 3·16) = (32, 48).
        SetRow(output, 16, gx: 1, gy: 2, 0.5f, 0.5f, MathF.Log(2), MathF.Log(3), objectness: 0.9f, 0.8f, 0.1f, 0.1f);
        var (detector, _) = Create(output);

        // A 128x128 frame is letterboxed with r = 0.5, so tensor boxes double.
        var detections = detector.Detect(new BgrImage(128, 128));

        detections.Count.ShouldBe(1);
        var d = detections[0];
        d.ClassId.ShouldBe(0);
        d.Score.ShouldBe(0.72, 1e-6);
        d.Box.X.ShouldBe(16, 1e-4);
        d.Box.Y.ShouldBe(32, 1e-4);
        d.Box.Width.ShouldBe(64, 1e-4);
        d.Box.Height.ShouldBe(96, 1e-4);
    }

    [Fact]
    public void Rows_of_the_largest_stride_come_last()
    {
        var output = EmptyOutput();
        SetRow(output, 32, gx: 1, gy: 1, 0, 0, 0, 0, objectness: 1f, 0.9f, 0, 0);
        var (detector, _) = Create(output);

        var d = detector.Detect(new BgrImage(64, 64)).ShouldHaveSingleItem();

        // Cell (1,1) at stride 32: centre (32, 32), size 32x32.
        d.Box.ShouldBe(new BoundingBox(16, 16, 32, 32));
    }

    [Fact]
    public void Score_is_objectness_times_class_probability_and_must_exceed_the_threshold()
    {
        var output = EmptyOutput();
        SetRow(output, 8, 0, 0, 0.5f, 0.5f, 0, 0, objectness: 0.5f, 0.59f, 0, 0); // 0.295: dropped
        SetRow(output, 8, 4, 4, 0.5f, 0.5f, 0, 0, objectness: 0.5f, 0.62f, 0, 0); // 0.31: kept
        var (detector, _) = Create(output);

        var d = detector.Detect(new BgrImage(64, 64)).ShouldHaveSingleItem();

        d.Score.ShouldBe(0.31, 1e-6);
        d.Box.X.ShouldBe(32, 1e-4);
    }

    [Fact]
    public void Only_persons_are_returned_by_default_and_every_class_when_asked()
    {
        var output = EmptyOutput();
        SetRow(output, 8, 1, 1, 0.5f, 0.5f, 0, 0, 0.9f, 0.9f, 0.05f, 0.05f); // person
        SetRow(output, 8, 5, 5, 0.5f, 0.5f, 0, 0, 0.9f, 0.05f, 0.05f, 0.9f); // class 2

        var (personsOnly, _) = Create(output);
        personsOnly.Detect(new BgrImage(64, 64)).Select(d => d.ClassId).ShouldBe([0]);

        var (all, _) = Create(output, new DetectorOptions { Classes = null });
        all.Detect(new BgrImage(64, 64)).Select(d => d.ClassId).OrderBy(c => c).ShouldBe([0, 2]);

        var (carsOnly, _) = Create(output, new DetectorOptions { Classes = [2] });
        carsOnly.Detect(new BgrImage(64, 64)).Select(d => d.ClassId).ShouldBe([2]);
    }

    [Fact]
    public void Input_is_bgr_0_to_255_letterboxed_into_a_1x3xSxS_tensor()
    {
        var (detector, model) = Create(EmptyOutput());

        detector.Detect(TestImages.Uniform(64, 32, b: 10, g: 20, r: 30)).ShouldBeEmpty();

        var (data, shape) = model.Calls.ShouldHaveSingleItem();
        shape.ShouldBe([1L, 3, Size, Size]);
        data[0].ShouldBe(10f);
        data[Size * Size].ShouldBe(20f);
        data[2 * Size * Size].ShouldBe(30f);
        data[Size * Size - 1].ShouldBe(114f, "bottom rows are padding");
    }

    [Fact]
    public void Boxes_are_clipped_to_the_image()
    {
        var output = EmptyOutput();
        // Centre (4, 4), size 8·e² ≈ 59: reaches past the top-left corner.
        SetRow(output, 8, 0, 0, 0.5f, 0.5f, 2, 2, 1f, 1f, 0, 0);
        var (detector, _) = Create(output);

        var d = detector.Detect(new BgrImage(64, 64)).ShouldHaveSingleItem();

        d.Box.X.ShouldBe(0);
        d.Box.Y.ShouldBe(0);
        d.Box.Right.ShouldBe(4 + 4 * Math.Exp(2), 1e-3);
    }

    [Fact]
    public void An_output_of_the_wrong_shape_is_reported()
    {
        var model = FakeTensorModel.Returning([1, 3, Size, Size], new float[10], [1, 2, 5]);
        Should.Throw<InvalidModelException>(() => new YoloxDetector(model)).Message.ShouldContain("[1, 84, 5 + classes]");
    }

    [Fact]
    public void The_detector_disposes_its_model()
    {
        var (detector, model) = Create(EmptyOutput());
        detector.Dispose();
        model.Disposed.ShouldBeTrue();
    }
}
