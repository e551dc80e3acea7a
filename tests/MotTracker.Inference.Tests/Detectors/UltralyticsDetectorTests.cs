using MotTracker.Core;
using MotTracker.Inference.Detectors;
using MotTracker.Inference.Tests.Imaging;

namespace MotTracker.Inference.Tests.Detectors;

public sealed class UltralyticsDetectorTests
{
    // A 64x64 model with 84 anchors and 3 classes: output [1, 7, 84], fields along axis 1.
    private const int Size = 64, Anchors = 84, Classes = 3;

    private static void SetAnchor(float[] output, int anchor, float cx, float cy, float w, float h, params float[] scores)
    {
        output[anchor] = cx;
        output[Anchors + anchor] = cy;
        output[2 * Anchors + anchor] = w;
        output[3 * Anchors + anchor] = h;
        for (int c = 0; c < scores.Length; c++)
            output[(4 + c) * Anchors + anchor] = scores[c];
    }

    private static (UltralyticsDetector Detector, FakeTensorModel Model) Create(float[] output, DetectorOptions? options = null)
    {
        var model = FakeTensorModel.Returning([1, 3, Size, Size], output, [1, 4 + Classes, Anchors]);
        return (new UltralyticsDetector(model, options), model);
    }

    [Fact]
    public void Anchors_are_read_across_the_last_axis_and_scaled_back_to_the_image()
    {
        var output = new float[(4 + Classes) * Anchors];
        SetAnchor(output, 17, cx: 20, cy: 20, w: 10, h: 12, 0.7f, 0.1f, 0.2f);
        var (detector, _) = Create(output);

        // 256x128 frame: r = 0.25, so tensor pixels ×4.
        var d = detector.Detect(new BgrImage(256, 128)).ShouldHaveSingleItem();

        d.Score.ShouldBe(0.7, 1e-6);
        d.Box.ShouldBe(new BoundingBox(60, 56, 40, 48));
    }

    [Fact]
    public void The_best_class_decides_and_the_filter_applies_to_it()
    {
        var output = new float[(4 + Classes) * Anchors];
        // Person score above threshold but the box is more likely class 1: not a person.
        SetAnchor(output, 3, 20, 20, 8, 8, 0.5f, 0.8f, 0f);
        var (persons, _) = Create(output);
        persons.Detect(new BgrImage(64, 64)).ShouldBeEmpty();

        var (all, _) = Create(output, new DetectorOptions { Classes = null });
        var d = all.Detect(new BgrImage(64, 64)).ShouldHaveSingleItem();
        d.ClassId.ShouldBe(1);
        d.Score.ShouldBe(0.8, 1e-6);
    }

    [Fact]
    public void Overlapping_boxes_of_one_class_are_suppressed_but_not_across_classes()
    {
        var output = new float[(4 + Classes) * Anchors];
        SetAnchor(output, 0, 20, 20, 20, 20, 0.9f, 0, 0);
        SetAnchor(output, 1, 21, 20, 20, 20, 0.8f, 0, 0);  // IoU 0.905 with anchor 0: suppressed
        SetAnchor(output, 2, 34, 20, 20, 20, 0.7f, 0, 0);  // IoU 0.18 with anchor 0: kept
        SetAnchor(output, 3, 20, 21, 20, 20, 0, 0, 0.6f);  // same place, other class: kept
        var (detector, _) = Create(output, new DetectorOptions { Classes = null });

        var detections = detector.Detect(new BgrImage(64, 64));

        detections.Select(d => (d.ClassId, Math.Round(d.Score, 3))).ShouldBe([(0, 0.9), (0, 0.7), (2, 0.6)]);
    }

    [Fact]
    public void The_iou_threshold_is_exclusive_and_configurable()
    {
        var output = new float[(4 + Classes) * Anchors];
        SetAnchor(output, 0, 20, 20, 20, 20, 0.9f, 0, 0);
        SetAnchor(output, 1, 30, 20, 20, 20, 0.8f, 0, 0);  // overlap 10x20 = 200, union 600: IoU 1/3

        var (loose, _) = Create(output, new DetectorOptions { NmsIouThreshold = 0.3 });
        loose.Detect(new BgrImage(64, 64)).Count.ShouldBe(1);

        var (strict, _) = Create(output, new DetectorOptions { NmsIouThreshold = 0.45 });
        strict.Detect(new BgrImage(64, 64)).Count.ShouldBe(2);
    }

    [Fact]
    public void At_most_max_detections_are_returned_highest_first()
    {
        var output = new float[(4 + Classes) * Anchors];
        for (int i = 0; i < 10; i++)
            SetAnchor(output, i, 4 + 6 * i, 4, 4, 4, 0.4f + 0.05f * i, 0, 0);
        var (detector, _) = Create(output, new DetectorOptions { MaxDetections = 3 });

        detector.Detect(new BgrImage(64, 64)).Select(d => Math.Round(d.Score, 2)).ShouldBe([0.85, 0.8, 0.75]);
    }

    [Fact]
    public void Input_is_rgb_scaled_to_unit_range()
    {
        var (detector, model) = Create(new float[(4 + Classes) * Anchors]);

        detector.Detect(TestImages.Uniform(32, 64, b: 51, g: 102, r: 204));

        var (data, shape) = model.Calls.ShouldHaveSingleItem();
        shape.ShouldBe([1L, 3, Size, Size]);
        data[0].ShouldBe(0.8f, 1e-6);
        data[Size * Size].ShouldBe(0.4f, 1e-6);
        data[2 * Size * Size].ShouldBe(0.2f, 1e-6);
        data[Size - 1].ShouldBe(114f / 255f, 1e-6);
    }

    [Fact]
    public void A_class_id_the_model_does_not_have_is_rejected()
    {
        var model = FakeTensorModel.Returning([1, 3, Size, Size], [], [1, 4 + Classes, Anchors]);
        Should.Throw<ArgumentOutOfRangeException>(() => new UltralyticsDetector(model, new DetectorOptions { Classes = [5] }))
            .Message.ShouldContain("the model has 3 classes");
    }
}
