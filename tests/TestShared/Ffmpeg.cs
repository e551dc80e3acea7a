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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
