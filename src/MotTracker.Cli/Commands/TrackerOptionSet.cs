using System.CommandLine;
using MotTracker.Tracking;
using MotTracker.Tracking.PostProcessing;
using MotTracker.Engine;
using MotTracker.Engine.Config;

namespace MotTracker.Cli.Commands;

/// <summary>What a command that tracks reads about the tracker: its name, its options, the output filter, the frame rate and camera motion.</summary>
internal sealed class TrackerOptionSet
{
    private static readonly OutputFilter FilterDefaults = new();

    public Option<string> Tracker { get; } = new Option<string>("--tracker")
    {
        Description = "Tracker: " + string.Join("; ", TrackerFactory.Trackers.Select(t => $"{t.Name} = {t.Summary}")) + ".",
        DefaultValueFactory = _ => TrackerFactory.DefaultName,
    }.AcceptOnlyFromAmong([.. TrackerFactory.Names]);

    public Option<string?> Config { get; } = new("--config")
    {
        Description = "Tracker settings file (.json, .yaml or .yml): 'tracker: NAME' and one 'option: value' per tracker option (keys as the flags without dashes; underscores work too), as 'mottrack config show' prints it. Flags given on the command line win. An unknown key or a value out of range is an error naming the key.",
    };

    public Option<string> CameraMotion { get; } = CameraMotionOption();

    private static Option<string> CameraMotionOption()
    {
        var option = new Option<string>("--cmc")
        {
            Description = "Camera-motion compensation, for trackers that use it (botsort): auto (default: the sequence folder's gmc.txt when present, else sparse when frames are read, else none), "
                + "file[:PATH] (BoT-SORT's GMC file: per line a 0-based frame index then a11 a12 tx a21 a22 ty, tab separated; default PATH: <sequence>/gmc.txt), "
                + "sparse (optical flow on corners, RANSAC), ecc, or none. sparse and ecc need frames: on public detections every frame in img1/.",
            DefaultValueFactory = _ => "auto",
        };
        option.Validators.Add(result =>
        {
            if (!TryParseCameraMotion(result.GetValueOrDefault<string>() ?? "auto", out _, out _))
                result.AddError($"--cmc '{result.GetValueOrDefault<string>()}': choose auto, none, sparse, ecc, file or file:PATH");
        });
        return option;
    }

    /// <summary>Reads a <c>--cmc</c> value: the mode (null for auto) and the file of <c>file:PATH</c>.</summary>
    public static bool TryParseCameraMotion(string value, out CameraMotionMode? mode, out string? file)
    {
        file = null;
        mode = null;
        switch (value)
        {
            case "auto": return true;
            case "none": mode = CameraMotionMode.None; return true;
            case "sparse": mode = CameraMotionMode.Sparse; return true;
            case "ecc": mode = CameraMotionMode.Ecc; return true;
            case "file": mode = CameraMotionMode.File; return true;
        }
        if (value.StartsWith("file:", StringComparison.Ordinal) && value.Length > "file:".Length)
        {
            mode = CameraMotionMode.File;
            file = value["file:".Length..];
            return true;
        }
        return false;
    }

    public Option<double?> Fps { get; } = new("--fps") { Description = "Frame rate the tracker scales its frame counts by (default: seqinfo.ini's frameRate, the video's rate, or 30)." };
    public Option<double> MinBoxArea { get; } = new("--min-box-area") { Description = "Output filter (people only): drop boxes with area at or below this.", DefaultValueFactory = _ => FilterDefaults.MinBoxArea };
    public Option<double> AspectRatioThreshold { get; } = new("--aspect-ratio-thresh") { Description = "Output filter (people only): drop boxes with width/height above this.", DefaultValueFactory = _ => FilterDefaults.MaxAspectRatio };

    /// <summary>
    /// Every tracker's options, built from the registry's options tables (<see cref="TrackerRegistry"/>):
    /// one command-line option per flag, however many trackers declare it.
    /// </summary>
    public IReadOnlyList<TrackerFlagOption> TrackerOptions { get; } = [.. TrackerRegistry.Catalog.Flags.Select(TrackerFlagOption.Build)];

