using System.Diagnostics;

namespace MotTracker.Tests;

/// <summary>Locates the repository root, the shared data beside it (../shared) and other real test inputs.</summary>
internal static class TestData
{
    private const string VtestDefault = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MotTracker.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("MotTracker.sln not found above " + AppContext.BaseDirectory);
    });

    private static readonly Lazy<string> VtestPath = new(FindVtest);

    public static string RepoRoot => Root.Value;

    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string Models => Path.Combine(Shared, "models");

    public static string Mot17Train => Path.Combine(Shared, "data", "MOT17", "train");

    public static string Mot17Sequence(string name) => Path.Combine(Mot17Train, name);

    public static readonly string[] Mot17Sequences =
    [
        "MOT17-02-FRCNN", "MOT17-04-FRCNN", "MOT17-05-FRCNN", "MOT17-09-FRCNN",
        "MOT17-10-FRCNN", "MOT17-11-FRCNN", "MOT17-13-FRCNN",
    ];

    /// <summary>OpenCV's sample pedestrian video (Debian package opencv-doc): 768x576, 795 frames.</summary>
    public static string Vtest => VtestPath.Value;

    /// <summary>A fresh empty folder under the system temp folder.</summary>
    public static string NewTempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), "mottrack-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindVtest()
    {
        if (File.Exists(VtestDefault))
            return VtestDefault;
        // Other distributions may install the package's files elsewhere; ask dpkg where it put them.
        var info = new ProcessStartInfo("dpkg") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-L");
        info.ArgumentList.Add("opencv-doc");
        using var process = Process.Start(info)!;
        string listing = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return listing.Split('\n').FirstOrDefault(l => l.EndsWith("/vtest.avi", StringComparison.Ordinal))
            ?? throw new FileNotFoundException("vtest.avi not found: install it with apt-get install opencv-doc");
    }
}

/// <summary>A temporary folder deleted when the test ends.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = TestData.NewTempDirectory();
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public string File(string name) => Combine(name);

    /// <summary>Writes a file (creating folders) and returns its full path.</summary>
    public string Write(string relative, string content)
    {
        string full = Combine(relative.Split('/'));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
        return full;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { } // a leftover temp folder must not fail a test that passed
    }
}
