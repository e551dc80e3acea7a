using MotTracker.Tracking.PostProcessing;

namespace MotTracker.Tracking;

/// <summary>One entry point from a tracker's name and settings to a ready <see cref="ITracker"/>, over <see cref="TrackerRegistry"/>.</summary>
public static class TrackerFactory
{
    public const string DefaultName = TrackerRegistry.DefaultName;

    public static IReadOnlyList<TrackerEntry> Trackers => TrackerRegistry.All;

    public static IEnumerable<string> Names => TrackerRegistry.Catalog.Names;

    /// <summary>The entry for <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No tracker has that name.</exception>
    public static TrackerEntry Describe(string name) => TrackerRegistry.Catalog.Find(name);

    /// <summary>See <see cref="TrackerEntry.AppearanceScoreThreshold"/>.</summary>
    public static double AppearanceScoreThreshold(string name, TrackerSettings settings)
    {
        var entry = Describe(name);
        return entry.AppearanceScoreThreshold(settings.OptionsFor(entry));
    }

    /// <summary>See <see cref="TrackerEntry.PostProcessDefaults"/>.</summary>
    public static PostProcessOptions PostProcessDefaults(string name) => Describe(name).PostProcessDefaults;

    /// <summary>Builds the named tracker from <paramref name="settings"/> (validated) at <see cref="TrackerSettings.FrameRate"/>.</summary>
    public static ITracker Create(string name, TrackerSettings settings)
    {
        var entry = Describe(name);
        return entry.Create(settings.OptionsFor(entry), settings.FrameRate);
    }
}
