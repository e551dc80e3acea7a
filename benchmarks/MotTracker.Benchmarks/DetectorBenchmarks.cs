using BenchmarkDotNet.Attributes;
using MotTracker.Core;
using MotTracker.Inference.Detectors;
using MotTracker.Inference.Runtime;
using MotTracker.Media;

namespace MotTracker.Benchmarks;

/// <summary>
/// The detector run alone (letterbox, ONNX Runtime, decoding, NMS) on real vtest.avi frames held in
/// memory: the upper bound for end-to-end tracking throughput. One operation = one frame.
/// </summary>
[MemoryDiagnoser]
public class DetectorBenchmarks
{
    private const string Video = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
    private BgrImage[] _frames = [];
    private IDetector? _detector;
    private int _next;

    [Params("yolox_nano")]
    public string Model { get; set; } = "yolox_nano";

    [GlobalSetup]
    public void Setup()
    {
        using var source = FrameSources.Open(Video);
        _frames = source.ReadFrames().Take(32).Select(f => f.Image).ToArray();
        string path = Path.Combine(SharedData.Models, "detector", Model + ".onnx");
        _detector = DetectorFactory.Create(new OrtModel(path, new OrtOptions()), new DetectorOptions { ScoreThreshold = 0.1 });
    }

    [GlobalCleanup]
    public void Cleanup() => _detector?.Dispose();

    [Benchmark(Description = "detect one vtest frame")]
    public int Detect() => _detector!.Detect(_frames[_next++ % _frames.Length]).Count;
}