    public Option<string> PostProcess { get; } = new Option<string>("--postprocess")
    {
        Description = "Offline post-processing of each track before writing: none, interpolate (fill gaps of at most --max-gap missing frames linearly), gsi (Gaussian-smoothed interpolation, StrongSORT), "
            + "link (join tracks one identity left broken: gap up to --link-max-gap frames, constant-velocity forecast of one end meeting the other, one-to-one), or link,interpolate / link,gsi (linking first). Added boxes have confidence -1. Holds the rows to the end of the input.",
        DefaultValueFactory = _ => "none",
    }.AcceptOnlyFromAmong([.. PostProcessKinds.Chains]);

    public Option<int?> LinkMaxGap { get; } = new("--link-max-gap") { Description = "Longest gap (missing frames) --postprocess link bridges between one track's end and another's start (default 30)." };

    public Option<int?> MaxGap { get; } = new("--max-gap") { Description = "Longest gap (missing frames) --postprocess fills (default 20; ocsort-offline 60)." };
    public Option<double?> GsiTau { get; } = new("--gsi-tau") { Description = "GSI's tau: the length-scale rule's constant (default 10, as StrongSORT)." };

    public void AddTo(Command command)
    {
        command.Add(Tracker);
        command.Add(Config);
        command.Add(CameraMotion);
        command.Add(Fps);
        command.Add(PostProcess);
        command.Add(MaxGap);
        command.Add(GsiTau);
        command.Add(LinkMaxGap);
        command.Add(MinBoxArea);
        command.Add(AspectRatioThreshold);
        foreach (var flag in TrackerOptions) command.Add(flag.Option);
    }

    /// <summary>Adds only what picks a tracker and its options (<c>--tracker</c>, <c>--config</c>, the tracker flags): <c>config show</c>'s options.</summary>
    public void AddSettingsTo(Command command)
    {
        command.Add(Tracker);
        command.Add(Config);
        foreach (var flag in TrackerOptions) command.Add(flag.Option);
    }

    /// <summary>
    /// The tracker and its options: the defaults, then <c>--config</c>'s file, then the flags given on the
    /// command line (which win; <c>--tracker</c> too). A flag or key the tracker lacks is a usage error.
    /// </summary>
    public (Tracking.TrackerEntry Entry, TrackerSettings Settings) ResolveSettings(ParseResult parse, CliContext context) =>
        ResolveSettings(parse, ReadConfig(parse, context));

    private (Tracking.TrackerEntry Entry, TrackerSettings Settings) ResolveSettings(ParseResult parse, TrackerConfig? config)
    {
        var catalog = TrackerRegistry.Catalog;
        string tracker = parse.GetValue(Tracker)!;
        if (!OptionUse.Given(parse, Tracker) && config?.Tracker is { } named)
        {
            if (!catalog.Names.Contains(named.Text, StringComparer.OrdinalIgnoreCase))
                throw new Core.MotFormatException(config.Source, named.Line, named.Key, $"unknown tracker '{named.Text}'; choose one of {string.Join(", ", catalog.Entries.Select(e => e.Name))}");
            tracker = named.Text;
        }
        var entry = catalog.Find(tracker);
        var given = new Dictionary<string, object>(StringComparer.Ordinal);
        if (config is not null)
            foreach (var (name, value) in config.ValuesFor(entry)) given[name] = value;
        foreach (var flag in TrackerOptions)
        {
            if (!OptionUse.Given(parse, flag.Option)) continue;
            if (entry.Option(flag.Flag.Name) is null)
                throw new UsageException($"{flag.Option.Name} {catalog.NotApplying(flag.Flag.Name, entry)}");
            given[flag.Flag.Name] = flag.Read(parse);
        }
        var settings = new TrackerSettings();
        Validate(() => settings = catalog.Apply(entry.Name, settings, given));
        return (entry, settings);
    }

    /// <summary>The <c>--config</c> file as read (null without one).</summary>
    public TrackerConfig? ReadConfig(ParseResult parse, CliContext context) =>
        parse.GetValue(Config) is { } path ? TrackerConfigFile.Read(context.ResolvePath(path)) : null;

