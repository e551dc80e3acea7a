using System.Collections.Immutable;

namespace MotTracker.Tracking;

/// <summary>
/// The options of the trackers a run may build, one options record per tracker (keyed by its entry's
/// name); a tracker without one gets its entry's defaults. Only the chosen tracker's record is read.
/// <see cref="FrameRate"/> is the sequence's rate, which trackers use to scale their frame-count
/// parameters (given at 30 fps).
/// </summary>
public sealed record TrackerSettings
{
    private ImmutableDictionary<string, object> _options = ImmutableDictionary.Create<string, object>(StringComparer.OrdinalIgnoreCase);

    public double FrameRate { get; init; } = 30;

    /// <summary>The options record <paramref name="entry"/> is built with: the one set, or its defaults.</summary>
    public object OptionsFor(TrackerEntry entry) => _options.TryGetValue(entry.Name, out var options) ? options : entry.DefaultOptions;

    /// <summary>As <see cref="OptionsFor(TrackerEntry)"/>, typed.</summary>
    public TOptions OptionsFor<TOptions>(TrackerEntry<TOptions> entry) where TOptions : class => (TOptions)OptionsFor((TrackerEntry)entry);

    /// <summary>These settings with <paramref name="options"/> (not yet validated) for <paramref name="entry"/>.</summary>
    public TrackerSettings With<TOptions>(TrackerEntry<TOptions> entry, TOptions options) where TOptions : class => With((TrackerEntry)entry, options);

    /// <summary>These settings with <paramref name="options"/>, which must be of the entry's options type, for <paramref name="entry"/>.</summary>
    public TrackerSettings With(TrackerEntry entry, object options)
    {
        if (options.GetType() != entry.DefaultOptions.GetType())
            throw new ArgumentException($"{entry.Name} takes {entry.DefaultOptions.GetType().Name}, not {options.GetType().Name}", nameof(options));
        return this with { _options = _options.SetItem(entry.Name, options) };
    }
}
