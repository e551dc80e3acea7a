using MotTracker.Tracking.PostProcessing;

namespace MotTracker.Tracking;

/// <summary>
/// Everything the rest of the program knows about one tracker: its <c>--tracker</c> name(s), what it needs
/// from the stages around it, its options table, and how to build it. Each tracker folder
/// (<c>Trackers/&lt;Name&gt;/</c>) declares one in <c>&lt;Name&gt;Entry.cs</c> as a
/// <see cref="TrackerEntry{TOptions}"/>, and <see cref="TrackerRegistry.All"/> lists it: that is all adding a
/// tracker takes. The command line builds its options from <see cref="Options"/>; the Engine runs the
/// ReID stage only when <see cref="UsesAppearance"/> and the camera-motion stage only when
/// <see cref="UsesCameraMotion"/>.
/// </summary>
public abstract class TrackerEntry
{
    private protected TrackerEntry()
    {
    }

    /// <summary>The name given to <c>--tracker</c> (lower case; matched case-insensitively).</summary>
    public required string Name { get; init; }

    /// <summary>Other names <c>--tracker</c> accepts for it.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>One line for help texts.</summary>
    public required string Summary { get; init; }

    /// <summary>Whether it reads embeddings (the ReID stage runs only for such trackers).</summary>
    public bool UsesAppearance { get; init; }

    /// <summary>Whether it reads the camera-motion warp (the CMC stage runs only for such trackers).</summary>
    public bool UsesCameraMotion { get; init; }

    /// <summary>
    /// The post-processing options the tracker is designed with, before the user's overrides (such as
    /// <c>--max-gap</c>); most trackers take <see cref="PostProcessOptions"/>' defaults.
    /// </summary>
    public PostProcessOptions PostProcessDefaults { get; init; } = new();

    /// <summary>Its options table, in help order.</summary>
    public IReadOnlyList<TrackerOption> Options { get; init; } = [];

    /// <summary>Its options record with every default (the type <see cref="Create"/> and <see cref="Validate"/> take).</summary>
    public abstract object DefaultOptions { get; }

    /// <summary>Whether <paramref name="name"/> names this tracker (case-insensitive).</summary>
    public bool IsNamed(string name) =>
        string.Equals(Name, name, StringComparison.OrdinalIgnoreCase) || Aliases.Any(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The row of <see cref="Options"/> for the flag <paramref name="name"/> (without dashes), or null.</summary>
    public TrackerOption? Option(string name) => Options.FirstOrDefault(o => o.Name == name);

    /// <summary>A tracker from <paramref name="options"/> (validated) for a sequence at <paramref name="frameRate"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range (<see cref="ArgumentException.ParamName"/> names its flag).</exception>
    public abstract ITracker Create(object options, double frameRate);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public abstract void Validate(object options);

    /// <summary>
    /// The lowest detection score at which the tracker can read a detection's embedding: the ReID stage
    /// embeds only detections scoring at least this, since the crops of the others would never be looked
    /// at. 0 (embed every box) for a tracker that declares none.
    /// </summary>
    public abstract double AppearanceScoreThreshold(object options);

    public override string ToString() => Name;
}

/// <summary>A tracker whose options record is <typeparamref name="TOptions"/>: the form every tracker folder declares.</summary>
public sealed class TrackerEntry<TOptions> : TrackerEntry where TOptions : class
{
    /// <summary>The options record with every default.</summary>
    public required TOptions Defaults { get; init; }

    /// <summary>Builds the tracker from validated options and the sequence's frame rate.</summary>
    public required Func<TOptions, double, ITracker> Factory { get; init; }

    /// <summary>The record's own range checks (throwing <see cref="ArgumentException"/> with the flag's name as ParamName).</summary>
    public required Action<TOptions> Validator { get; init; }

    /// <summary>See <see cref="TrackerEntry.AppearanceScoreThreshold"/>; null for a tracker that reads no appearance.</summary>
    public Func<TOptions, double>? AppearanceThreshold { get; init; }

    public override object DefaultOptions => Defaults;

    public override ITracker Create(object options, double frameRate)
    {
        var typed = Cast(options);
        Validator(typed);
        return Factory(typed, frameRate);
    }

    public override void Validate(object options) => Validator(Cast(options));

    public override double AppearanceScoreThreshold(object options) => AppearanceThreshold?.Invoke(Cast(options)) ?? 0;

    private TOptions Cast(object options) => options as TOptions
        ?? throw new ArgumentException($"{Name} takes {typeof(TOptions).Name}, not {options.GetType().Name}", nameof(options));
}
