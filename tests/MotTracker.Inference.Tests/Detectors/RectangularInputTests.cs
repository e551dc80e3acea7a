using MotTracker.Core;
using MotTracker.Inference.Detectors;

namespace MotTracker.Inference.Tests.Detectors;

/// <summary>Exports whose input is not square (640x384) and exports whose input size is dynamic.</summary>
public sealed class RectangularInputTests
{
    private const int W = 640, H = 384, Grid = 80 * 48 + 40 * 24 + 20 * 12;

    [Fact]
    public void A_640x384_ultralytics_model_gets_a_640x384_tensor_and_boxes_map_back_through_the_common_scale()
    {
        const int classes = 1;
        var output = new float[(4 + classes) * Grid];
        // Anchor 7: centre (320, 180), 100 x 50 in tensor pixels, score 0.9.
        output[7] = 320; output[Grid + 7] = 180; output[2 * Grid + 7] = 100; output[3 * Grid + 7] = 50; output[4 * Grid + 7] = 0.9f;
        var model = FakeTensorModel.Returning([1, 3, H, W], output, [1, 4 + classes, Grid]);
        using var detector = DetectorFactory.Create(model);

        // 1280x720: r = min(384/720, 640/1280) = 0.5, the image fills 640x360 and rows 360..383 are padding.
        var d = detector.Detect(new BgrImage(1280, 720)).ShouldHaveSingleItem();

        var (data, shape) = model.Calls.ShouldHaveSingleItem();
        shape.ShouldBe([1L, 3, H, W]);
        data.Length.ShouldBe(3 * W * H);
        data[359 * W + 10].ShouldBe(0f);
        data[360 * W + 10].ShouldBe(114f / 255f, 1e-6);
        data[2 * W * H + 383 * W + 639].ShouldBe(114f / 255f, 1e-6);
        d.Box.ShouldBe(new BoundingBox(540, 310, 200, 100));
        d.Score.ShouldBe(0.9, 1e-6);
    }

    [Fact]
    public void A_640x384_yolox_model_walks_each_stride_grid_row_by_row_with_80_columns_at_stride_8()
    {
        const int width = 6; // 4 box fields, objectness, one class
        var output = new float[Grid * width];
        // Stride 16, cell (gx 5, gy 3): after the 80x48 stride-8 rows, row 3 of a 40-wide grid.
        int row = 80 * 48 + 3 * 40 + 5;
        float[] p = [0.5f, 0.5f, MathF.Log(4), MathF.Log(2), 0.9f, 1f];
        p.CopyTo(output, row * width);
        var model = FakeTensorModel.Returning([1, 3, H, W], output, [1, Grid, width]);
        using var detector = DetectorFactory.Create(model);

        var d = detector.Detect(new BgrImage(W, H)).ShouldHaveSingleItem();

        // Centre ((5 + 0.5)·16, (3 + 0.5)·16) = (88, 56), size 64 x 32; r = 1.
        d.Box.X.ShouldBe(56, 1e-4);
        d.Box.Y.ShouldBe(40, 1e-4);
        d.Box.Width.ShouldBe(64, 1e-4);
        d.Box.Height.ShouldBe(32, 1e-4);
        d.Score.ShouldBe(0.9, 1e-6);
    }

    [Fact]
    public void A_dynamic_model_runs_at_the_requested_width_and_height()
    {
        var model = new FakeTensorModel([1, 3, -1, -1], [1, 84, -1], (_, shape) =>
        {
            int anchors = (int)(shape[2] / 8 * (shape[3] / 8) + shape[2] / 16 * (shape[3] / 16) + shape[2] / 32 * (shape[3] / 32));
            return new TensorResult(new float[84 * anchors], [1, 84, anchors]);
        });
        using var detector = DetectorFactory.Create(model, new DetectorOptions { InputSize = new DetectorInputSize(320, 192), Format = DetectorFormat.Ultralytics });

        detector.Detect(new BgrImage(100, 60)).ShouldBeEmpty();

        model.Calls.ShouldHaveSingleItem().Shape.ShouldBe([1L, 3, 192, 320]);
    }
}
