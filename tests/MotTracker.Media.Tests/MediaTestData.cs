using System.Diagnostics;

namespace MotTracker.Media.Tests;

/// <summary>Locates the real test inputs and makes small synthetic ones.</summary>
internal static class MediaTestData
{
    private const string VtestDefault = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    /// <summary>OpenCV's sample video (Debian package opencv-doc): 768x576, 10 fps, 795 frames.</summary>
    public static string VtestAvi { get; } = FindVtest();

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SharedData => Path.Combine(RepoRoot, "..", "shared", "data");

    public static string Mot17Sequence(string name) => Path.Combine(SharedData, "MOT17", "train", name);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MotTracker.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("MotTracker.sln not found above " + AppContext.BaseDirectory);
    }

    private static string FindVtest()
    {
        if (File.Exists(VtestDefault))
            return VtestDefault;
        // Other distributions may install the package's files elsewhere; ask dpkg where it put them.
        var info = new ProcessStartInfo("dpkg") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add("opencv-doc");
        using var process = Process.Start(info)!;
        string listing = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return listing.Split('\n').FirstOrDefault(l => l.EndsWith("/vtest.avi", StringComparison.Ordinal))
            ?? throw new FileNotFoundException("vtest.avi not found: install it with apt-get install opencv-doc");
    }

    public static string FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists) ?? throw new FileNotFoundException($"{tool} not on PATH: apt-get install ffmpeg");

    /// <summary>Runs ffmpeg to make a test input; throws with ffmpeg's message if that fails.</summary>
    public static void RunFfmpeg(params string[] arguments)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "-nostdin", "-hide_banner", "-v", "error", "-y" }.Concat(arguments))
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed: {error}");
    }

    /// <summary>
    /// A one-frame image of a solid colour (hex like "ff0000" = red), format from the extension. Generated
    /// in rgb24 so a PNG holds the exact colour (the default yuv path rounds 255 to 253).
    /// </summary>
    public static void WriteSolidImage(string path, int width, int height, string rgbHex) =>
        RunFfmpeg("-f", "lavfi", "-i", $"color=c=0x{rgbHex}:s={width}x{height},format=rgb24", "-frames:v", "1", path);

    /// <summary>Runs work on a pool thread and fails the test instead of hanging if it takes far too long.</summary>
    public static T WithinTimeout<T>(Func<T> work, int seconds = 120)
    {
        Task<T> task = Task.Run(work);
        // Waits on the handle rather than task.Wait so a failure surfaces as the original exception below.
        if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(seconds)))
            throw new TimeoutException($"did not finish within {seconds} s (hang?)");
        return task.GetAwaiter().GetResult(); // rethrows the original exception, not an AggregateException
    }

    /// <summary>True when no process with this id exists any more (exited and reaped, so not a zombie either).</summary>
    public static bool ProcessIsGone(int pid)
    {
        string stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
            return true;
        try
        {
            // A pid can be reused quickly, but never by a zombie of ours: state 'Z' would mean not reaped.
            string text = File.ReadAllText(stat);
            string afterName = text[(text.LastIndexOf(')') + 2)..];
            return afterName[0] != 'Z' && !text.Contains("(ffmpeg)", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return true;
        }
    }
}

/// <summary>A temp folder deleted after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mottrack-media-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in /tmp must not fail a test that passed.
        }
    }
}
