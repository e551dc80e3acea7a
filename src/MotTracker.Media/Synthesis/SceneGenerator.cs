using System.Diagnostics;

namespace MotTracker.Media.Synthesis;

/// <summary>Where the pixels come from: MOT17 people and a video of an empty-able street.</summary>
public sealed record SceneSources(string Mot17TrainDirectory, string BackgroundVideo)
{
    /// <summary>Debian's opencv-doc puts OpenCV's sample pedestrian video here.</summary>
    public const string DefaultBackgroundVideo = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
}

/// <summary>How long each phase of a generation took, in milliseconds.</summary>
public sealed record SceneTimings(double PeopleMs, double BackgroundMs, double RenderAndWriteMs);

/// <summary>One call from options to a scene on disk: cut the people, make the street, script, render, write.</summary>
public static class SceneGenerator
{
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="FileNotFoundException">The background video is missing or unreadable.</exception>
    /// <exception cref="DirectoryNotFoundException">The MOT17 folder is missing or holds no usable people.</exception>
    /// <exception cref="IOException">The scene folder exists (without <paramref name="overwrite"/>) or writing failed.</exception>
    public static (SceneSummary Summary, SceneTimings Timings) Generate(
        SceneOptions options, SceneSources sources, string benchmarkDirectory, bool overwrite, Action<int>? progress = null) =>
        Build(options, sources, scene => SceneWriter.Write(scene, benchmarkDirectory, overwrite, progress));

    /// <summary>A camera network (<see cref="SceneOptions.Cameras"/> &gt; 1): one sequence per camera, gt ids global.</summary>
    public static (IReadOnlyList<SceneSummary> Cameras, SceneTimings Timings) GenerateNetwork(
        SceneOptions options, SceneSources sources, string benchmarkDirectory, bool overwrite, Action<int>? progress = null) =>
        Build(options, sources, scene => NetworkWriter.Write(scene, benchmarkDirectory, overwrite, progress));

    /// <summary>Loads the people and the street, builds the scene and hands it to a writer, timing each part.</summary>
    private static (T Written, SceneTimings Timings) Build<T>(SceneOptions options, SceneSources sources, Func<SyntheticScene, T> write)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        using var library = PersonLibrary.Load(sources.Mot17TrainDirectory);
        double people = clock.Elapsed.TotalMilliseconds;
        using var background = StreetBackground.Median(sources.BackgroundVideo);
        double street = clock.Elapsed.TotalMilliseconds - people;
        using var scene = SyntheticScene.Create(options, library, background);
        var written = write(scene);
        double total = clock.Elapsed.TotalMilliseconds;
        return (written, new SceneTimings(people, street, total - people - street));
    }
}
