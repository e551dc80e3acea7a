using System.Diagnostics;
using BenchmarkDotNet.Running;

namespace MotTracker.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>cmc</c> runs the camera-motion timing, <c>pipeline</c> the end-to-end throughput against the models alone, <c>reid</c> ReID cost per call and per crop,
    /// <c>cpu-time</c> the trackers' association in CPU time; anything else goes to BenchmarkDotNet (<c>--filter '*'</c>).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "cmc") return CameraMotionTiming.Run(args);
        if (args.Length > 0 && args[0] == "pipeline") return PipelineThroughput.Run(args);
        if (args.Length > 0 && args[0] == "reid") return ReidCallTiming.Run(args);
        if (args is ["cpu-time", ..])
        {
            CpuTime(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
            return 0;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    /// <summary>
    /// `cpu-time [measurements]`: the published trackers' association in frames per second of this process's CPU
    /// time, best of the measurements (ten passes each). On a shared machine wall-clock means swing with the load (BenchmarkDotNet
    /// measures wall time); CPU time stays close to what an idle core would give.
    /// </summary>
    private static void CpuTime(int measurements)
    {
        var bench = new PublishedTrackerBenchmarks();
        bench.Setup();
        (string Name, Func<int> Run)[] cases =
        [
            ("ByteTrack", bench.ByteTrack), ("BoostTrack", bench.BoostTrack), ("BoostTrack++", bench.BoostTrackPlusPlus),
            ("Deep OC-SORT", bench.DeepOcSort), ("StrongSORT", bench.StrongSort), ("Hybrid-SORT", bench.HybridSort),
        ];
        var process = Process.GetCurrentProcess();
        foreach (var (name, run) in cases)
        {
            for (int i = 0; i < 3; i++) run(); // warm-up: tiered JIT
            double best = double.PositiveInfinity;
            for (int i = 0; i < measurements; i++)
            {
                process.Refresh();
                var before = process.TotalProcessorTime;
                // Ten passes a measurement: the process's CPU time advances in clock ticks (10 ms).
                for (int pass = 0; pass < 10; pass++) run();
                process.Refresh();
                best = Math.Min(best, (process.TotalProcessorTime - before).TotalSeconds / 10);
            }
            Console.WriteLine($"{name,-14} {PublishedTrackerBenchmarks.FrameCount / best,10:N0} frames/s of CPU (best of {measurements}: {best * 1000:F1} ms)");
        }
    }
}
