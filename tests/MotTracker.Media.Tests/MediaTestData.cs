using System.Buffers.Binary;
using OpenCvSharp;

namespace MotTracker.Media.Tests;

/// <summary>Makes small synthetic test inputs with OpenCV itself (no ffmpeg executable needed).</summary>
internal static class MediaTestData
{
    /// <summary>
    /// A one-frame image of a solid colour (hex like "ff0000" = red), format from the extension
    /// (PNG and BMP keep the exact colour, JPEG rounds it a little).
    /// </summary>
    public static void WriteSolidImage(string path, int width, int height, string rgbHex)
    {
        int rgb = Convert.ToInt32(rgbHex, 16);
        using var image = new Mat(height, width, MatType.CV_8UC3, new Scalar(rgb & 0xFF, (rgb >> 8) & 0xFF, rgb >> 16));
        Cv2.ImWrite(path, image).ShouldBeTrue($"could not write {path}");
    }

    /// <summary>A short MJPG .avi whose frame i is a flat grey of level 10 * i.</summary>
    public static void WriteGreyVideo(string path, int frames, int width = 64, int height = 48, double fps = 10)
    {
        using var writer = new VideoWriter(path, VideoCaptureAPIs.FFMPEG, FourCC.FromString("MJPG"), fps, new OpenCvSharp.Size(width, height), true);
        writer.IsOpened().ShouldBeTrue($"could not write {path}");
        for (int i = 0; i < frames; i++)
        {
            using var frame = new Mat(height, width, MatType.CV_8UC3, Scalar.All(10 * i % 256));
            writer.Write(frame);
        }
    }

    /// <summary>One second of a 440 Hz tone as a 16-bit mono WAV file: a real media file with no video stream.</summary>
    public static void WriteToneWav(string path)
    {
        const int rate = 8000;
        var data = new byte[rate * 2];
        for (int i = 0; i < rate; i++)
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i * 2), (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / rate)));
        var header = new byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), 36 + data.Length);
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), 16);     // fmt chunk size
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(20), 1);      // PCM
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(22), 1);      // mono
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24), rate);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(28), rate * 2); // bytes per second
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(32), 2);      // block align
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(34), 16);     // bits per sample
        "data"u8.CopyTo(header.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(40), data.Length);
        File.WriteAllBytes(path, [.. header, .. data]);
    }

    /// <summary>Runs work on a pool thread and fails the test instead of hanging if it takes far too long.</summary>
    public static T WithinTimeout<T>(Func<T> work, int seconds = 120)
    {
        Task<T> task = Task.Run(work);
        // Waits on the handle rather than task.Wait so a failure surfaces as the original exception below.
        if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(seconds)))
            throw new TimeoutException($"did not finish within {seconds} s (hang?)");
        return task.GetAwaiter().GetResult(); // rethrows the original exception, not an AggregateException
    }
}
