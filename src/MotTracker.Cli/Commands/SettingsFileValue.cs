using System.Globalization;
using MotTracker.Core;
using MotTracker.Tracking;

namespace MotTracker.Cli.Commands;

/// <summary>A settings file's value checked as the command line checks its flag: a refusal names file, line and key.</summary>
internal static class SettingsFileValue
{
    public static MotFormatException Invalid(string file, TrackerConfigValue value, string expected) =>
        new(file, value.Line, value.Key, $"'{value.Text}': {expected}");

    /// <summary>The value as a finite number that <paramref name="accepts"/> takes.</summary>
    public static double Number(string file, TrackerConfigValue value, Func<double, bool> accepts, string expected) =>
        double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) && accepts(d)
            ? d
            : throw Invalid(file, value, expected);
}
