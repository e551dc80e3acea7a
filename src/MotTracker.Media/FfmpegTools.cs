using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace MotTracker.Media;

/// <summary>Finds the ffmpeg/ffprobe executables and starts them without a shell.</summary>
internal static class FfmpegTools
{
    public const string FfmpegEnvironmentVariable = "MOTTRACK_FFMPEG";
    public const string FfprobeEnvironmentVariable = "MOTTRACK_FFPROBE";

    private static readonly ConcurrentDictionary<string, string> EncoderListCache = new(StringComparer.Ordinal);

    public static string EnvironmentVariableFor(string tool) =>
        tool == "ffprobe" ? FfprobeEnvironmentVariable : FfmpegEnvironmentVariable;

    public static string ResolveFfmpeg(string? explicitPath) => Resolve(explicitPath, FfmpegEnvironmentVariable, "ffmpeg");

    public static string ResolveFfprobe(string? explicitPath) => Resolve(explicitPath, FfprobeEnvironmentVariable, "ffprobe");

    private static string Resolve(string? explicitPath, string variable, string fallback)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
            return explicitPath;
        string? fromEnvironment = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? fallback : fromEnvironment;
    }

    /// <summary>
    /// Starts a process with an argument list (no shell, so file names with spaces or quotes are safe).
    /// A missing executable becomes <see cref="FfmpegNotFoundException"/>.
    /// </summary>
    public static Process Start(string tool, string executable, IEnumerable<string> arguments,
        bool redirectInput, bool redirectOutput)
    {
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = redirectOutput,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (string argument in arguments)
            info.ArgumentList.Add(argument);

        try
        {
            return Process.Start(info) ?? throw new FfmpegNotFoundException(tool, executable, null);
        }
        catch (Win32Exception ex)
        {
            throw new FfmpegNotFoundException(tool, executable, ex);
        }
    }

    /// <summary>Runs a short command to completion, killing it after <paramref name="timeout"/>.</summary>
    public static (int ExitCode, string Output, string Error) Run(string tool, string executable,
        IEnumerable<string> arguments, TimeSpan timeout)
    {
        using Process process = Start(tool, executable, arguments, redirectInput: false, redirectOutput: true);
        // Both pipes are read concurrently: reading one to the end first could deadlock on the other.
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            KillAndWait(process);
            throw new TimeoutException($"{tool} did not finish within {timeout.TotalSeconds:0} s and was stopped");
        }
        process.WaitForExit();
        return (process.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
    }

    /// <summary>Kills the process and its children and reaps it, so nothing is left running or as a zombie.</summary>
    public static void KillAndWait(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill: nothing left to stop.
        }
        catch (Win32Exception)
        {
            // Same race reported by the OS; WaitForExit below still reaps it.
        }
        process.WaitForExit();
    }

    /// <summary>Whether this ffmpeg build has the named encoder (e.g. libx264 is absent from some builds).</summary>
    public static bool HasEncoder(string ffmpeg, string encoder)
    {
        string list = EncoderListCache.GetOrAdd(ffmpeg, path =>
        {
            var (exitCode, output, _) = Run("ffmpeg", path, ["-hide_banner", "-v", "error", "-encoders"], TimeSpan.FromSeconds(30));
            return exitCode == 0 ? output : string.Empty;
        });
        foreach (string line in list.Split('\n'))
        {
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts[1] == encoder)
                return true;
        }
        return false;
    }
}