    /// <summary>
    /// The options besides the tracker's own that decide a run's rows (see <see cref="TrackerConfig.RunOptionKeys"/>),
    /// each with its settings-file key.
    /// </summary>
    private IEnumerable<(string Key, Option Option)> RunOptions =>
        [("fps", Fps), ("cmc", CameraMotion), ("postprocess", PostProcess), ("max-gap", MaxGap), ("gsi-tau", GsiTau),
         ("link-max-gap", LinkMaxGap), ("min-box-area", MinBoxArea), ("aspect-ratio-thresh", AspectRatioThreshold)];

    /// <summary>
    /// The run options given on the command line or, where not, by <c>--config</c>'s file, as settings-file
    /// pairs (key without dashes, value typed as the option's): what a sidecar records so <c>--config</c>
    /// replays them, and what <c>batch</c> hashes. Options left at their defaults are not listed.
    /// </summary>
    /// <exception cref="Core.MotFormatException">A file's value the option does not take (naming file, line and key).</exception>
    public IReadOnlyList<KeyValuePair<string, object>> GivenRunOptions(ParseResult parse, TrackerConfig? config)
    {
        var pairs = new List<KeyValuePair<string, object>>();
        // A --postprocess on the command line replaces the file's post-processing whole: the file's gaps and
        // tau belong to its own chain (and would be refused by another one).
        bool postprocessGiven = OptionUse.Given(parse, PostProcess);
        foreach (var (key, option) in RunOptions)
        {
            if (OptionUse.Given(parse, option))
                pairs.Add(new(key, parse.GetResult(option)!.GetValueOrDefault<object>()!));
            else if (postprocessGiven && key is "max-gap" or "gsi-tau" or "link-max-gap")
                continue;
            else if (config?.RunValues.FirstOrDefault(v => v.Key == key) is { } value)
                pairs.Add(new(key, ParseRunValue(config.Source, value)));
        }
        return pairs;
    }

    /// <summary>A settings file's run option, checked as the command line checks the flag.</summary>
    private static object ParseRunValue(string file, TrackerConfigValue value)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Core.MotFormatException Bad(string expected) => SettingsFileValue.Invalid(file, value, expected);
        double Number(Func<double, bool> accepts, string expected) => SettingsFileValue.Number(file, value, accepts, expected);
        switch (value.Key)
        {
            case "cmc":
                return TryParseCameraMotion(value.Text, out _, out _) ? value.Text : throw Bad("choose auto, none, sparse, ecc, file or file:PATH");
            case "postprocess":
                return PostProcessKinds.TryParseChain(value.Text, out _, out _) ? value.Text : throw Bad($"choose {string.Join(", ", PostProcessKinds.Chains)}");
            case "max-gap" or "link-max-gap":
                return int.TryParse(value.Text, System.Globalization.NumberStyles.None, inv, out int n) && n >= 1 ? n : throw Bad("give a whole number ≥ 1");
            case "min-box-area":
                return Number(d => d >= 0, "give a number ≥ 0");
            default: // fps, gsi-tau, aspect-ratio-thresh
                return Number(d => d > 0, "give a number > 0");
        }
    }

    /// <summary>The settings file describing the tracker <paramref name="request"/> runs with (<c>track</c>'s sidecar, <c>run.json</c>).</summary>
    public static IReadOnlyList<KeyValuePair<string, object>> Effective(TrackRequest request)
    {
        var entry = TrackerRegistry.Catalog.Find(request.Tracker);
        return TrackerConfig.Describe(entry, request.TrackerSettings.OptionsFor(entry));
    }

    /// <summary>
    /// Fills the tracker part of <paramref name="request"/>; options of another tracker are a usage error.
    /// <paramref name="config"/> is <c>--config</c>'s file as <see cref="ReadConfig"/> read it (null without one):
    /// read once by the command, which also takes the detector's settings from it.
    /// </summary>
    public TrackRequest Apply(ParseResult parse, TrackRequest request, TrackerConfig? config)
    {
        var (entry, settings) = ResolveSettings(parse, config);
        string tracker = entry.Name;
        if (parse.GetValue(Fps) is { } f && !(f > 0 && double.IsFinite(f))) throw new UsageException("--fps must be a positive number");
        // The run options: the command line's, else --config's (a sidecar replays them), else the defaults.
        var given = GivenRunOptions(parse, config).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        T? Run<T>(string key, T? otherwise) => given.TryGetValue(key, out object? v) ? (T)v : otherwise;
        TryParseCameraMotion(Run<string>("cmc", null) ?? "auto", out var cmc, out string? cmcFile);
        PostProcessKinds.TryParseChain(Run<string>("postprocess", null) ?? "none", out var post, out bool link);
        var filter = new OutputFilter
        {
            MinBoxArea = given.TryGetValue("min-box-area", out object? area) ? (double)area : parse.GetValue(MinBoxArea),
            MaxAspectRatio = given.TryGetValue("aspect-ratio-thresh", out object? ratio) ? (double)ratio : parse.GetValue(AspectRatioThreshold),
        };
        Validate(filter.Validate);
        return request with
        {
            Tracker = tracker,
            TrackerSettings = settings,
            FrameRate = given.TryGetValue("fps", out object? fps) ? (double)fps : null,
            OutputFilter = filter,
            PostProcess = post,
            Link = link,
            LinkMaxGap = given.TryGetValue("link-max-gap", out object? linkGap) ? (int)linkGap : null,
            MaxGap = given.TryGetValue("max-gap", out object? gap) ? (int)gap : null,
            GsiTau = given.TryGetValue("gsi-tau", out object? tau) ? (double)tau : null,
            CameraMotion = cmc,
            CameraMotionFile = cmcFile,
        };
    }

    /// <summary>Runs a validator whose <see cref="ArgumentException.ParamName"/> is the option's name without dashes.</summary>
    public static void Validate(Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--{ex.ParamName}: {ex.Message.Split(" (Parameter")[0]}");
        }
    }
}

