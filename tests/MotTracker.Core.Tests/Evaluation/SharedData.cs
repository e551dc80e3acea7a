namespace MotTracker.Core.Tests.Evaluation;

/// <summary>Locates the MOT data in ../shared (beside the repository root) at test run time.</summary>
internal static class SharedData
{
    /// <summary>/…/shared/data.</summary>
    public static string DataDirectory => Path.Combine(MotTracker.Tests.TestData.Shared, "data");

    public static string Path17Train => Path.Combine(DataDirectory, "MOT17", "train");
    public static string Path15Train => Path.Combine(DataDirectory, "MOT15", "train");
    public static string MoTTDirectory => Path.Combine(DataDirectory, "trackers", "MOT17-train", "imzhangyd_MoTT");
    public static string CemDirectory => Path.Combine(DataDirectory, "trackers", "MOT15-train", "CEM");
}

/// <summary>A temporary folder deleted when the test ends.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mottrack-eval-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
