using MotTracker.Inference.Reid;
using MotTracker.Inference.Runtime;
using MotTracker.Inference.Tests.Models;

namespace MotTracker.Inference.Tests.Reid;

/// <summary>
/// A detection cache embeds every box of a frame in one call, a tracking run only those above the
/// tracker's lowest matching score: replay from the cache equals the live run only if a crop's vector
/// does not depend on which other crops share its model run.
/// </summary>
public sealed class ReidBatchingTests
{
    private const string Sequence = "MOT17-04-FRCNN";

    [Fact]
    public void A_crops_vector_is_bit_equal_whatever_batch_it_is_embedded_in()
    {
        using var embedder = new OsnetEmbedder(new OrtModel(Path.Combine(TestData.Models, "reid/osnet_x0_25_msmt17.onnx")));
        var image = Mot17Frames.Frame(Sequence, 1);
        var boxes = Mot17Frames.GroundTruth(Sequence).Where(g => g.Frame == 1 && g.Considered).Take(9).Select(g => g.Box).ToList();
        boxes.Count.ShouldBe(9);

        var together = embedder.Embed(image, boxes);
        var firstFive = embedder.Embed(image, boxes.Take(5).ToList());
        var reversedLastFour = embedder.Embed(image, boxes.Skip(5).Reverse().ToList());
        for (int i = 0; i < boxes.Count; i++)
        {
            var alone = embedder.Embed(image, [boxes[i]])[0];
            var inPart = i < 5 ? firstFive[i] : reversedLastFour[8 - i];
            Bits(alone).ShouldBe(Bits(together[i]), $"box {i}: alone vs all nine");
            Bits(inPart).ShouldBe(Bits(together[i]), $"box {i}: in a batch of {(i < 5 ? 5 : 4)} vs all nine");
        }
    }

    [Fact]
    public void Crops_prepared_apart_give_bit_equal_vectors_one_by_one_in_threes_in_sixteens_and_across_frames()
    {
        using var embedder = new OsnetEmbedder(new OrtModel(Path.Combine(TestData.Models, "reid/osnet_x0_25_msmt17.onnx")));
        var gt = Mot17Frames.GroundTruth(Sequence);
        // Ten people from each of four frames: 40 crops, more than one model run takes (32), so the
        // largest grouping is split too.
        var frames = new[] { 1, 2, 5, 8 };
        var perFrame = frames.Select(f => gt.Where(g => g.Frame == f && g.Considered).Take(10).Select(g => g.Box).ToList()).ToList();
        int slot = embedder.CropLength;
        var crops = new float[40 * slot];
        int k = 0;
        for (int i = 0; i < frames.Length; i++)
        {
            perFrame[i].Count.ShouldBe(10);
            foreach (var box in perFrame[i])
                embedder.PrepareCrop(Mot17Frames.Frame(Sequence, frames[i]), box, crops.AsSpan(k++ * slot, slot));
        }

        // The reference: each frame's boxes cut and embedded by the one-frame call, as before batching.
        var reference = frames.SelectMany((f, i) => embedder.Embed(Mot17Frames.Frame(Sequence, f), perFrame[i])).Select(Bits).ToList();
        foreach (int group in new[] { 1, 3, 16, 40 })
        {
            for (int start = 0; start < 40; start += group)
            {
                int n = Math.Min(group, 40 - start);
                var vectors = embedder.EmbedCrops(crops.AsSpan(start * slot, n * slot), n);
                for (int j = 0; j < n; j++)
                    Bits(vectors[j]).ShouldBe(reference[start + j], $"crop {start + j} in a group of {group}");
            }
        }
    }

    private static int[] Bits(float[] vector) => vector.Select(BitConverter.SingleToInt32Bits).ToArray();
}
