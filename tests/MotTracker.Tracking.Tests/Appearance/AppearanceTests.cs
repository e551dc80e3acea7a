using MotTracker.Tracking.Appearance;

namespace MotTracker.Tracking.Tests.Appearance;

public sealed class AppearanceTests
{
    private static float[] Unit(int dimension, int axis)
    {
        var v = new float[dimension];
        v[axis] = 1;
        return v;
    }

    [Fact]
    public void The_gallery_keeps_the_last_budget_features_and_drops_the_oldest()
    {
        var gallery = new FeatureGallery(budget: 3);
        for (int k = 0; k < 5; k++) gallery.Add(Unit(5, k));

        gallery.Count.ShouldBe(3);
        gallery.Features.Select(f => Array.IndexOf(f, 1f)).ShouldBe([2, 3, 4]);
        gallery.MinCosineDistance(Unit(5, 0)).ShouldBe(1, 1e-7, "the first feature was dropped");
        gallery.MinCosineDistance(Unit(5, 1)).ShouldBe(1, 1e-7, "the second feature was dropped");
        gallery.MinCosineDistance(Unit(5, 3)).ShouldBe(0, 1e-7);
    }

    [Fact]
    public void An_unbounded_gallery_keeps_every_feature()
    {
        var gallery = new FeatureGallery(budget: null);
        for (int k = 0; k < 150; k++) gallery.Add(Unit(3, k % 3));
        gallery.Count.ShouldBe(150);
    }

    [Fact]
    public void The_gallery_copies_and_normalises_what_it_is_given()
    {
        var gallery = new FeatureGallery(budget: 2);
        float[] feature = [3, 4];
        gallery.Add(feature);
        feature[0] = 100;
        gallery.Features.Single().ShouldBe([0.6f, 0.8f]);
        gallery.MinCosineDistance([0.8f, 0.6f]).ShouldBe(1 - 0.96, 1e-6);
    }

    [Fact]
    public void A_cleared_gallery_gives_its_storage_to_the_next_one()
    {
        var spare = new Stack<float[]>();
        var first = new FeatureGallery(budget: 2, spare);
        first.Add([1, 0]);
        first.Add([0, 1]);
        var arrays = first.Features.ToArray();
        first.Clear();
        spare.Count.ShouldBe(2);

        var second = new FeatureGallery(budget: 2, spare);
        second.Add([0.6f, 0.8f]);
        spare.Count.ShouldBe(1);
        arrays.ShouldContain(second.Features.Single());
        second.Features.Single().ShouldBe([0.6f, 0.8f]);
    }

    [Fact]
    public void The_moving_average_blends_with_momentum_09_and_renormalises()
    {
        var ema = new ExponentialFeature();
        ema.Update([2, 0]); // the first feature is taken as is (normalised)
        ema.Value.ToArray().ShouldBe([1f, 0f]);

        // 0.9 (1, 0) + 0.1 (0, 1) = (0.9, 0.1), over its norm √0.82.
        ema.Update([0, 1]);
        ema.Value[0].ShouldBe(0.99388373f, 1e-6f);
        ema.Value[1].ShouldBe(0.11043153f, 1e-6f);

        // Again: (0.9 · 0.99388373, 0.9 · 0.11043153 + 0.1), over its norm.
        ema.Update([0, 5]);
        ema.Value[0].ShouldBe(0.97604552f, 1e-6f);
        ema.Value[1].ShouldBe(0.21756639f, 1e-6f);
    }

    [Fact]
    public void The_cosine_distance_matrix_marks_missing_features()
    {
        float[]?[] tracks = [[1, 0], null];
        float[]?[] detections = [[0, 1], [0.6f, 0.8f], null];
        var result = new double[6];
        CosineDistance.Matrix(tracks, detections, result, missing: 9);
        result[0].ShouldBe(1, 1e-7);
        result[1].ShouldBe(0.4, 1e-6);
        result[2..].ShouldBe([9, 9, 9, 9]);
    }
}
