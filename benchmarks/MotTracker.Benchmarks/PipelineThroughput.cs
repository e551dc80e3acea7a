using System.Diagnostics;
using System.Globalization;
using MotTracker.Core;
using MotTracker.Engine;

namespace MotTracker.Benchmarks;

/// <summary>
/// <c>pipeline</c> mode: how close end-to-end tracking comes to its models. The frames of vtest.avi are
/// decoded into memory once; then, in this one process and with the same intra-op threads per model,
/// rounds alternate (a) the detector alone, (b) the detector then ReID alone (the crops each appearance
/// tracker would embed), and (c) the whole pipeline of <c>mottrack track</c> minus decoding (camera
/// motion, detector, ReID, tracker, output filter, on their stage threads) for each tracker. Every
/// configuration runs once per round, so a change of load on a shared machine hits all of them alike;
/// the ratios (c)/(a) and (c)/(b) are taken within a round and their median printed, beside the ratio
/// of the process CPU time each frame needs (the steadier one when other processes share the cores).
/// </summary>
internal static class PipelineThroughput
{
    private const string Video = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    private sealed record Config(string Name, string Tracker, string? Reid, bool Full, string? Baseline);

    public static int Run(string[] args)
    {
        int frames = Options.Int(args, "--frames", 200);
        int rounds = Options.Int(args, "--rounds", 3);
        int threads = Options.Int(args, "--threads", 1);
        string detector = Options.Value(args, "--detector") ?? "yolox_nano";
        string reid = Options.Value(args, "--reid") ?? "osnet_x0_25_msmt17";
        Environment.SetEnvironmentVariable("MOTTRACK_MODELS", Environment.GetEnvironmentVariable("MOTTRACK_MODELS") ?? SharedData.Models);

        var images = CameraMotionTiming.Decode(Video, frames);
        Console.WriteLine($"{images.Length} frames of {Path.GetFileName(Video)} in memory; {detector}, ReID {reid}, --threads {threads}, {rounds} alternating rounds, {Environment.ProcessorCount} cores, load average {LoadAverage()}");

        var configs = new Config[]
        {
            new("(a) detector alone", "bytetrack", null, Full: false, null),
            new("(b) detector + ReID, botsort's crops", "botsort", reid, Full: false, null),
            new("(b) detector + ReID, deepsort's crops", "deepsort", reid, Full: false, null),
            new("(c) bytetrack", "bytetrack", null, Full: true, "(a) detector alone"),
            new("(c) botsort + ReID", "botsort", reid, Full: true, "(b) detector + ReID, botsort's crops"),
            new("(c) deepsort + ReID", "deepsort", reid, Full: true, "(b) detector + ReID, deepsort's crops"),
        };
        var fps = configs.ToDictionary(c => c.Name, _ => new List<double>());
        var cpu = configs.ToDictionary(c => c.Name, _ => new List<double>());
        var engine = new TrackingEngine(new EngineEnvironment { Warn = _ => { }, Info = _ => { } });

        // One untimed pass first: ONNX Runtime and OpenCV settle (allocations, thread pools) before any number counts.
        Measure(engine, configs[1], images, detector, threads);
        for (int round = 0; round < rounds; round++)
        {
            foreach (var config in configs)
            {
                var (seconds, cpuSeconds) = Measure(engine, config, images, detector, threads);
                fps[config.Name].Add(images.Length / seconds);
                cpu[config.Name].Add(cpuSeconds * 1000 / images.Length);
            }
        }

        Console.WriteLine($"{"configuration",-40} {"frames/s",9} {"CPU ms/frame",13}  ratio to baseline: frames/s (per round), CPU");
        foreach (var config in configs)
        {
            string ratio = "";
            if (config.Baseline is { } baseline)
            {
                var perRound = fps[config.Name].Zip(fps[baseline], (c, b) => c / b).ToList();
                // On a busy machine the process gets its share of the cores, so the CPU each frame needs
                // is the steadier comparison: baseline CPU / this CPU is the throughput ratio at equal share.
                double cpuRatio = Median(cpu[baseline]) / Median(cpu[config.Name]);
                ratio = string.Create(CultureInfo.InvariantCulture,
                    $"{Median(perRound):P1} of {baseline[..3]} ({string.Join(", ", perRound.Select(r => r.ToString("P0", CultureInfo.InvariantCulture)))}), CPU {cpuRatio:P1}");
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{config.Name,-40} {Median(fps[config.Name]),9:F1} {Median(cpu[config.Name]),13:F1}  {ratio}"));
        }
        Console.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    /// <summary>Wall and process CPU seconds one configuration takes over all frames; the models are loaded before the clocks start.</summary>
    private static (double Seconds, double CpuSeconds) Measure(TrackingEngine engine, Config config, BgrImage[] images, string detector, int threads)
    {
        var request = new TrackRequest
        {
            Input = Video,
            Tracker = config.Tracker,
            Models = new ModelSettings { Detector = detector, Reid = config.Reid, Threads = threads },
        };
        using var job = engine.Prepare(request);
        if (config.Full)
        {
            var pipeline = job.PipelineOver(new MemoryFeed(images));
            var cpuStart = ProcessCpu();
            var clock = Stopwatch.StartNew();
            pipeline.Run([new CountingObserver()], new StageTimings());
            return (clock.Elapsed.TotalSeconds, ProcessCpu() - cpuStart);
        }
        // The models alone, one after the other on this thread, as a frame needs them.
        // ReID's crops are grouped across frames as the pipeline groups them, so (b) is the models at
        // their best with the same model calls; only the overlap on threads is left to the pipeline.
        var stages = job.Stages.Where(s => s is DetectorStage || ReidStages.IsReid(s)).ToArray();
        var timings = new StageTimings();
        var done = new List<FrameWork>();
        var cpuBefore = ProcessCpu();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < images.Length; i++)
        {
            var work = new FrameWork(i + 1, images[i]);
            foreach (var stage in stages)
            {
                if (stage is GroupingStage grouping)
                {
                    if (grouping.Hold(work)) grouping.Finish(timings, done, all: false);
                }
                else
                {
                    stage.Process(work, timings);
                }
            }
        }
        foreach (var grouping in stages.OfType<GroupingStage>()) grouping.Finish(timings, done, all: true);
        return (watch.Elapsed.TotalSeconds, ProcessCpu() - cpuBefore);
    }

    private static double ProcessCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>The decoded frames, fed again for every run (the pipeline never writes into them).</summary>
    private sealed class MemoryFeed(BgrImage[] images) : FrameFeed
    {
        public override int? FrameCount => images.Length;

        public override IEnumerable<FrameWork> Read(CancellationToken cancellationToken)
        {
            for (int i = 0; i < images.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return new FrameWork(i + 1, images[i]);
            }
        }
    }

    /// <summary>Stands in for the result file: reads every kept box, as a writer would.</summary>
    private sealed class CountingObserver : IFrameObserver
    {
        public long Boxes { get; private set; }

        public bool NeedsPixels => false;

        public void OnFrame(in FrameTracks frame) => Boxes += frame.Tracks.Count;
    }
}