/// <summary>
/// One tracker flag as a command-line option of its declared type: with its own default value where every
/// tracker declaring it agrees (help's "[default: …]"), nullable otherwise, so a flag not given keeps the
/// chosen tracker's default.
/// </summary>
internal sealed record TrackerFlagOption(TrackerFlag Flag, Option Option, Func<ParseResult, object> Read)
{
    public static TrackerFlagOption Build(TrackerFlag flag)
    {
        string name = "--" + flag.Name;
        return (flag.Type, flag.ShownDefault) switch
        {
            (TrackerOptionType.Double, double d) => Make(flag, new Option<double>(name) { Description = flag.Help, DefaultValueFactory = _ => d }),
            (TrackerOptionType.Double, _) => Make(flag, new Option<double?>(name) { Description = flag.Help }),
            (TrackerOptionType.Single, float f) => Make(flag, new Option<float>(name) { Description = flag.Help, DefaultValueFactory = _ => f }),
            (TrackerOptionType.Single, _) => Make(flag, new Option<float?>(name) { Description = flag.Help }),
            (TrackerOptionType.Int32, int i) => Make(flag, new Option<int>(name) { Description = flag.Help, DefaultValueFactory = _ => i }),
            (TrackerOptionType.Int32, _) => Make(flag, new Option<int?>(name) { Description = flag.Help }),
            (TrackerOptionType.Boolean, _) => Make(flag, new Option<bool?>(name) { Description = flag.Help }),
            (TrackerOptionType.Switch, _) => Make(flag, new Option<bool>(name) { Description = flag.Help }),
            _ => throw new ArgumentOutOfRangeException(nameof(flag), flag.Type, "unknown tracker option type"),
        };
    }

    // Read only for an option given on the command line, so a nullable one has its value.
    private static TrackerFlagOption Make<T>(TrackerFlag flag, Option<T> option) => new(flag, option, parse => parse.GetValue(option)!);
}

internal static class OptionUse
{
    /// <summary>Whether the option was written on the command line (not just defaulted).</summary>
    public static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };
}
