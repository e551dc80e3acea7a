using System.Globalization;
using MotTracker.Core;

namespace MotTracker.Media.Synthesis;

/// <summary>How crowded and how tricky a synthetic scene is.</summary>
public enum SceneDifficulty
{
    Easy,
    Default,
    Hard,
}

/// <summary>How the virtual camera moves over the canvas.</summary>
public enum SceneCamera
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
    public int People { get; init; } = 20;

    public int Frames { get; init; } = 600;

    /// <summary>
    /// Frames per second of the video; motion is scripted in seconds, so this only changes the sampling.
    /// 10 is vtest.avi's own rate, the street the background comes from.
    /// </summary>
    public double Fps { get; init; } = 10;

    public SceneDifficulty Difficulty { get; init; } = SceneDifficulty.Default;

    public SceneCamera Camera { get; init; } = SceneCamera.Static;

    /// <summary>
    /// Cameras of a network (see <see cref="CameraNetwork"/>): 1 writes one sequence; more write one
    /// sequence per camera, named &lt;name&gt;-c1, -c2, … inside the folder &lt;name&gt;, with gt ids global.
    /// </summary>
    public int Cameras { get; init; } = 1;

    /// <summary>Sequence folder name; null gives <see cref="DefaultName"/>.</summary>
    public string? Name { get; init; }

    /// <summary>JPEG quality of the MJPG video (OpenCV's default is 95).</summary>
    public int JpegQuality { get; init; } = 90;

    public string ResolvedName => Name ?? DefaultName;

    public string DefaultName => Cameras > 1
        ? string.Create(CultureInfo.InvariantCulture, $"synth-cams{Cameras}-{Difficulty.ToString().ToLowerInvariant()}-s{Seed}")
        : string.Create(CultureInfo.InvariantCulture, $"synth-{Camera.ToString().ToLowerInvariant()}-{Difficulty.ToString().ToLowerInvariant()}-s{Seed}");

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (People < 1) throw new ArgumentException($"--people must be at least 1 (got {People})");
        if (Frames < 1) throw new ArgumentException($"--frames must be at least 1 (got {Frames})");
        if (!(Fps > 0 && Fps <= 240)) throw new ArgumentException($"--fps must be in (0, 240] (got {Fps.ToString(CultureInfo.InvariantCulture)})");
        if (Cameras is < 1 or > CameraNetwork.MaxCameras) throw new ArgumentException($"--cameras must be 1 to {CameraNetwork.MaxCameras} (got {Cameras})");
        if (Cameras > 1 && Camera != SceneCamera.Static) throw new ArgumentException("--cameras: the cameras of a network are fixed; --camera pan/zoom applies to a single camera");
        if (JpegQuality is < 1 or > 100) throw new ArgumentException($"JPEG quality must be in 1..100 (got {JpegQuality})");
        string name = ResolvedName;
        // A plain file name (Core's one check), and not hidden: a leading '.' is how the writer marks its temporary folders.
        if (PlainName.Problem(name) is { } why)
            throw new ArgumentException($"--name '{PlainName.Printable(name)}' {why}; it must be a plain folder name");
        if (name.StartsWith('.'))
            throw new ArgumentException($"--name '{name}' starts with '.': that is how unfinished scene folders are named");
    }
}

/// <summary>The numbers behind each <see cref="SceneDifficulty"/>.</summary>
/// <param name="PeopleInView">Target number of people on screen at once.</param>
/// <param name="EncounterShare">Share of events that are a scripted encounter of two people (the rest: one person walking alone).</param>
/// <param name="SimilarPairShare">Share of encounters between a look-alike pair; also sets how much of the cast is in such pairs.</param>
/// <param name="ReentryShare">When both are possible, the chance that the next walker is someone coming back rather than someone new.</param>
/// <param name="WalkingSpeed">Person heights per second: 1.4 m/s for a 1.7 m person is about 0.8; strolling is slower.</param>
/// <param name="ReentryGapMin">Seconds at least between leaving the canvas and coming back.</param>
/// <param name="ReentryGapMax">Seconds at most.</param>
public sealed record DifficultySettings(
    double PeopleInView,
    double EncounterShare,
    double SimilarPairShare,
    double ReentryShare,
    double WalkingSpeed,
    double ReentryGapMin,
    double ReentryGapMax)
{
    public static DifficultySettings For(SceneDifficulty difficulty) => difficulty switch
    {
        SceneDifficulty.Easy => new DifficultySettings(PeopleInView: 3, EncounterShare: 0.4, SimilarPairShare: 0.2, ReentryShare: 0.2, WalkingSpeed: 0.6, ReentryGapMin: 3, ReentryGapMax: 6),
        SceneDifficulty.Hard => new DifficultySettings(PeopleInView: 8, EncounterShare: 0.9, SimilarPairShare: 0.6, ReentryShare: 0.5, WalkingSpeed: 0.9, ReentryGapMin: 1.5, ReentryGapMax: 4),
        _ => new DifficultySettings(PeopleInView: 5, EncounterShare: 0.7, SimilarPairShare: 0.4, ReentryShare: 0.35, WalkingSpeed: 0.7, ReentryGapMin: 2, ReentryGapMax: 5),
    };
}
