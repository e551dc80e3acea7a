using System.Diagnostics;
using System.Globalization;
using MotTracker.Core;
using MotTracker.Media;
using MotTracker.Media.CameraMotion;

namespace MotTracker.Benchmarks;

/// <summary>
/// <c>cmc</c> mode: milliseconds per frame of <c>--cmc sparse</c>'s estimator (our setting) and of
/// BoT-SORT's reference setting, on the same decoded frames held in memory, one OpenCV thread. The two
/// passes alternate, so a change of load on a shared machine hits both alike. A BenchmarkDotNet mean
/// would hide what matters here: the per-frame median, and how far the two estimates are apart.
/// </summary>
internal static class CameraMotionTiming
{
    private const string VtestVideo = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    public static int Run(string[] args)
    {
        int frames = Options.Int(args, "--frames", 795);
        string video = Options.Value(args, "--video") ?? VtestVideo;
        string? camera = Options.Value(args, "--camera");
        int rounds = Options.Int(args, "--rounds", 3);
        OpenCvSharp.Cv2.SetNumThreads(1);
        var images = Decode(video, frames);
        Console.WriteLine($"camera motion on {images.Length} frames of {Path.GetFileName(video)} ({images[0].Width}x{images[0].Height}), 1 OpenCV thread, {rounds} alternating rounds");

        var settings = new List<(string Name, SparseFlowSettings Settings)> { ("reference", SparseFlowSettings.Reference), ("default", SparseFlowSettings.Default) };

        var times = settings.Select(_ => new List<double>()).ToArray();
        var cpu = settings.Select(_ => new List<double>()).ToArray();
        var warps = new AffineWarp[settings.Count][];
        for (int round = 0; round < rounds; round++)
        {
            for (int s = 0; s < settings.Count; s++)
                warps[s] = Pass(settings[s].Settings, images, times[s], cpu[s]);
        }

        for (int s = 0; s < settings.Count; s++)
        {
            var p = settings[s].Settings;
            Console.WriteLine($"{settings[s].Name,-10} downscale {p.Downscale}, {p.MaxCorners} corners, min distance {p.MinDistance}, reuse {p.ReuseTracked}");
            Console.WriteLine($"  thread CPU {Summary(cpu[s])}");
            Console.WriteLine($"  wall       {Summary(times[s])}");
        }
        // How far each estimate is from the reference's, as the shift of the frame's centre.
        double cx = images[0].Width / 2.0, cy = images[0].Height / 2.0;
        for (int s = 1; s < settings.Count; s++)
        {
            var gaps = warps[0].Zip(warps[s], (a, b) => Math.Sqrt(Sq(a.M11 * cx + a.M12 * cy + a.M13 - (b.M11 * cx + b.M12 * cy + b.M13)) + Sq(a.M21 * cx + a.M22 * cy + a.M23 - (b.M21 * cx + b.M22 * cy + b.M23)))).Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{settings[s].Name} vs reference, centre moved differently by: median {gaps[gaps.Length / 2]:F3} px, p99 {gaps[(int)(gaps.Length * 0.99)]:F3} px, max {gaps[^1]:F3} px"));
        }
        if (camera is not null) CompareWithTruth(camera, images, settings.Select(s => s.Name).ToArray(), warps);
        return 0;
    }

