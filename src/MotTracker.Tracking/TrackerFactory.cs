using MotTracker.Tracking.Trackers.BoostTrack;
using MotTracker.Tracking.Trackers.BotSort;
using MotTracker.Tracking.Trackers.ByteTrack;
using MotTracker.Tracking.Trackers.DeepOcSort;
using MotTracker.Tracking.Trackers.DeepSort;
using MotTracker.Tracking.Trackers.HybridSort;
using MotTracker.Tracking.Trackers.OcSort;
using MotTracker.Tracking.Trackers.StrongSort;
using MotTracker.Tracking.PostProcessing;

namespace MotTracker.Tracking;

/// <summary>What a tracker needs from the stages around it, so the Engine runs only the stages it uses.</summary>
/// <param name="Name">The name given to <c>--tracker</c>.</param>
/// <param name="UsesAppearance">Whether it reads embeddings (the ReID stage runs only for such trackers).</param>
/// <param name="UsesCameraMotion">Whether it reads the camera-motion warp (the CMC stage runs only for such trackers).</param>
/// <param name="Summary">One line for help texts.</param>
public sealed record TrackerDescriptor(string Name, bool UsesAppearance, bool UsesCameraMotion, string Summary);

/// <summary>
/// Every tracker's options in one place; only the chosen tracker's are read. <see cref="FrameRate"/> is the
/// sequence's rate, which trackers use to scale their frame-count parameters (given at 30 fps).
/// </summary>
public sealed record TrackerSettings
{
    public double FrameRate { get; init; } = 30;
    public ByteTrackOptions ByteTrack { get; init; } = new();
    public DeepSortOptions DeepSort { get; init; } = new();
    public BotSortOptions BotSort { get; init; } = new();
    public OcSortOptions OcSort { get; init; } = new();

    /// <summary>Options of <c>ocsort-offline</c>: OC-SORT with <see cref="OcSortOptions.Offline"/> as defaults.</summary>
    public OcSortOptions OcSortOffline { get; init; } = OcSortOptions.Offline;

    public BoostTrackOptions BoostTrack { get; init; } = new();
    public DeepOcSortOptions DeepOcSort { get; init; } = new();
    public StrongSortOptions StrongSort { get; init; } = new();
    public HybridSortOptions HybridSort { get; init; } = new();
}

/// <summary>One entry point from a tracker's name and options to a ready <see cref="ITracker"/>.</summary>
public static class TrackerFactory
{
    public const string DefaultName = "bytetrack";

    public static IReadOnlyList<TrackerDescriptor> Trackers { get; } =
    [
        new("bytetrack", UsesAppearance: false, UsesCameraMotion: false, "ByteTrack (Zhang et al. 2022): two-round IoU association of high- and low-score boxes"),
        new("deepsort", UsesAppearance: true, UsesCameraMotion: false, "DeepSORT (Wojke et al. 2017): appearance matching cascade gated by Mahalanobis distance, then IoU"),
        new("botsort", UsesAppearance: true, UsesCameraMotion: true, "BoT-SORT (Aharon et al. 2022): ByteTrack's two rounds with camera-motion compensation and IoU-gated appearance"),
        new("ocsort", UsesAppearance: false, UsesCameraMotion: false, "OC-SORT (Cao et al. 2023): observation-centric re-update, momentum and recovery on SORT"),
        new("ocsort-offline", UsesAppearance: false, UsesCameraMotion: false, "OC-SORT for offline runs (with --postprocess gsi): BYTE round, det-thresh 0.8, max-age 60, confirmation offline with head padding (min-run 4), max-gap 60"),
        new("boosttrack", UsesAppearance: true, UsesCameraMotion: true, "BoostTrack (Stanojević & Todorović 2024): detection-confidence boosts (DLO, DUO) and IoU + Mahalanobis + shape similarity; ++ switches"),
        new("deepocsort", UsesAppearance: true, UsesCameraMotion: true, "Deep OC-SORT (Maggiolino et al. 2023): OC-SORT with camera-motion compensation, dynamic appearance and adaptive weighting"),
        new("strongsort", UsesAppearance: true, UsesCameraMotion: true, "StrongSORT (Du et al. 2023): DeepSORT with NSA Kalman, EMA features, camera motion and one motion+appearance assignment"),
        new("hybridsort", UsesAppearance: false, UsesCameraMotion: true, "Hybrid-SORT (Yang et al. 2024): OC-SORT with tracklet-confidence modelling, height-modulated IoU and four-corner OCM"),
    ];

