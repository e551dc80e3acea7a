using System.Diagnostics;

namespace MotTracker.Media.Tests;

/// <summary>Locates the real test inputs and makes small synthetic ones.</summary>
internal static class MediaTestData
{
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
