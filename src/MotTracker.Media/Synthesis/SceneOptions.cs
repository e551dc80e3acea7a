using System.Globalization;

namespace MotTracker.Media.Synthesis;

/// <summary>How crowded and how tricky a synthetic scene is.</summary>
public enum SceneDifficulty
{
    Easy,
    Default,
    Hard,
}

/// <summary>How the virtual camera moves over the canvas.</summary>
public enum CameraMotion
{
    /// <summary>The camera shows the whole background, unmoving.</summary>
    Static,

    /// <summary>A 768x576 window slides over a canvas 1.5 times the background (people look 1.5 times taller).</summary>
    Pan,

    /// <summary>The window zooms between the whole 1.5x canvas and two thirds of it, drifting a little.</summary>
    Zoom,
}

/// <summary>What to generate. Everything that changes a byte of the output is in here, so a scene is reproducible from it.</summary>
public sealed record SceneOptions
{
    public int Seed { get; init; } = 1;

    /// <summary>Identities in the scene (each a different MOT17 person); they walk, leave and come back.</summary>
    public int People { get; init; } = 12;

    public int Frames { get; init; } = 600;

    /// <summary>
    /// Frames per second of the video; motion is scripted in seconds, so this only changes the sampling.
    /// 10 is vtest.avi's own rate, the street the background comes from.
    /// </summary>
    public double Fps { get; init; } = 10;

    public SceneDifficulty Difficulty { get; init; } = SceneDifficulty.Default;

    public CameraMotion Camera { get; init; } = CameraMotion.Static;

    /// <summary>Sequence folder name; null gives <see cref="DefaultName"/>.</summary>
    public string? Name { get; init; }

    /// <summary>JPEG quality of the MJPG video (OpenCV's default is 95; 90 keeps a 600-frame scene near 40 MB).</summary>
    public int JpegQuality { get; init; } = 90;

    public string ResolvedName => Name ?? DefaultName;

    public string DefaultName => string.Create(CultureInfo.InvariantCulture,
        $"synth-{Camera.ToString().ToLowerInvariant()}-{Difficulty.ToString().ToLowerInvariant()}-s{Seed}");

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (People < 1) throw new ArgumentException($"--people must be at least 1 (got {People})");
        if (Frames < 1) throw new ArgumentException($"--frames must be at least 1 (got {Frames})");
        if (!(Fps > 0 && Fps <= 240)) throw new ArgumentException($"--fps must be in (0, 240] (got {Fps.ToString(CultureInfo.InvariantCulture)})");
        if (JpegQuality is < 1 or > 100) throw new ArgumentException($"JPEG quality must be in 1..100 (got {JpegQuality})");
        string name = ResolvedName;
        if (name.Length == 0 || name is "." or ".." || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.StartsWith('.'))
            throw new ArgumentException($"--name '{name}' is not a usable folder name");
    }
}

/// <summary>The numbers behind each <see cref="SceneDifficulty"/>.</summary>
public sealed record DifficultySettings(
    double PeopleInView,
    double EncounterShare,
    double SimilarPairShare,
    double WalkingSpeed,
    double ReentryGapMin,
    double ReentryGapMax)
{
    // Walking speed is in person heights per second: 1.4 m/s for a 1.7 m person is about 0.8.
    public static DifficultySettings For(SceneDifficulty difficulty) => difficulty switch
    {
        SceneDifficulty.Easy => new DifficultySettings(PeopleInView: 3, EncounterShare: 0.4, SimilarPairShare: 0.2, WalkingSpeed: 0.65, ReentryGapMin: 3, ReentryGapMax: 6),
        SceneDifficulty.Hard => new DifficultySettings(PeopleInView: 9, EncounterShare: 0.9, SimilarPairShare: 0.6, WalkingSpeed: 1.05, ReentryGapMin: 1.5, ReentryGapMax: 4),
        _ => new DifficultySettings(PeopleInView: 6, EncounterShare: 0.7, SimilarPairShare: 0.4, WalkingSpeed: 0.8, ReentryGapMin: 2, ReentryGapMax: 5),
    };
}
