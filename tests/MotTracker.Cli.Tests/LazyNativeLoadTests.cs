using System.Diagnostics;
using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

/// <summary>
/// Commands that decode nothing must not load OpenCV's 100 MB native library. The dynamic loader's own
/// trace (glibc's LD_DEBUG, written to files) shows which shared libraries a run opened; it needs a
/// real process, so these tests start the mottrack app host built beside the test assembly.
/// </summary>
public sealed class LazyNativeLoadTests
{
    [Fact]
    public void Version_eval_and_public_detection_track_never_load_opencv_but_a_video_track_does()
    {
        string dir = TestData.NewTempDirectory();
        string sequence = TestData.Mot17Sequence("MOT17-05-FRCNN");

        LoadsOpenCv(dir, "version", "--version").ShouldBeFalse();
        LoadsOpenCv(dir, "track", "track", sequence, "-o", "r.txt").ShouldBeFalse();
        LoadsOpenCv(dir, "eval", "eval", "--gt", Path.Combine(sequence, "gt", "gt.txt"), "--results", "r.txt").ShouldBeFalse();
        // The control: the trace does show the library when frames are decoded.
        string video = Path.Combine(dir, "short.avi");
        File.WriteAllBytes(video, File.ReadAllBytes(TestData.Vtest).AsSpan(0, 200_000).ToArray());
        LoadsOpenCv(dir, "video", "track", video, "-o", "v.txt").ShouldBeTrue();
    }

    private static bool LoadsOpenCv(string dir, string label, params string[] args)
    {
        string traceDir = Directory.CreateDirectory(Path.Combine(dir, "ld-" + label)).FullName;
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "mottrack"))
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["LD_DEBUG"] = "files";
        info.Environment["LD_DEBUG_OUTPUT"] = Path.Combine(traceDir, "trace");
        info.Environment["MOTTRACK_MODELS"] = Path.Combine(TestData.Shared, "models");
        using var process = Process.Start(info)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        output.GetAwaiter().GetResult();
        process.ExitCode.ShouldBe(0, error);
        string[] traces = Directory.GetFiles(traceDir);
        traces.ShouldNotBeEmpty("glibc wrote no loader trace");
        return traces.Any(f => File.ReadAllText(f).Contains("libOpenCvSharpExtern", StringComparison.Ordinal));
    }
}
