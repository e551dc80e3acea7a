using MotTracker.Core;
using MotTracker.Inference.Reid;
using MotTracker.Inference.Runtime;
using MotTracker.Inference.Tests.Models;
using Xunit.Abstractions;

namespace MotTracker.Inference.Tests.Reid;

/// <summary>
/// OSNet on real pedestrians: MOT17-04 frame 1 against frame 8, gt boxes with visibility ≥ 0.6 and height
/// ≥ 60 px (the check in models/README.md, where both models matched 21/21).
/// </summary>
public sealed class ReidRealDataTests(ITestOutputHelper output)
{
    private const string Sequence = "MOT17-04-FRCNN";

    [Theory]
    [InlineData("reid/osnet_x0_25_msmt17.onnx")]
    [InlineData("reid/osnet_x0_5_msmt17.onnx")]
    public void The_same_person_is_the_nearest_neighbour_seven_frames_later(string file)
    {
        using var embedder = new OsnetEmbedder(new OrtModel(Path.Combine(TestData.Models, file)));
        var gt = Mot17Frames.GroundTruth(Sequence)
            .Where(g => g.Considered && g.Class == 1 && g.Visibility >= 0.6 && g.Box.Height >= 60)
            .ToList();
        var first = gt.Where(g => g.Frame == 1).ToList();
        var later = gt.Where(g => g.Frame == 8).ToList();
        var shared = first.Select(g => g.Id).Intersect(later.Select(g => g.Id)).ToHashSet();
        var queries = first.Where(g => shared.Contains(g.Id)).ToList();

        var queryFeatures = embedder.Embed(Mot17Frames.Frame(Sequence, 1), queries.Select(g => g.Box).ToList());
        var galleryFeatures = embedder.Embed(Mot17Frames.Frame(Sequence, 8), later.Select(g => g.Box).ToList());

        embedder.IsBatched.ShouldBeTrue();
        embedder.Dimension.ShouldBe(512);
        int correct = 0;
        double sameSum = 0, otherSum = 0;
        int sameCount = 0, otherCount = 0;
        for (int q = 0; q < queries.Count; q++)
        {
            Math.Sqrt(queryFeatures[q].Sum(v => (double)v * v)).ShouldBe(1.0, 1e-5);
            int best = -1;
            double bestCos = double.NegativeInfinity;
            for (int g = 0; g < later.Count; g++)
            {
                double cos = Dot(queryFeatures[q], galleryFeatures[g]);
                if (cos > bestCos)
                {
                    bestCos = cos;
                    best = g;
                }

                if (later[g].Id == queries[q].Id) { sameSum += cos; sameCount++; }
                else { otherSum += cos; otherCount++; }
            }

            if (later[best].Id == queries[q].Id)
                correct++;
        }

        double meanSame = sameSum / sameCount, meanOther = otherSum / otherCount;
        output.WriteLine($"{file}: rank-1 {correct}/{queries.Count}, mean cosine same-ID {meanSame:F3}, different-ID {meanOther:F3}");
        queries.Count.ShouldBe(21);
        correct.ShouldBeGreaterThanOrEqualTo(20);
        meanSame.ShouldBeGreaterThan(meanOther);
    }

    [Fact]
    public void A_batched_run_gives_the_same_features_as_one_crop_at_a_time()
    {
        using var embedder = new OsnetEmbedder(new OrtModel(Path.Combine(TestData.Models, "reid/osnet_x0_25_msmt17.onnx")));
        var image = Mot17Frames.Frame(Sequence, 1);
        var boxes = Mot17Frames.GroundTruth(Sequence).Where(g => g.Frame == 1 && g.Considered).Take(4).Select(g => g.Box).ToList();

        var batched = embedder.Embed(image, boxes);
        for (int i = 0; i < boxes.Count; i++)
        {
            var single = embedder.Embed(image, [boxes[i]])[0];
            Dot(single, batched[i]).ShouldBe(1.0, 1e-4);
        }
    }

    private static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += (double)a[i] * b[i];
        return sum;
    }
}
