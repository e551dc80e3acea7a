using System.Diagnostics;
using MotTracker.Core;
using MotTracker.Inference.Detectors;
using MotTracker.Inference.Runtime;
using MotTracker.Inference.Tests.Models;
using Xunit.Abstractions;

namespace MotTracker.Inference.Tests.Detectors;

/// <summary>
/// The real COCO detectors on the 39 staged MOT17 frames: person recall at IoU ≥ 0.5 must reach what the
/// reference pre/post-processing reached (models/README.md: 250/814 and 338/814 at score &gt; 0.3, NMS 0.45).
/// </summary>
/// <remarks>
/// The floor is the reference's matched count, not a rounded fraction: 250/814 is 0.307 and 338/814 is
/// 0.415, so "0.31" and "0.42" would fail the reference implementation itself.
/// </remarks>
public sealed class DetectorRecallTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("detector/yolox_nano.onnx", typeof(YoloxDetector), 250)]
    [InlineData("detector/yolov8n_int8_640.onnx", typeof(UltralyticsDetector), 338)]
    public void Person_recall_on_the_staged_mot17_frames_reaches_the_reference(string file, Type expectedType, int referenceMatches)
    {
        using var detector = DetectorFactory.Create(new OrtModel(Path.Combine(TestData.Models, file)));
        detector.ShouldBeOfType(expectedType);

        int gtCount = 0, matched = 0, boxes = 0;
        var clock = new Stopwatch();
        var gtBySequence = new Dictionary<string, List<GtBox>>();
        foreach (var (sequence, frame, image) in Mot17Frames.All)
        {
            if (!gtBySequence.TryGetValue(sequence, out var gt))
                gtBySequence[sequence] = gt = Mot17Frames.GroundTruth(sequence);
            var truth = gt.Where(g => g.Frame == frame && g.Considered && g.Class == 1).Select(g => g.Box).ToList();

            clock.Start();
            var detections = detector.Detect(image);
            clock.Stop();

            detections.ShouldAllBe(d => d.ClassId == 0 && d.Score > 0.3);
            detections.ShouldAllBe(d => d.Box.X >= 0 && d.Box.Y >= 0 && d.Box.Right <= image.Width && d.Box.Bottom <= image.Height);
            gtCount += truth.Count;
            boxes += detections.Count;
            matched += GreedyMatches(truth, detections.Select(d => d.Box).ToList(), 0.5);
        }

        double recall = (double)matched / gtCount;
        output.WriteLine($"{file}: {Mot17Frames.All.Count} frames, recall {matched}/{gtCount} = {recall:F3}, {boxes} boxes, " +
                         $"{clock.Elapsed.TotalMilliseconds / Mot17Frames.All.Count:F1} ms per frame (pre + run + post)");
        Mot17Frames.All.Count.ShouldBe(39);
        gtCount.ShouldBe(814);
        matched.ShouldBeGreaterThanOrEqualTo(referenceMatches);
    }

    /// <summary>One-to-one matching, highest IoU pair first; returns the number of pairs with IoU ≥ threshold.</summary>
    private static int GreedyMatches(List<BoundingBox> truth, List<BoundingBox> found, double threshold)
    {
        var pairs = new List<(double IoU, int T, int F)>();
        for (int t = 0; t < truth.Count; t++)
            for (int f = 0; f < found.Count; f++)
            {
                double iou = BoundingBox.IoU(truth[t], found[f]);
                if (iou >= threshold)
                    pairs.Add((iou, t, f));
            }

        var usedT = new bool[truth.Count];
        var usedF = new bool[found.Count];
        int count = 0;
        foreach (var (_, t, f) in pairs.OrderByDescending(p => p.IoU))
        {
            if (usedT[t] || usedF[f]) continue;
            usedT[t] = usedF[f] = true;
            count++;
        }

        return count;
    }
}
