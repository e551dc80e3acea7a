namespace MotTracker.Tests;

/// <summary>Locates the MOT data in ../shared (beside the repository root) at test run time.</summary>
internal static class SharedData
{
    /// <summary>/…/shared/data.</summary>
    public static string DataDirectory => Path.Combine(TestData.Shared, "data");

    public static string Path17Train => Path.Combine(DataDirectory, "MOT17", "train");
    public static string Path15Train => Path.Combine(DataDirectory, "MOT15", "train");
    public static string MoTTDirectory => Path.Combine(DataDirectory, "trackers", "MOT17-train", "imzhangyd_MoTT");
    public static string CemDirectory => Path.Combine(DataDirectory, "trackers", "MOT15-train", "CEM");
}