    public static IEnumerable<string> Names => Trackers.Select(t => t.Name);

    /// <summary>The descriptor for <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No tracker has that name.</exception>
    public static TrackerDescriptor Describe(string name) =>
        Trackers.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown tracker '{name}'; choose one of {string.Join(", ", Names)}", nameof(name));

    /// <summary>
    /// The lowest detection score at which the named tracker can read a detection's embedding: the ReID
    /// stage embeds only detections scoring at least this, since the crops of the others would never be
    /// looked at. For a tracker that matches every detection it keeps, this is its lowest matching
    /// threshold (ByteTrack: the low threshold of its second round; detections below it are dropped).
    /// </summary>
    public static double AppearanceScoreThreshold(string name, TrackerSettings settings) => Describe(name).Name switch
    {
        "bytetrack" => settings.ByteTrack.LowThreshold,
        "deepsort" => settings.DeepSort.MinConfidence,
        // BoT-SORT compares appearance only for boxes above its high threshold (strictly above).
        "botsort" => Math.BitIncrement(settings.BotSort.TrackHighThreshold),
        "deepocsort" => Math.BitIncrement(settings.DeepOcSort.DetectionThreshold),
        "strongsort" => settings.StrongSort.MinConfidence,
        _ => 0,
    };

    /// <summary>
    /// The post-processing options a tracker is designed with, before the user's overrides (such as
    /// --max-gap): <c>ocsort-offline</c> reports every match and leaves confirmation to
    /// <see cref="PostProcessOptions.MinRunLength"/> 4, and fills gaps up to its 60-frame memory; every
    /// other tracker gets <see cref="PostProcessOptions"/>' defaults.
    /// </summary>
    public static PostProcessOptions PostProcessDefaults(string name) => Describe(name).Name switch
    {
        "ocsort-offline" => new PostProcessOptions { MaxGap = 60, MinRunLength = 4 },
        _ => new PostProcessOptions(),
    };

    /// <summary>Builds the named tracker from <paramref name="settings"/> (validated).</summary>
    public static ITracker Create(string name, TrackerSettings settings) => Describe(name).Name switch
    {
        "bytetrack" => new ByteTracker(settings.ByteTrack with { FrameRate = settings.FrameRate }),
        "deepsort" => new DeepSortTracker(settings.DeepSort with { FrameRate = settings.FrameRate }),
        "botsort" => new BotSortTracker(settings.BotSort with { FrameRate = settings.FrameRate }),
        "ocsort" => new OcSortTracker(settings.OcSort with { FrameRate = settings.FrameRate }),
        "ocsort-offline" => new OcSortTracker(settings.OcSortOffline with { FrameRate = settings.FrameRate }),
        "boosttrack" => new BoostTracker(settings.BoostTrack with { FrameRate = settings.FrameRate }),
        "deepocsort" => new DeepOcSortTracker(settings.DeepOcSort with { FrameRate = settings.FrameRate }),
        "strongsort" => new StrongSortTracker(settings.StrongSort with { FrameRate = settings.FrameRate }),
        "hybridsort" => new HybridSortTracker(settings.HybridSort with { FrameRate = settings.FrameRate }),
        var other => throw new ArgumentException($"unknown tracker '{other}'", nameof(name)),
    };
}
