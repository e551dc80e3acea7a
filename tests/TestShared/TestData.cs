namespace MotTracker.Tests;

/// <summary>Locates the repository root and the shared data folder beside it (../shared).</summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MotTracker.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("MotTracker.sln not found above " + AppContext.BaseDirectory);
    });

    public static string RepoRoot => Root.Value;

    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string Mot17Train => Path.Combine(Shared, "data", "MOT17", "train");

    public static string Mot17Sequence(string name) => Path.Combine(Mot17Train, name);

    public static readonly string[] Mot17Sequences =
    [
        "MOT17-02-FRCNN", "MOT17-04-FRCNN", "MOT17-05-FRCNN", "MOT17-09-FRCNN",
        "MOT17-10-FRCNN", "MOT17-11-FRCNN", "MOT17-13-FRCNN",
    ];

    /// <summary>A fresh empty folder under the system temp folder.</summary>
    public static string NewTempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "mottrack-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
