using System.Diagnostics;
using MotTracker.Inference.Runtime;
using Xunit.Abstractions;

namespace MotTracker.Inference.Tests.Runtime;

[Collection(nameof(RunsAloneCollection))]
public sealed class OrtMemoryTests(ITestOutputHelper output)
{
    private static readonly OrtOptions TwoThreads = new() { IntraOpThreads = 2 };

    [Fact]
    public void Two_hundred_yolox_runs_do_not_grow_resident_memory()
    {
        if (!ResidentMemory.IsAvailable)
            return; // the measurement needs /proc; the behaviour itself is platform-independent

        using var model = new OrtModel(RuntimeTestFiles.YoloxNano, TwoThreads);
        var input = RuntimeTestFiles.PixelPattern(3 * 416 * 416);
        var buffer = new float[3549 * 85];
        long[] shape = [1, 3, 416, 416];
        for (int i = 0; i < 20; i++)
            model.RunInto(input, shape, buffer);
        long warm = ResidentMemory.ReadKiB();

        for (int i = 0; i < 200; i++)
            model.RunInto(input, shape, buffer);
        long after = ResidentMemory.ReadKiB();

        output.WriteLine($"VmRSS after warm-up {warm} KiB, after 200 runs {after} KiB");
        // Each run's output tensor is 1.2 MB; leaking it (or its OrtValue) would add about 240 MB here.
        (after - warm).ShouldBeLessThan(32 * 1024);
    }

    [LongFact]
    public void Ten_thousand_osnet_runs_do_not_grow_resident_memory()
    {
        long start = ResidentMemory.ReadKiB();
        using var model = new OrtModel(RuntimeTestFiles.OsnetX025, TwoThreads);
        var input = RuntimeTestFiles.NormalisedPattern(3 * 256 * 128, seed: 7);
        var buffer = new float[512];
        long[] shape = [1, 3, 256, 128];
        for (int i = 0; i < 100; i++)
            model.RunInto(input, shape, buffer);
        long warm = ResidentMemory.ReadKiB();

        // RunInto keeps the managed side nearly allocation-free (one small shape array per run), so the
        // resident size tracks native memory; with Run, the 2 KB output arrays pile up in gen0 until the
        // first collection and RSS climbs ~15 MB for reasons unrelated to ORT.
        // The first thousand runs still fill ORT's arena and the thread pools' stacks, so growth is judged
        // from run 1,000 on: a leak of even 1 KB per run would add 9 MB by run 10,000.
        long atThousand = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 1; i <= 10_000; i++)
        {
            model.RunInto(input, shape, buffer);
            if (i == 1_000)
                atThousand = ResidentMemory.ReadKiB();
        }
        clock.Stop();
        long after = ResidentMemory.ReadKiB();

        output.WriteLine($"VmRSS before model {start} KiB, after 100 warm-up runs {warm} KiB, after 1,000 runs {atThousand} KiB, "
            + $"after 10,000 runs {after} KiB; mean run {clock.Elapsed.TotalMilliseconds / 10_000:F2} ms");
        (after - atThousand).ShouldBeLessThan(4 * 1024);
    }

    [LongFact]
    public void Timing_report_for_the_shared_models()
    {
        Report("yolox_nano", RuntimeTestFiles.YoloxNano, RuntimeTestFiles.PixelPattern(3 * 416 * 416), [1, 3, 416, 416]);
        Report("osnet_x0_25", RuntimeTestFiles.OsnetX025, RuntimeTestFiles.NormalisedPattern(3 * 256 * 128, 1), [1, 3, 256, 128]);
        Report("osnet_x0_25 batch 4", RuntimeTestFiles.OsnetX025, RuntimeTestFiles.NormalisedPattern(4 * 3 * 256 * 128, 1), [4, 3, 256, 128]);
    }

    private void Report(string name, string path, float[] input, long[] shape)
    {
        using var model = new OrtModel(path, TwoThreads);
        var clock = Stopwatch.StartNew();
        model.Run(input, shape);
        double first = clock.Elapsed.TotalMilliseconds;
        for (int i = 0; i < 10; i++)
            model.Run(input, shape);
        const int runs = 300;
        clock.Restart();
        for (int i = 0; i < runs; i++)
            model.Run(input, shape);
        double mean = clock.Elapsed.TotalMilliseconds / runs;
        output.WriteLine($"{name}: session creation {model.SessionCreationTime.TotalMilliseconds:F1} ms, first run {first:F1} ms, "
            + $"mean of {runs} runs {mean:F2} ms (intra-op threads 2)");
    }
}