    /// <summary>
    /// Error of each estimate against a synthetic scene's true camera (<c>mottrack synth</c>'s camera.txt:
    /// per frame the affine from canvas to image, so frame i-1 to frame i is A_i A_{i-1}^-1), as the mean
    /// distance between where the estimate and the truth move nine points (corners, edge middles, centre).
    /// </summary>
    private static void CompareWithTruth(string cameraFile, BgrImage[] images, string[] names, AffineWarp[][] warps)
    {
        var canvasToImage = new Dictionary<int, double[]>();
        foreach (string line in File.ReadLines(cameraFile))
        {
            if (line.StartsWith('#')) continue;
            var v = line.Split(',').Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            canvasToImage[(int)v[0]] = v[1..];
        }
        int w = images[0].Width - 1, h = images[0].Height - 1;
        var points = new (double X, double Y)[] { (0, 0), (w / 2.0, 0), (w, 0), (0, h / 2.0), (w / 2.0, h / 2.0), (w, h / 2.0), (0, h), (w / 2.0, h), (w, h) };
        for (int s = 0; s < names.Length; s++)
        {
            var errors = new List<double>();
            for (int i = 1; i < images.Length; i++)
            {
                // images[i] is frame i + 1; its estimate maps frame i's pixels to frame i + 1's.
                if (!canvasToImage.TryGetValue(i, out var before) || !canvasToImage.TryGetValue(i + 1, out var after)) continue;
                double error = 0;
                foreach (var (x, y) in points)
                {
                    var (cx, cy) = Invert(before, x, y);
                    double tx = after[0] * cx + after[1] * cy + after[2], ty = after[3] * cx + after[4] * cy + after[5];
                    var e = warps[s][i];
                    error += Math.Sqrt(Sq(e.M11 * x + e.M12 * y + e.M13 - tx) + Sq(e.M21 * x + e.M22 * y + e.M23 - ty));
                }
                errors.Add(error / points.Length);
            }
            var sorted = errors.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{names[s]} vs the true camera: mean {sorted.Average():F3} px, median {sorted[sorted.Length / 2]:F3}, p99 {sorted[(int)(sorted.Length * 0.99)]:F3}, max {sorted[^1]:F3} ({sorted.Length} frames)"));
        }
    }

    /// <summary>The canvas point an image point comes from, under a 2x3 affine [a b tx; c d ty].</summary>
    private static (double X, double Y) Invert(double[] m, double x, double y)
    {
        double det = m[0] * m[4] - m[1] * m[3];
        double u = x - m[2], v = y - m[5];
        return ((m[4] * u - m[1] * v) / det, (-m[3] * u + m[0] * v) / det);
    }

    private static double Sq(double v) => v * v;

    private static string Summary(List<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"median {sorted[sorted.Length / 2]:F2} ms/frame, mean {sorted.Average():F2}, p90 {sorted[(int)(sorted.Length * 0.9)]:F2}");
    }

    private static AffineWarp[] Pass(SparseFlowSettings settings, BgrImage[] images, List<double> times, List<double> cpu)
    {
        var warps = new AffineWarp[images.Length];
        using var estimator = new SparseFlowCameraMotion(settings);
        var clock = new Stopwatch();
        for (int i = 0; i < images.Length; i++)
        {
            double cpuStart = ThreadCpu.Milliseconds();
            clock.Restart();
            warps[i] = estimator.Estimate(images[i]);
            // The first frame only prepares (nothing to compare with); it is not a frame's cost.
            if (i == 0) continue;
            times.Add(clock.Elapsed.TotalMilliseconds);
            cpu.Add(ThreadCpu.Milliseconds() - cpuStart);
        }
        return warps;
    }

    public static BgrImage[] Decode(string video, int frames)
    {
        using var source = FrameSources.Open(video);
        return [.. source.ReadFrames().Take(frames).Select(f => f.Image)];
    }
}

/// <summary>
/// CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): on a shared machine the wall
/// clock also counts the time other processes held the core, this clock only the work done.
/// </summary>
internal static partial class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    public static double Milliseconds()
    {
        ClockGetTime(ClockThreadCpuTime, out var t);
        return t.Seconds * 1e3 + t.Nanoseconds / 1e6;
    }
}

/// <summary>The few <c>--name value</c> options the custom modes take.</summary>
internal static class Options
{
    public static int Int(string[] args, string name, int fallback)
    {
        string? value = Value(args, name);
        return value is null ? fallback : int.Parse(value, CultureInfo.InvariantCulture);
    }

    public static string? Value(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
