using MotTracker.Evaluation;

namespace MotTracker.Evaluation.Tests;

public sealed class BoxSimilarityTests
{
    [Fact]
    public void IoU_uses_corners_without_plus_one_and_scores_touching_boxes_0()
    {
        var a = BoxSimilarity.Corners.From(new BoundingBox(0, 0, 10, 10));
        BoxSimilarity.IoU(a, BoxSimilarity.Corners.From(new BoundingBox(5, 0, 10, 10))).ShouldBe(50.0 / 150);
        BoxSimilarity.IoU(a, BoxSimilarity.Corners.From(new BoundingBox(10, 0, 10, 10))).ShouldBe(0);
        BoxSimilarity.IoU(a, BoxSimilarity.Corners.From(new BoundingBox(2, 2, 0, 5))).ShouldBe(0); // no area
    }

    [Fact]
    public void The_vectorised_row_gives_bit_identical_results_to_the_scalar_IoU()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(0, 23);
            var a = RandomBox(random);
            var boxes = Enumerable.Range(0, n).Select(_ => RandomBox(random)).ToArray();
            var result = new double[n];
            BoxSimilarity.IoURow(a, boxes.Select(b => b.X0).ToArray(), boxes.Select(b => b.Y0).ToArray(),
                boxes.Select(b => b.X1).ToArray(), boxes.Select(b => b.Y1).ToArray(), boxes.Select(b => b.Area).ToArray(), result);
            for (int j = 0; j < n; j++)
                BitConverter.DoubleToInt64Bits(result[j]).ShouldBe(BitConverter.DoubleToInt64Bits(BoxSimilarity.IoU(a, boxes[j])));
        }
    }

    private static BoxSimilarity.Corners RandomBox(Random random)
    {
        // Small coordinates so boxes overlap often; some zero-sized boxes.
        double w = random.Next(4) == 0 ? 0 : random.NextDouble() * 50;
        return BoxSimilarity.Corners.From(new BoundingBox(random.NextDouble() * 60 - 10, random.NextDouble() * 60 - 10, w, random.NextDouble() * 50));
    }
}
