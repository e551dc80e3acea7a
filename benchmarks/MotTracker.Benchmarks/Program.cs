using BenchmarkDotNet.Running;

namespace MotTracker.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>cmc</c> runs the camera-motion timing, <c>pipeline</c> the end-to-end throughput against the models alone; anything else goes to BenchmarkDotNet (<c>--filter '*'</c>).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "cmc") return CameraMotionTiming.Run(args);
        if (args.Length > 0 && args[0] == "pipeline") return PipelineThroughput.Run(args);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
