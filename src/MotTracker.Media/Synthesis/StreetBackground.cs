using OpenCvSharp;

namespace MotTracker.Media.Synthesis;

/// <summary>
/// An empty street: the per-pixel median of a pedestrian video's frames. Each spot is walked over in only
/// a minority of the frames, so the median is the pavement itself.
/// </summary>
public static class StreetBackground
{
    /// <summary>Every tenth frame: 80 samples of vtest.avi, about 8 s apart, enough for a clean median.</summary>
    public const int DefaultSampleStep = 10;

    /// <summary>The median of every <paramref name="sampleStep"/>-th frame of <paramref name="videoPath"/>, as 8-bit BGR.</summary>
    /// <exception cref="FileNotFoundException">The video does not exist or cannot be decoded.</exception>
    public static Mat Median(string videoPath, int sampleStep = DefaultSampleStep)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleStep, 1);
        if (!File.Exists(videoPath))
            throw new FileNotFoundException($"background video '{videoPath}' not found (vtest.avi comes with: apt-get install opencv-doc)", videoPath);
        OpenCvRuntime.EnsureInitialized();
        var samples = new List<byte[]>();
        int width = 0, height = 0;
        using (var capture = new VideoCapture(videoPath, VideoCaptureAPIs.FFMPEG))
        {
            if (!capture.IsOpened())
                throw new FileNotFoundException($"cannot decode background video '{videoPath}'", videoPath);
            using var frame = new Mat();
            for (int index = 0; capture.Grab(); index++)
            {
                if (index % sampleStep != 0) continue;
                capture.Retrieve(frame);
                if (frame.Empty() || frame.Type() != MatType.CV_8UC3) continue;
                if (samples.Count == 0) { width = frame.Width; height = frame.Height; }
                if (frame.Width != width || frame.Height != height) continue;
                var bytes = new byte[width * height * 3];
                if (frame.IsContinuous())
                {
                    System.Runtime.InteropServices.Marshal.Copy(frame.Data, bytes, 0, bytes.Length);
                }
                else
                {
                    using var packed = frame.Clone();
                    System.Runtime.InteropServices.Marshal.Copy(packed.Data, bytes, 0, bytes.Length);
                }
                samples.Add(bytes);
            }
        }
        if (samples.Count == 0)
            throw new FileNotFoundException($"no frames decoded from background video '{videoPath}'", videoPath);
        return MedianOf(samples, width, height);
    }

    /// <summary>
    /// OpenCV has no temporal median, so it is computed here: a 256-bin count per pixel channel over the
    /// samples, then the value where the count passes the middle (the lower median for an even count).
    /// </summary>
    internal static Mat MedianOf(IReadOnlyList<byte[]> samples, int width, int height)
    {
        OpenCvRuntime.EnsureInitialized();
        int length = width * height * 3;
        var median = new byte[length];
        int middle = (samples.Count - 1) / 2;
        Span<int> counts = stackalloc int[256];
        for (int i = 0; i < length; i++)
        {
            counts.Clear();
            foreach (byte[] sample in samples) counts[sample[i]]++;
            int seen = 0, value = 0;
            while ((seen += counts[value]) <= middle) value++;
            median[i] = (byte)value;
        }
        var result = new Mat(height, width, MatType.CV_8UC3);
        System.Runtime.InteropServices.Marshal.Copy(median, 0, result.Data, length);
        return result;
    }
}
