using MotTracker.Core;
using MotTracker.Inference.Reid;
using MotTracker.Inference.Tests.Detectors;
using MotTracker.Inference.Tests.Imaging;

namespace MotTracker.Inference.Tests.Reid;

public sealed class OsnetEmbedderTests
{
    private const int Slot = 3 * 256 * 128;

    /// <summary>A fake ReID model whose 4-d "feature" of each crop is (3, 4, 0, first R value of the crop).</summary>
    private static FakeTensorModel Model(long batchAxis) =>
        new([batchAxis, 3, 256, 128], [batchAxis, 4], (data, shape) =>
        {
            int batch = (int)shape[0];
            var output = new float[batch * 4];
            for (int i = 0; i < batch; i++)
            {
                output[i * 4] = 3;
                output[i * 4 + 1] = 4;
                output[i * 4 + 3] = data[i * Slot] > 0 ? 0 : 0.001f;
            }

            return new TensorResult(output, [batch, 4]);
        });

    private static BgrImage TwoColourImage()
    {
        // Left half red, right half blue.
        var image = TestImages.Uniform(200, 100, b: 0, g: 0, r: 255);
        TestImages.FillRect(image, 100, 0, 200, 100, b: 255, g: 0, r: 0);
        return image;
    }

    [Fact]
    public void No_boxes_gives_no_rows_and_no_model_run()
    {
        var model = Model(-1);
        using var embedder = new OsnetEmbedder(model);

        embedder.Embed(new BgrImage(10, 10), []).ShouldBeEmpty();

        model.Calls.ShouldBeEmpty();
    }

    [Fact]
    public void With_a_dynamic_batch_axis_all_crops_of_a_frame_go_through_one_run()
    {
        var model = Model(-1);
        using var embedder = new OsnetEmbedder(model);
        BoundingBox[] boxes = [new(10, 10, 20, 50), new(150, 10, 20, 50), new(20, 20, 30, 60)];

        var features = embedder.Embed(TwoColourImage(), boxes);

        var (data, shape) = model.Calls.ShouldHaveSingleItem();
        shape.ShouldBe([3L, 3, 256, 128]);
        // Slot order follows box order: red, blue, red crops in the R plane of each slot.
        data[0].ShouldBeGreaterThan(2f);
        data[Slot].ShouldBeLessThan(-2f);
        data[2 * Slot].ShouldBeGreaterThan(2f);
        embedder.IsBatched.ShouldBeTrue();
        embedder.Dimension.ShouldBe(4);
        features.Length.ShouldBe(3);
        features[0].ShouldBe([0.6f, 0.8f, 0f, 0f], tolerance: 1e-6f);
    }

    [Fact]
    public void Every_row_has_unit_length()
    {
        using var embedder = new OsnetEmbedder(Model(-1));

        var features = embedder.Embed(TwoColourImage(), [new(150, 10, 20, 50)]);

        // The blue crop's feature is (3, 4, 0, 0.001).
        double norm = Math.Sqrt(features[0].Sum(v => (double)v * v));
        norm.ShouldBe(1.0, 1e-6);
        features[0][3].ShouldBe(0.001f / MathF.Sqrt(25.000001f), 1e-7);
    }

    [Fact]
    public void A_fixed_batch_of_one_runs_once_per_crop()
    {
        var model = Model(1);
        using var embedder = new OsnetEmbedder(model);

        var features = embedder.Embed(TwoColourImage(), [new(10, 10, 20, 50), new(150, 10, 20, 50), new(20, 20, 30, 60)]);

        model.Calls.Count.ShouldBe(3);
        model.Calls.ShouldAllBe(c => c.Shape[0] == 1);
        features.Select(f => f[3] > 0).ShouldBe([false, true, false]);
    }

    [Fact]
    public void Large_frames_are_split_into_batches_of_at_most_max_batch()
    {
        var model = Model(-1);
        using var embedder = new OsnetEmbedder(model, new ReidOptions { MaxBatch = 2 });
        var boxes = Enumerable.Range(0, 5).Select(i => new BoundingBox(i * 30, 0, 20, 50)).ToArray();

        var features = embedder.Embed(TwoColourImage(), boxes);

        model.Calls.Select(c => c.Shape[0]).ShouldBe([2L, 2, 1]);
        // Boxes at x = 120 (index 4) lie in the blue half.
        features.Select(f => f[3] > 0).ShouldBe([false, false, false, false, true]);
    }

    [Fact]
    public void An_all_zero_feature_stays_zero_instead_of_becoming_nan()
    {
        OsnetEmbedder.Normalize([0f, 0f, 0f]).ShouldBe([0f, 0f, 0f]);
    }

    [Fact]
    public void A_model_without_fixed_crop_size_is_rejected()
    {
        var model = FakeTensorModel.Returning([-1, 3, -1, -1], [], [-1, 512]);
        Should.Throw<InvalidModelException>(() => new OsnetEmbedder(model)).Message.ShouldContain("fixed H and W");
    }

    [Fact]
    public void A_detector_given_as_reid_model_is_rejected_with_its_output_shape()
    {
        var model = FakeTensorModel.Returning([1, 3, 416, 416], [], [1, 3549, 85]);

        var ex = Should.Throw<InvalidModelException>(() => new OsnetEmbedder(model));

        ex.Message.ShouldContain("[1,3549,85]");
        ex.Message.ShouldContain("looks like a detector");
    }
}
