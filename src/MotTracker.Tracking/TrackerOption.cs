using System.Globalization;

namespace MotTracker.Tracking;

/// <summary>The value type of a tracker option, which decides the command-line option built for it.</summary>
public enum TrackerOptionType
{
    Double,

    /// <summary>A <see cref="float"/> (appearance momentum is kept in single precision).</summary>
    Single,

    Int32,

    /// <summary>A boolean given as a value (<c>--use-byte true</c>).</summary>
    Boolean,

    /// <summary>A flag given alone (<c>--no-fuse-score</c>): present means true.</summary>
    Switch,
}

/// <summary>
/// The values a numeric option accepts, with the rule a rejection states ("track-thresh must be between 0
/// and 1"), worded as the options records' own Validate methods word it so both say the same.
/// </summary>
/// <param name="Min">Lower bound (may be -∞).</param>
/// <param name="Max">Upper bound (may be +∞).</param>
/// <param name="MinOpen">The lower bound itself is rejected.</param>
/// <param name="MaxOpen">The upper bound itself is rejected (so +∞ open also rejects infinity).</param>
/// <param name="Rule">The rule's text after the option's name.</param>
public sealed record TrackerRange(double Min, double Max, bool MinOpen, bool MaxOpen, string Rule)
{
    /// <summary>[0, 1]: a score or a probability.</summary>
    public static TrackerRange Unit { get; } = new(0, 1, false, false, "must be between 0 and 1");

    /// <summary>(0, 1].</summary>
    public static TrackerRange PositiveUnit { get; } = new(0, 1, true, false, "must be in (0, 1]");

    /// <summary>(0, +∞]: any positive value (infinity disables a cost limit, as the records accept).</summary>
    public static TrackerRange Positive { get; } = new(0, double.PositiveInfinity, true, false, "must be positive");

    /// <summary>[0, +∞]: counts that may be zero.</summary>
    public static TrackerRange NotNegative { get; } = new(0, double.PositiveInfinity, false, false, "must not be negative");

    /// <summary>[<paramref name="min"/>, +∞].</summary>
    public static TrackerRange AtLeast(double min) => new(min, double.PositiveInfinity, false, false, $"must be at least {min.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Whether <paramref name="value"/> lies in the range (NaN never does).</summary>
    public bool Contains(double value) =>
        (MinOpen ? value > Min : value >= Min) && (MaxOpen ? value < Max : value <= Max);
}

/// <summary>
/// One row of a tracker's options table: the command-line flag (without dashes), its help text, type,
/// valid range, and how it is read from and written into the tracker's options record. The lambdas keep
/// the table free of reflection (Native AOT). Several trackers may declare the same flag (ByteTrack and
/// BoT-SORT share <c>--track-buffer</c>): the command line then has one option, each tracker reads it into
/// its own record, and the help lists each tracker's default where they differ (see <see cref="TrackerFlag"/>).
/// Build rows with <see cref="TrackerOption.Double{TOptions}"/> and its siblings.
/// </summary>
public sealed class TrackerOption
{
    private readonly Func<object, object> _read;
    private readonly Func<object, object, object> _apply;

    private TrackerOption(string name, string help, TrackerOptionType type, TrackerRange? range, bool showDefault, string? defaultText,
        Func<object, object> read, Func<object, object, object> apply)
    {
        if (name.Length == 0 || name.StartsWith('-')) throw new ArgumentException($"option name '{name}' must be given without dashes", nameof(name));
        Name = name;
        Help = help;
        Type = type;
        Range = range;
        ShowDefault = showDefault;
        DefaultText = defaultText;
        _read = read;
        _apply = apply;
    }

    /// <summary>The flag without its dashes (<c>track-thresh</c>), also the parameter name validation errors carry.</summary>
    public string Name { get; }

    /// <summary>Help text without the default, which the command line adds from every tracker declaring the flag.</summary>
    public string Help { get; }

    public TrackerOptionType Type { get; }

    /// <summary>The accepted values of a numeric option; null accepts any (the record's Validate still runs).</summary>
    public TrackerRange? Range { get; }

    /// <summary>
    /// Show the default as the option's own default value (help's "[default: 0.8]") when every tracker
    /// declaring the flag has the same one; otherwise the default is written into the help text.
    /// </summary>
    public bool ShowDefault { get; }

    /// <summary>The default as help states it, where it is not a plain value (ByteTrack's "--track-thresh + 0.1").</summary>
    public string? DefaultText { get; }

    /// <summary>This option's value in <paramref name="options"/> (a record of the declaring entry's type).</summary>
    public object Read(object options) => _read(options);

    /// <summary>
    /// <paramref name="options"/> with <paramref name="value"/> (of <see cref="Type"/>'s CLR type) set, after
    /// checking <see cref="Range"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The value is out of range; <see cref="ArgumentException.ParamName"/> is <see cref="Name"/>.</exception>
    public object Apply(object options, object value)
    {
        if (Range is { } range)
        {
            double number = value switch
            {
                double d => d,
                float f => f,
                int i => i,
                _ => throw new ArgumentException($"{Name} takes a number, not {value}", Name),
            };
            if (!range.Contains(number)) throw new ArgumentException($"{Name} {range.Rule}", Name);
        }
        return _apply(options, value);
    }

    /// <summary>Sets the value without the range check (tests compare the range with the record's own Validate).</summary>
    internal object ApplyUnchecked(object options, object value) => _apply(options, value);

    /// <summary>The default <paramref name="options"/> hold for this option, as help writes it.</summary>
    public string FormatDefault(object options) => DefaultText ?? Format(Read(options));

    internal static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public static TrackerOption Double<TOptions>(string name, string help, Func<TOptions, double> read, Func<TOptions, double, TOptions> apply,
        TrackerRange? range = null, bool showDefault = false, string? defaultText = null) where TOptions : class =>
        new(name, help, TrackerOptionType.Double, range, showDefault, defaultText, o => read((TOptions)o), (o, v) => apply((TOptions)o, (double)v));

    public static TrackerOption Single<TOptions>(string name, string help, Func<TOptions, float> read, Func<TOptions, float, TOptions> apply,
        TrackerRange? range = null, bool showDefault = false, string? defaultText = null) where TOptions : class =>
        new(name, help, TrackerOptionType.Single, range, showDefault, defaultText, o => read((TOptions)o), (o, v) => apply((TOptions)o, (float)v));

    public static TrackerOption Int32<TOptions>(string name, string help, Func<TOptions, int> read, Func<TOptions, int, TOptions> apply,
        TrackerRange? range = null, bool showDefault = false, string? defaultText = null) where TOptions : class =>
        new(name, help, TrackerOptionType.Int32, range, showDefault, defaultText, o => read((TOptions)o), (o, v) => apply((TOptions)o, (int)v));

    public static TrackerOption Boolean<TOptions>(string name, string help, Func<TOptions, bool> read, Func<TOptions, bool, TOptions> apply,
        string? defaultText = null) where TOptions : class =>
        new(name, help, TrackerOptionType.Boolean, null, false, defaultText, o => read((TOptions)o), (o, v) => apply((TOptions)o, (bool)v));

    /// <summary>A flag given alone; <paramref name="apply"/> receives true when it is given (false only as "--flag false").</summary>
    public static TrackerOption Switch<TOptions>(string name, string help, Func<TOptions, bool> read, Func<TOptions, bool, TOptions> apply) where TOptions : class =>
        new(name, help, TrackerOptionType.Switch, null, false, null, o => read((TOptions)o), (o, v) => apply((TOptions)o, (bool)v));
}
