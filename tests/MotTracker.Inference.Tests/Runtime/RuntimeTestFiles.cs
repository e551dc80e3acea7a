namespace MotTracker.Inference.Tests.Runtime;

/// <summary>The shared models used by the runtime tests, and deterministic inputs for them.</summary>
internal static class RuntimeTestFiles
{
    public static string YoloxNano => Path.Combine(TestData.Models, "detector", "yolox_nano.onnx");

    public static string OsnetX025 => Path.Combine(TestData.Models, "reid", "osnet_x0_25_msmt17.onnx");

    /// <summary>A fixed, non-trivial pattern in [0, 255], the value range of YOLOX's BGR input.</summary>
    public static float[] PixelPattern(int length, int seed = 0)
    {
        var data = new float[length];
        for (int i = 0; i < length; i++)
            data[i] = (float)((i * 7919L + seed * 104729L) % 256);
        return data;
    }

    /// <summary>A fixed pattern roughly in the range of ImageNet-normalised input, as OSNet expects.</summary>
    public static float[] NormalisedPattern(int length, int seed)
    {
        var data = new float[length];
        for (int i = 0; i < length; i++)
            data[i] = ((i * 31L + seed * 977L) % 255 / 255f - 0.45f) / 0.225f;
        return data;
    }
}
