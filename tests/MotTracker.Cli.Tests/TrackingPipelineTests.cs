using MotTracker.Cli.Pipeline;
using MotTracker.Core;
using MotTracker.Core.Tracking;
using MotTracker.Core.Tracking.ByteTrack;

namespace MotTracker.Cli.Tests;

public sealed class TrackingPipelineTests
{
    /// <summary>Frames whose first pixel byte carries the frame number, so a fake detector can tell them apart.</summary>
    private sealed class CountingSource(int count) : IFrameSource
    {
        public int Produced;
        public FrameSourceInfo Info => new(8, 8, 30, count, "fake");

        public IEnumerable<VideoFrame> ReadFrames(CancellationToken cancellationToken = default)
        {
            for (int f = 1; f <= count; f++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var image = new BgrImage(8, 8);
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
        ];

        public IReadOnlyList<Detection> Detect(BgrImage image)
        {
            int frame = image.Pixels[0];
            if (frame == failAt) throw new InvalidOperationException($"detector broke on frame {frame}");
            return For(frame);
        }

        public void Dispose() { }
    }

    [Fact]
    public void The_pipeline_gives_the_same_tracks_as_tracking_the_detections_directly()
    {
        var timings = new StageTimings();
        var rows = new TrackingPipeline(new CountingSource(60), new WalkingPeopleDetector(), null, new ByteTracker(), new OutputFilter()).Run(timings);

        var direct = new ByteTracker();
        var expected = Enumerable.Range(1, 60)
            .SelectMany(f => direct.Update(f, WalkingPeopleDetector.For(f)).Select(t => (f, t.TrackId, t.Box)).ToList())
            .ToList();
        rows.Select(r => (r.Frame, r.Id, r.Box)).ShouldBe(expected);
        timings.Frames.ShouldBe(60);
        rows.Select(r => r.Id).Distinct().Order().ShouldBe([1, 2]);
    }

    [Fact]
    public async Task A_failing_stage_stops_the_run_with_its_own_error()
    {
        var source = new CountingSource(200);
        var pipeline = new TrackingPipeline(source, new WalkingPeopleDetector(failAt: 5), null, new ByteTracker(), new OutputFilter());
        var run = Task.Run(() => pipeline.Run(new StageTimings()));
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)));
        finished.ShouldBe(run, "the pipeline must not hang when a stage fails");
        var error = await Should.ThrowAsync<InvalidOperationException>(run);
        error.Message.ShouldBe("detector broke on frame 5");
        // Bounded queues: decoding stopped soon after the failure instead of reading the whole source.
        source.Produced.ShouldBeLessThan(200);
    }
}
