using System.Diagnostics;
using System.Globalization;
using MotTracker.Core;
using MotTracker.Inference.Reid;
using MotTracker.Inference.Runtime;

namespace MotTracker.Benchmarks;

/// <summary>
/// <c>reid</c> mode: what one ReID model run costs as a fixed part per call and a part per crop. The same
/// person-sized crops of vtest.avi are prepared once, then embedded in groups of 1, 2, 4, 8, 16 and 32
/// crops per call (alternating rounds, one intra-op thread unless <c>--threads</c>), timing the calling
/// thread's CPU and the wall clock. Crop preparation (cut, resize, normalise) is timed on its own.
/// </summary>
internal static class ReidCallTiming
{
    private const string Video = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    public static int Run(string[] args)
    {
        int crops = Options.Int(args, "--crops", 64);
        int rounds = Options.Int(args, "--rounds", 3);
        int threads = Options.Int(args, "--threads", 1);
        string reid = Options.Value(args, "--reid") ?? "osnet_x0_25_msmt17";
        string models = Environment.GetEnvironmentVariable("MOTTRACK_MODELS") ?? SharedData.Models;
        using var embedder = new OsnetEmbedder(new OrtModel(Path.Combine(models, "reid", reid + ".onnx"), new OrtOptions { IntraOpThreads = threads }));

        // People-sized boxes spread over a few frames; a crop's cost does not depend on what it shows.
        var images = CameraMotionTiming.Decode(Video, 8);
        int slot = embedder.CropLength;
        var data = new float[crops * slot];
        // Five passes, the first ones warming the JIT up; the median pass counts.
        var prepare = new List<double>();
        for (int pass = 0; pass < 5; pass++)
        {
            double start = ThreadCpu.Milliseconds();
            for (int i = 0; i < crops; i++)
            {
                var box = new BoundingBox(20 + (i * 53) % 680, 40 + (i * 97) % 420, 30 + i % 20, 80 + i % 50);
                embedder.PrepareCrop(images[i % images.Length], box, data.AsSpan(i * slot, slot));
            }
            prepare.Add(ThreadCpu.Milliseconds() - start);
        }
        double prepareCpu = Median(prepare);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ReID {reid}, {crops} crops of {embedder.CropWidth}x{embedder.CropHeight}, --threads {threads}, {rounds} alternating rounds, load average {LoadAverage()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"preparing a crop (cut, resize, normalise): {prepareCpu / crops:F3} ms thread CPU"));

        int[] groups = [1, 2, 4, 6, 8, 12, 16, 32];
        var cpu = groups.ToDictionary(g => g, _ => new List<double>());
        var wall = groups.ToDictionary(g => g, _ => new List<double>());
        embedder.EmbedCrops(data.AsSpan(0, 32 * slot), 32); // warm-up: ORT allocates its arenas on the first runs
        for (int round = 0; round < rounds; round++)
        {
            foreach (int group in groups)
            {
                double c0 = ThreadCpu.Milliseconds();
                var clock = Stopwatch.StartNew();
                for (int start = 0; start + group <= crops; start += group)
                    embedder.EmbedCrops(data.AsSpan(start * slot, group * slot), group);
                wall[group].Add(clock.Elapsed.TotalMilliseconds);
                cpu[group].Add(ThreadCpu.Milliseconds() - c0);
            }
        }

        Console.WriteLine($"{"crops/call",10} {"calls",6} {"CPU ms/call",12} {"CPU ms/crop",12} {"wall ms/call",13} {"wall ms/crop",13}");
        foreach (int group in groups)
        {
            int calls = crops / group;
            double c = Median(cpu[group]), w = Median(wall[group]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{group,10} {calls,6} {c / calls,12:F2} {c / (calls * group),12:F3} {w / calls,13:F2} {w / (calls * group),13:F3}"));
        }
        // A straight line through the one-crop and 32-crop calls: fixed cost per call and cost per crop.
        double one = Median(cpu[1]) / crops, many = Median(cpu[32]) / (crops / 32);
        double perCrop = (many - one) / 31, perCall = one - perCrop;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fit (thread CPU): {perCall:F2} ms a call + {perCrop:F3} ms a crop"));
        Console.WriteLine($"load average after: {LoadAverage()}");
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
