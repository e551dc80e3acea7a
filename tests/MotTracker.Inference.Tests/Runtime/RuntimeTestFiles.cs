namespace MotTracker.Inference.Tests.Runtime;

/// <summary>Locates the shared models (../shared next to the repo root) and builds deterministic inputs.</summary>
internal static class RuntimeTestFiles
{
    private static readonly Lazy<string> s_sharedModels = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MotTracker.sln")))
            dir = dir.Parent;
        if (dir?.Parent is null)
            throw new InvalidOperationException($"No MotTracker.sln above {AppContext.BaseDirectory}.");
        return Path.Combine(dir.Parent.FullName, "shared", "models");
    });

    public static string YoloxNano => Path.Combine(s_sharedModels.Value, "detector", "yolox_nano.onnx");

    public static string OsnetX025 => Path.Combine(s_sharedModels.Value, "reid", "osnet_x0_25_msmt17.onnx");

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
