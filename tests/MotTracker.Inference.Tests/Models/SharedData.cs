namespace MotTracker.Inference.Tests.Models;

/// <summary>Paths to the staged models and MOT17 frames in ../shared next to the repository.</summary>
internal static class SharedData
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Root => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));
    public static string Models => Path.Combine(Root, "models");
    public static string Mot17Train => Path.Combine(Root, "data", "MOT17", "train");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MotTracker.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"no MotTracker.sln above {AppContext.BaseDirectory}");
    }
}
