using MotTracker.Core;
using MotTracker.Tracking;
using MotTracker.Tracking.Trackers.ByteTrack;

namespace MotTracker.Engine.Tests;

public sealed class TrackingPipelineTests
{
    /// <summary>Frames whose first pixel byte carries the frame number, so a fake detector can tell them apart.</summary>
    private sealed class CountingSource(int count, FramePool? pool = null) : IFrameSource
    {
        public int Produced;
        public FrameSourceInfo Info => new(8, 8, 30, count, "fake");

        public IEnumerable<VideoFrame> ReadFrames(CancellationToken cancellationToken = default)
        {
            for (int f = 1; f <= count; f++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var image = pool?.Rent(8, 8) ?? new BgrImage(8, 8);
                image.Pixels[0] = (byte)f;
                Produced++;
                yield return new VideoFrame(f, image);
            }
        }

        public void Dispose() { }
    }

    private sealed class WalkingPeopleDetector(int failAt = -1) : IDetector
    {
        public static Detection[] For(int frame) =>
        [
            new(new BoundingBox(10 + 3 * frame, 20, 40, 100), 0.9),
            new(new BoundingBox(300 - 2 * frame, 25, 40, 100), frame % 7 == 0 ? 0.3 : 0.8),
            new(new BoundingBox(150, 200, 40, 100), 0.05),
        ];

        public IReadOnlyList<Detection> Detect(BgrImage image)
        {
            int frame = image.Pixels[0];
            if (frame == failAt) throw new InvalidOperationException($"detector broke on frame {frame}");
            return For(frame);
        }

        public void Dispose() { }
    }

    /// <summary>An embedder that records which boxes it was asked for and returns a vector carrying the frame's first pixel.</summary>
    private sealed class RecordingEmbedder : IAppearanceEmbedder
    {
        public readonly List<int> CropsPerCall = [];
        public int Dimension => 1;

        public float[][] Embed(BgrImage image, IReadOnlyList<BoundingBox> boxes)
        {
            CropsPerCall.Add(boxes.Count);
            return boxes.Select(_ => new float[] { image.Pixels[0] }).ToArray();
        }

        public void Dispose() { }
    }

    private sealed class Collector(bool needsPixels = false) : IFrameObserver
    {
        public readonly List<(int Frame, int Id, BoundingBox Box)> Rows = [];
        public readonly List<(int Frame, int FirstPixel)> Pixels = [];
        public bool NeedsPixels => needsPixels;

        public void OnFrame(in FrameTracks frame)
        {
            foreach (var t in frame.Tracks) Rows.Add((frame.FrameNumber, t.TrackId, t.Box));
            if (frame.Image is { } image) Pixels.Add((frame.FrameNumber, image.Pixels[0]));
        }
    }

    [Fact]
    public void The_pipeline_gives_the_same_tracks_as_tracking_the_detections_directly()
    {
        var timings = new StageTimings();
        var collector = new Collector();
        new TrackingPipeline(new CountingSource(60), new WalkingPeopleDetector(), null, new ByteTracker(), new OutputFilter()).Run([collector], timings);

        var direct = new ByteTracker();
        var expected = Enumerable.Range(1, 60)
            .SelectMany(f => direct.Update(f, WalkingPeopleDetector.For(f)).Select(t => (f, t.TrackId, t.Box)).ToList())
            .ToList();
        collector.Rows.ShouldBe(expected);
        timings.Frames.ShouldBe(60);
        collector.Rows.Select(r => r.Id).Distinct().Order().ShouldBe([1, 2]);
    }

