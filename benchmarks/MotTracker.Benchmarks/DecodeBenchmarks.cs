using BenchmarkDotNet.Attributes;
using MotTracker.Core;
using MotTracker.Media;

namespace MotTracker.Benchmarks;

/// <summary>
/// Decoding alone: every frame of vtest.avi (768x576, 795 frames) into pooled BGR buffers, the way
/// the tracking pipeline reads it. One operation = the whole video, so frames/s = 795 / mean.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DecodeBenchmarks
{
    private const string Video = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
    private readonly FramePool _pool = new();

    [Benchmark(Description = "decode vtest.avi (795 frames)")]
    public int DecodeVideo()
    {
        using var source = FrameSources.Open(Video, new FrameSourceOptions { Pool = _pool });
        int frames = 0;
        foreach (var frame in source.ReadFrames())
        {
            frames++;
            _pool.Return(frame.Image);
        }
        return frames;
    }
}
