using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Shouldly;
using Xunit;

namespace MotTracker.Tests;

/// <summary>Runs only where the ffmpeg program is installed (CI installs it): it serves a test's stream, and the product reads network streams through it.</summary>
internal sealed class NeedsFfmpegFactAttribute : FactAttribute
{
    public NeedsFfmpegFactAttribute()
    {
        if (!Ffmpeg.Installed())
            Skip = "the ffmpeg program is not installed: network streams are served and read with it";
    }
}

/// <summary>The ffmpeg program as a test's stream server (one client per server, like a camera's single connection).</summary>
internal static class Ffmpeg
{
    public sealed class Server(Process process) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                if (!process.HasExited) process.Kill();
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException) { }
            process.Dispose();
        }
    }

    /// <summary>
    /// Serves <paramref name="clip"/> as MPEG-TS over HTTP at <paramref name="url"/>: looped without pacing, or
    /// once at <paramref name="readRate"/> times its own speed when that is given (a finite stream that ends).
    /// </summary>
    public static Server Serve(string clip, string url, int? readRate = null)
    {
        var start = new ProcessStartInfo("ffmpeg") { UseShellExecute = false, RedirectStandardError = true };
        string[] input = readRate is { } rate ? ["-readrate", rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", clip] : ["-stream_loop", "-1", "-i", clip];
        foreach (string a in (string[])["-nostdin", "-loglevel", "error", .. input, "-c", "copy", "-f", "mpegts", "-listen", "1", url])
            start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        process.BeginErrorReadLine();
        var server = new Server(process);
        int port = new Uri(url).Port;
        var waited = Stopwatch.StartNew();
        // Poll the port without connecting (a connection would be the server's one client).
        while (!System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Any(l => l.Port == port))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                server.Dispose();
                throw new TimeoutException($"ffmpeg did not listen on port {port}");
            }
            Thread.Sleep(50);
        }
        return server;
    }

    public static bool Installed() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "ffmpeg")));

    public static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { UseShellExecute = false, RedirectStandardError = true };
        foreach (string a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        string errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, errors);
    }

    /// <summary>The first <paramref name="frames"/> frames of vtest.avi (10 fps) as MPEG-2 in MPEG-TS at <paramref name="path"/>: the tests' stream format.</summary>
    public static string VtestClip(string path, int frames)
    {
        Run("-nostdin", "-loglevel", "error", "-i", TestData.Vtest, "-frames:v", frames.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c:v", "mpeg2video", "-q:v", "8", "-f", "mpegts", path);
        return path;
    }

    /// <summary>
    /// A stand-in ffmpeg (for MOTTRACK_FFMPEG or the stream source's program) in <paramref name="directory"/>: a shell
    /// script that logs its arguments to calls.txt beside it, one call a line, then runs <paramref name="body"/>.
    /// </summary>
    public static string StandIn(string directory, string body)
    {
        string path = Path.Combine(directory, "ffmpeg.sh");
        File.WriteAllText(path, $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> \"$(dirname \"$0\")/calls.txt\"\n{body}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
