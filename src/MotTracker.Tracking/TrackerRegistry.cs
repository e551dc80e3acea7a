using MotTracker.Tracking.Trackers.BoostTrack;
using MotTracker.Tracking.Trackers.BotSort;
using MotTracker.Tracking.Trackers.ByteTrack;
using MotTracker.Tracking.Trackers.DeepOcSort;
using MotTracker.Tracking.Trackers.DeepSort;
using MotTracker.Tracking.Trackers.HybridSort;
using MotTracker.Tracking.Trackers.OcSort;
using MotTracker.Tracking.Trackers.StrongSort;

namespace MotTracker.Tracking;

/// <summary>
/// Every tracker the program offers, one line each: adding a tracker is its folder under
/// <c>Trackers/</c> (with its <c>&lt;Name&gt;Entry.cs</c>) and one line here. The order is the order of
/// <c>--tracker</c>'s help and of the tracker options in <c>--help</c>.
/// </summary>
public static class TrackerRegistry
{
    public const string DefaultName = "bytetrack";

    public static IReadOnlyList<TrackerEntry> All { get; } =
    [
        ByteTrackEntry.Entry,
        DeepSortEntry.Entry,
        BotSortEntry.Entry,
        OcSortEntry.Entry,
        OcSortEntry.Offline,
        BoostTrackEntry.Entry,
        BoostTrackEntry.PlusPlus,
        DeepOcSortEntry.Entry,
        StrongSortEntry.Entry,
        HybridSortEntry.Entry,
    ];

    /// <summary>The registered trackers with their merged command-line flags.</summary>
    public static TrackerCatalog Catalog { get; } = new(All);
}

/// <summary>
/// A set of tracker entries as the command line sees them: names, and one <see cref="TrackerFlag"/> per
/// distinct option name (several trackers may declare the same flag). Built from
/// <see cref="TrackerRegistry.All"/> for the program; a test may build one with extra entries.
/// </summary>
public sealed class TrackerCatalog
{
    public TrackerCatalog(IEnumerable<TrackerEntry> entries)
    {
        Entries = [.. entries];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in Entries)
        {
            foreach (string name in new[] { entry.Name }.Concat(entry.Aliases))
                if (!names.Add(name)) throw new ArgumentException($"two trackers are named '{name}'", nameof(entries));
            var own = new HashSet<string>(StringComparer.Ordinal);
            foreach (var option in entry.Options)
                if (!own.Add(option.Name)) throw new ArgumentException($"{entry.Name} declares --{option.Name} twice", nameof(entries));
        }
        Flags = [.. Entries.SelectMany(e => e.Options).Select(o => o.Name).Distinct(StringComparer.Ordinal).Select(Merge)];
    }

    public IReadOnlyList<TrackerEntry> Entries { get; }

    /// <summary>One flag per option name, in the order the entries first declare them.</summary>
    public IReadOnlyList<TrackerFlag> Flags { get; }

    /// <summary>Every name <c>--tracker</c> accepts.</summary>
    public IEnumerable<string> Names => Entries.SelectMany(e => new[] { e.Name }.Concat(e.Aliases));

    /// <summary>The entry named <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No tracker has that name.</exception>
    public TrackerEntry Find(string name) =>
        Entries.FirstOrDefault(e => e.IsNamed(name))
        ?? throw new ArgumentException($"unknown tracker '{name}'; choose one of {string.Join(", ", Entries.Select(e => e.Name))}", nameof(name));

    /// <summary>
    /// <paramref name="settings"/> with the given flag values (name without dashes → value of the flag's
    /// type) applied to <paramref name="tracker"/>'s options, each range-checked, then the whole record
    /// validated. A flag the tracker does not declare is an error naming the trackers it applies to.
    /// </summary>
    /// <exception cref="ArgumentException">A value is out of range or the flag does not apply (ParamName: the flag).</exception>
    public TrackerSettings Apply(string tracker, TrackerSettings settings, IEnumerable<KeyValuePair<string, object>> values)
    {
        var entry = Find(tracker);
        object options = settings.OptionsFor(entry);
        foreach (var (name, value) in values)
        {
            var option = entry.Option(name)
                ?? throw new ArgumentException($"--{name} {NotApplying(name, entry)}", name);
            options = option.Apply(options, value);
        }
        entry.Validate(options);
        return settings.With(entry, options);
    }

    /// <summary>"applies to --tracker a/b, not c": the message for a flag given to a tracker that does not declare it.</summary>
    public string NotApplying(string flag, TrackerEntry chosen)
    {
        var owners = Flags.FirstOrDefault(f => f.Name == flag)?.Trackers ?? [];
        return owners.Count == 0
            ? $"is not an option of any tracker"
            : $"applies to --tracker {string.Join("/", owners.Select(t => t.Name))}, not {chosen.Name}";
    }

    private TrackerFlag Merge(string name)
    {
        var declarations = Entries.Select(e => (Entry: e, Option: e.Option(name))).Where(d => d.Option is not null).Select(d => (d.Entry, Option: d.Option!)).ToList();
        var first = declarations[0].Option;
        foreach (var (entry, option) in declarations)
            if (option.Type != first.Type)
                throw new ArgumentException($"--{name} is a {first.Type} for {declarations[0].Entry.Name} but a {option.Type} for {entry.Name}");
        var defaults = declarations.Select(d => (d.Entry, Value: d.Option.Read(d.Entry.DefaultOptions), Text: d.Option.FormatDefault(d.Entry.DefaultOptions))).ToList();
        bool sameDefault = defaults.All(d => d.Text == defaults[0].Text);
        // A default shown as the option's own value must be the same for every tracker, and a plain value.
        bool shows = first.Type != TrackerOptionType.Switch && sameDefault && declarations.All(d => d.Option.ShowDefault && d.Option.DefaultText is null);
        string help = first.Help.TrimEnd('.');
        if (first.Type != TrackerOptionType.Switch && !shows)
            help += sameDefault
                ? $" (default {defaults[0].Text})"
                : $" (default: {string.Join(", ", defaults.Select(d => $"{d.Entry.Name} {d.Text}"))})";
        return new TrackerFlag(name, first.Type, help + ".", shows ? defaults[0].Value : null, [.. declarations.Select(d => d.Entry)]);
    }
}

/// <summary>
/// One command-line flag of the trackers, merged over every entry declaring it: the help text (the first
/// declaration's, plus each tracker's default where they differ), the type, and the default shown as the
/// option's own value when all agree.
/// </summary>
/// <param name="Name">Without dashes.</param>
/// <param name="ShownDefault">The option's own default (help's "[default: …]"), or null where the help text states it.</param>
/// <param name="Trackers">The entries declaring it, in registry order.</param>
public sealed record TrackerFlag(string Name, TrackerOptionType Type, string Help, object? ShownDefault, IReadOnlyList<TrackerEntry> Trackers);