    [Fact]
    public async Task A_failing_stage_stops_the_run_with_its_own_error()
    {
        var source = new CountingSource(200);
        var pipeline = new TrackingPipeline(source, new WalkingPeopleDetector(failAt: 5), null, new ByteTracker(), new OutputFilter());
        var run = Task.Run(() => pipeline.Run([], new StageTimings()));
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)));
        finished.ShouldBe(run, "the pipeline must not hang when a stage fails");
        var error = await Should.ThrowAsync<InvalidOperationException>(run);
        error.Message.ShouldBe("detector broke on frame 5");
        // Bounded queues: decoding stopped soon after the failure instead of reading the whole source.
        source.Produced.ShouldBeLessThan(200);
    }

    [Fact]
    public void An_observer_that_needs_pixels_sees_each_frames_own_pixels_before_the_buffer_is_reused()
    {
        // A pool of one buffer: every frame reuses it, so a frame returned too early would show a later frame's byte.
        var pool = new FramePool(capacity: 1);
        var drawer = new Collector(needsPixels: true);
        var pipeline = new TrackingPipeline(new CountingSource(40, pool), new WalkingPeopleDetector(), null, new ByteTracker(), new OutputFilter()) { Pool = pool };
        pipeline.Run([drawer], new StageTimings());

        drawer.Pixels.ShouldBe(Enumerable.Range(1, 40).Select(f => (f, f)).ToList());
    }

    [Fact]
    public void Reid_embeds_all_of_a_frames_usable_crops_in_one_call_and_skips_the_ones_below_the_tracker_threshold()
    {
        var embedder = new RecordingEmbedder();
        var feed = FrameFeed.From(new CountingSource(10));
        var stages = new PipelineStage[] { new DetectorStage(new WalkingPeopleDetector()), new ReidStage(embedder, minScore: 0.1) };
        var timings = new StageTimings();
        new TrackingPipeline(feed, stages, new ByteTracker(), new OutputFilter()).Run([], timings);

        // Three boxes a frame; the 0.05 one can never be matched, so it is not cropped.
        embedder.CropsPerCall.ShouldBe(Enumerable.Repeat(2, 10).ToList());
        timings.CropsEmbedded.ShouldBe(20);
        timings.CropsSkipped.ShouldBe(10);
    }

    [Fact]
    public void Embeddings_reach_the_tracker_aligned_with_their_detections()
    {
        var seen = new List<float[]?[]>();
        var tracker = new SpyTracker(seen);
        var stages = new PipelineStage[] { new DetectorStage(new WalkingPeopleDetector()), new ReidStage(new RecordingEmbedder(), minScore: 0.1) };
        new TrackingPipeline(FrameFeed.From(new CountingSource(3)), stages, tracker, new OutputFilter()).Run([], new StageTimings());

        seen.Count.ShouldBe(3);
        for (int f = 1; f <= 3; f++)
        {
            seen[f - 1].Length.ShouldBe(3);
            seen[f - 1][0]![0].ShouldBe(f);
            seen[f - 1][1]![0].ShouldBe(f);
            seen[f - 1][2].ShouldBeNull();
        }
    }

    [Fact]
    public void Frame_numbers_without_pixels_feed_public_detections_to_the_tracker()
    {
        using var dir = new TempDirectory();
        string det = dir.Write("det.txt", "3,-1,12,10,20,50,0.9\n1,-1,10,10,20,50,0.9\n");
        var frames = Core.MotChallenge.DetectionFrameReader.Open(det, 3);
        var collector = new Collector();
        new TrackingPipeline(FrameFeed.Numbers(3), [new PublicDetectionStage(frames)], new ByteTracker(), new OutputFilter()).Run([collector], new StageTimings());

        collector.Rows.Select(r => (r.Frame, r.Id)).ShouldBe([(1, 1), (3, 1)]);
    }

    /// <summary>A pixel-free stage that records the thread it ran on and can fail on a chosen frame.</summary>
    private sealed class ThreadRecordingStage(int failAt = -1) : PipelineStage
    {
        public readonly HashSet<int> Threads = [];
        public override bool ReadsPixels => false;

        public override void Process(FrameWork work, StageTimings timings)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            if (work.FrameNumber == failAt) throw new InvalidOperationException($"stage broke on frame {work.FrameNumber}");
            work.Detections = WalkingPeopleDetector.For(work.FrameNumber);
        }

        public override void AddTime(StageTimings timings, double milliseconds) => timings.DetectMs += milliseconds;
    }

    [Fact]
    public void Frames_without_pixels_run_every_stage_on_the_calling_thread_with_the_same_tracks()
    {
        var stage = new ThreadRecordingStage();
        var collector = new Collector();
        var timings = new StageTimings();
        new TrackingPipeline(FrameFeed.Numbers(60), [stage], new ByteTracker(), new OutputFilter()).Run([collector], timings);

        stage.Threads.ShouldBe([Environment.CurrentManagedThreadId]);
        var direct = new ByteTracker();
        var expected = Enumerable.Range(1, 60)
            .SelectMany(f => direct.Update(f, WalkingPeopleDetector.For(f)).Select(t => (f, t.TrackId, t.Box)).ToList())
            .ToList();
        collector.Rows.ShouldBe(expected);
        timings.Frames.ShouldBe(60);
    }

    [Fact]
    public void A_failing_stage_without_pixels_stops_the_run_at_that_frame_with_its_own_error()
    {
        var collector = new Collector();
        var pipeline = new TrackingPipeline(FrameFeed.Numbers(200), [new ThreadRecordingStage(failAt: 5)], new ByteTracker(), new OutputFilter());

        var error = Should.Throw<InvalidOperationException>(() => pipeline.Run([collector], new StageTimings()));
        error.Message.ShouldBe("stage broke on frame 5");
        collector.Rows.Max(r => r.Frame).ShouldBe(4);
    }

    private sealed class SpyTracker(List<float[]?[]> seen) : ITracker
    {
        public IReadOnlyList<TrackedObject> Update(int frameNumber, ReadOnlySpan<Detection> detections, IReadOnlyList<float[]?>? embeddings = null, AffineWarp? cameraMotion = null)
        {
            seen.Add(embeddings!.ToArray());
            return [];
        }
    }
}
