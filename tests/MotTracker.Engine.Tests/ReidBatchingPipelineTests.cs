using MotTracker.Core;
using MotTracker.Tracking;

namespace MotTracker.Engine.Tests;

/// <summary>
/// ReID crops cut on their own stage and embedded across frames: the groups follow the fixed counts of
/// <see cref="ReidBatching"/>, every frame still reaches the tracker in order with its own vectors, and a
/// crowded frame goes alone.
/// </summary>
public sealed class ReidBatchingPipelineTests
{
    /// <summary>Frames whose first pixel byte carries the frame number.</summary>
    private sealed class NumberedSource(int count) : IFrameSource
    {
        public FrameSourceInfo Info => new(8, 8, 30, count, "fake");

        public IEnumerable<VideoFrame> ReadFrames(CancellationToken cancellationToken = default)
        {
            for (int f = 1; f <= count; f++)
            {
                var image = new BgrImage(8, 8);
                image.Pixels[0] = (byte)f;
                yield return new VideoFrame(f, image);
            }
        }

        public void Dispose() { }
    }

    /// <summary>Frame f has (f mod 4) + 1 people scoring 0.9, frame 6 has twenty, and every frame one box at 0.05 (never cropped).</summary>
    private sealed class CrowdDetector : IDetector
    {
        public static Detection[] For(int frame)
        {
            int people = frame == 6 ? 20 : frame % 4 + 1;
            var detections = new List<Detection> { new(new BoundingBox(1, 1, 2, 2), 0.05) };
            for (int p = 0; p < people; p++) detections.Add(new Detection(new BoundingBox(10 * p, 5, 8, 20), 0.9));
            return [.. detections];
        }

        public IReadOnlyList<Detection> Detect(BgrImage image) => For(image.Pixels[0]);

        public void Dispose() { }
    }

    /// <summary>A crop is (frame number, box x); its "vector" is the crop itself, so a test can tell whose it is.</summary>
    private sealed class PreparingEmbedder : IBatchingEmbedder
    {
        public readonly List<int> CropsPerCall = [];
        public int Dimension => 2;
        public int CropLength => 2;
        public int MaxBatch => 32;


        public void PrepareCrop(BgrImage image, in BoundingBox box, Span<float> destination)
        {
            destination[0] = image.Pixels[0];
            destination[1] = (float)box.X;
        }

        public float[][] EmbedCrops(ReadOnlySpan<float> crops, int count)
        {
            CropsPerCall.Add(count);
            var vectors = new float[count][];
            for (int i = 0; i < count; i++) vectors[i] = crops.Slice(2 * i, 2).ToArray();
            return vectors;
        }

        public float[][] Embed(BgrImage image, IReadOnlyList<BoundingBox> boxes) => [.. boxes.Select(b => new float[] { image.Pixels[0], (float)b.X })];

        public void Dispose() { }
    }

    private sealed class SpyTracker : ITracker
    {
        public readonly List<(int Frame, float[]?[] Embeddings)> Seen = [];

        public IReadOnlyList<TrackedObject> Update(int frameNumber, ReadOnlySpan<Detection> detections, IReadOnlyList<float[]?>? embeddings = null, AffineWarp? cameraMotion = null)
        {
            Seen.Add((frameNumber, embeddings!.ToArray()));
            return [];
        }
    }

    private static (PreparingEmbedder Embedder, SpyTracker Tracker, StageTimings Timings) Run(int frames, ReidBatching batching)
    {
        var embedder = new PreparingEmbedder();
        var tracker = new SpyTracker();
        var stages = new List<PipelineStage> { new DetectorStage(new CrowdDetector()) };
        stages.AddRange(ReidStages.For(embedder, 0.1, batching));
        var timings = new StageTimings();
        new TrackingPipeline(FrameFeed.From(new NumberedSource(frames)), stages, tracker, new OutputFilter()).Run([], timings);
        return (embedder, tracker, timings);
    }

    [Fact]
    public void Crops_of_consecutive_frames_go_to_the_model_eight_at_a_time_and_whatever_waits_once_four_frames_do()
    {
        var (embedder, _, timings) = Run(14, new ReidBatching(Crops: 8, Frames: 4));

        // People per frame: 2 3 4 1 2 20 4 1 2 3 4 1 2 3. Frames 1-3 hold 9: a run of 8 (frames 1 and 2
        // leave, one crop of frame 3 waits); frames 3-6 are four frames held, so all 24 queued crops run
        // (8, 8, 8); frames 7-10 are four frames again with 10 crops (8, then 2), and so are 11-14.
        embedder.CropsPerCall.ShouldBe([8, 8, 8, 8, 8, 2, 8, 2]);
        timings.ReidCalls.ShouldBe(8);
        timings.CropsEmbedded.ShouldBe(52);
        timings.CropsSkipped.ShouldBe(14);
    }

    [Fact]
    public void Every_frame_reaches_the_tracker_in_order_with_its_own_vectors_whatever_the_grouping()
    {
        var perFrame = Run(14, ReidBatching.PerFrame);
        var grouped = Run(14, new ReidBatching(Crops: 8, Frames: 4));

        perFrame.Embedder.CropsPerCall.ShouldBe(Enumerable.Range(1, 14).Select(f => CrowdDetector.For(f).Length - 1).ToList());
        grouped.Tracker.Seen.Select(s => s.Frame).ShouldBe(Enumerable.Range(1, 14).ToList());
        for (int i = 0; i < 14; i++)
        {
            var (frame, embeddings) = grouped.Tracker.Seen[i];
            var expected = CrowdDetector.For(frame).Select((d, k) => d.Score < 0.1 ? null : new float[] { frame, (float)d.Box.X }).ToArray();
            embeddings.ShouldBe(expected, $"frame {frame}");
            perFrame.Tracker.Seen[i].Embeddings.ShouldBe(expected, $"frame {frame}, one frame a call");
        }
    }

    [Fact]
    public void A_live_stream_holds_no_frame_back_for_later_frames_crops()
    {
        // A live stream's results are written as each frame is tracked: a stream that stalls after a
        // sparse frame must not keep that frame waiting for crops of frames that have not come.
        var (embedder, tracker, _) = Run(14, ReidBatching.Live(new PreparingEmbedder()));

        embedder.CropsPerCall.ShouldBe(Enumerable.Range(1, 14).Select(f => CrowdDetector.For(f).Length - 1).ToList());
        tracker.Seen.Select(s => s.Frame).ShouldBe(Enumerable.Range(1, 14).ToList());
    }
}
