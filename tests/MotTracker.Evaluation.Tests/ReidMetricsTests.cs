using MotTracker.Evaluation.Reid;

namespace MotTracker.Evaluation.Tests;

public sealed class ReidMetricsTests
{
    // Gallery: 0 = id 1 cam 1 (same camera as query A: excluded), 1 = id 1 cam 2, 2 = id 2 cam 2,
    // 3 = distractor (id 0), 4 = junk (id -1), 5 = id 1 cam 3, 6 = id 3 cam 1.
    private static readonly ReidLabel[] Gallery =
    [
        new(1, 1), new(1, 2), new(2, 2), new(0, 2), new(-1, 2), new(1, 3), new(3, 1),
    ];

    // Query A: id 1 cam 1. Query B: id 2 cam 1. Query C: id 3 cam 1 (only same-camera matches: skipped).
    private static readonly ReidLabel[] Queries = [new(1, 1), new(2, 1), new(3, 1)];

    private static readonly double[] Distances =
    [
        // A: ranking excluding gallery 0 (same camera) and 4 (junk): 3 (d .1), 1 (.2), 2 (.3), 5 (.5), 6 (.6)
        //    -> true matches at ranks 2 and 4: AP = (1/2 + 2/4) / 2 = 0.5; first match rank 2.
        0.0, 0.2, 0.3, 0.1, 0.05, 0.5, 0.6,
        // B: 2 (.05) first -> rank 1, AP 1.
        0.9, 0.8, 0.05, 0.7, 0.6, 0.5, 0.4,
        // C: its only match (6) is the same camera: no valid match.
        0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.0,
    ];

    [Fact]
    public void Crafted_distances_give_the_hand_computed_rank_accuracy_and_map()
    {
        var scores = ReidMetrics.Evaluate(Distances, Queries, Gallery, maxRank: 10);

        scores.ScoredQueries.ShouldBe(2);
        scores.SkippedQueries.ShouldBe(1);
        scores.Rank(1).ShouldBe(0.5);
        scores.Rank(2).ShouldBe(1.0);
        scores.Rank(10).ShouldBe(1.0);
        scores.MeanAveragePrecision.ShouldBe(0.75, 1e-12);
        scores.Cmc.Length.ShouldBe(10);
    }

    [Fact]
    public void Same_camera_matches_and_junk_never_count_even_when_nearest()
    {
        // Query A with its same-camera twin (gallery 0) and junk (4) nearest: neither is a hit nor a miss.
        var distances = new double[] { 0.0, 0.9, 0.5, 0.6, 0.0, 0.95, 0.7 };
        var scores = ReidMetrics.Evaluate(distances, [Queries[0]], Gallery, maxRank: 5);

        // Valid ranking: 2 (.5), 3 (.6), 6 (.7), 1 (.9), 5 (.95): matches at ranks 4 and 5.
        scores.Rank(3).ShouldBe(0.0);
        scores.Rank(4).ShouldBe(1.0);
        scores.MeanAveragePrecision.ShouldBe((1 / 4.0 + 2 / 5.0) / 2, 1e-12);
    }

    [Fact]
    public void Ties_are_broken_by_gallery_order()
    {
        // Everything at the same distance: ranking 1, 2, 3, 5, 6 (0 excluded, 4 junk): matches at ranks 1 and 4.
        var scores = ReidMetrics.Evaluate(new double[7], [Queries[0]], Gallery, maxRank: 5);

        scores.Rank(1).ShouldBe(1.0);
        scores.MeanAveragePrecision.ShouldBe((1 + 2 / 4.0) / 2, 1e-12);
    }

    [Fact]
    public void Cosine_distance_of_unit_vectors_is_one_minus_their_dot_product()
    {
        float[][] q = [[1, 0]];
        float[][] g = [[1, 0], [0, 1], [-1, 0]];
        ReidMetrics.CosineDistances(q, g).ShouldBe([0.0, 1.0, 2.0]);
    }
}
