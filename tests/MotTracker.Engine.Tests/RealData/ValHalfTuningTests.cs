using System.Globalization;
using System.Text;
using MotTracker.Tracking;
using MotTracker.Tracking.PostProcessing;

namespace MotTracker.Engine.Tests.RealData;

/// <summary>
/// The harness the val-half recipes were chosen with: scores settings on the tune sequences (02, 04,
/// 09, 11), the confirm sequences (05, 10, 13), all seven, and the two guards (MOT17 train FRCNN,
/// MOT15 train det_frcnn_sort.txt), in process, camera motion from each folder's gmc.txt as --cmc auto.
/// </summary>
public sealed class ValHalfTuningTests
{
    private const string Variable = "MOTTRACK_TUNE";

    /// <summary>
    /// Scores the settings listed in the file MOTTRACK_TUNE names, one per line:
    /// <c>tracker postprocess [Option=value ...]</c>; postprocess is a chain (<c>link,gsi</c>), options are
    /// the tracker's command-line flags without dashes (<c>track-thresh=0.55</c>), properties of <see cref="PostProcessOptions"/>, of
    /// <see cref="LinkOptions"/> (<c>Link.MaxDistance=0.6</c>) or of <see cref="OutputFilter"/>
    /// (<c>MinBoxArea=100</c>). Only the tune group, unless the line starts with <c>+</c> (confirm group and all seven too) or <c>!</c> (those, each sequence and the guards). Writes to the path plus ".out".
    /// </summary>
    [MeasurementFact(Variable)]
    public void Scores_of_the_listed_settings_on_the_val_half()
    {
        string spec = Environment.GetEnvironmentVariable(Variable)!;
        var report = new StringBuilder();
        foreach (string raw in File.ReadAllLines(spec).Where(l => l.Trim().Length > 0 && !l.StartsWith('#')))
        {
            bool guards = raw.StartsWith('!');
            bool full = guards || raw.StartsWith('+');
            string line = raw.TrimStart('!', '+');
            var (tracker, kind, settings, post, filter) = Parse(line);
            var tune = OfflineScoreboard.Run(OfflineScoreboard.ValHalfTune, tracker, kind, settings, post, out _, filter);
            report.AppendLine(FormattableString.Invariant($"{line,-90} tune    {tune}"));
            if (!full) continue;
            var confirm = OfflineScoreboard.Run(OfflineScoreboard.ValHalfConfirm, tracker, kind, settings, post, out _, filter);
            var all = OfflineScoreboard.Run(OfflineScoreboard.ValHalf, tracker, kind, settings, post, out var each, filter);
            report.AppendLine(FormattableString.Invariant($"{"",-90} confirm {confirm}"));
            report.AppendLine(FormattableString.Invariant($"{"",-90} all     {all}"));
            if (guards)
            {
                foreach (var (name, score) in each) report.AppendLine(FormattableString.Invariant($"     {name} {score}"));
                var a = OfflineScoreboard.Run(OfflineScoreboard.Mot17, tracker, kind, settings, post, out _, filter);
                var b = OfflineScoreboard.Run(OfflineScoreboard.Mot15, tracker, kind, settings, post, out _, filter);
                report.AppendLine(FormattableString.Invariant($"   MOT17 train {a}"));
                report.AppendLine(FormattableString.Invariant($"   MOT15 train {b}"));
            }
        }
        File.WriteAllText(spec + ".out", report.ToString());
        report.Length.ShouldBeGreaterThan(0);
    }

    internal static (string Tracker, PostProcessKind Kind, TrackerSettings Settings, PostProcessOptions Post, OutputFilter Filter) Parse(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string tracker = parts[0];
        PostProcessKinds.TryParseChain(parts[1], out var kind, out bool link).ShouldBeTrue(line);
        var post = TrackerFactory.PostProcessDefaults(tracker) with { };
        if (link) post = post with { Link = new LinkOptions() };
        var filter = new OutputFilter();
        var flags = new List<KeyValuePair<string, object>>();
        foreach (string assignment in parts.Skip(2))
        {
            string name = assignment.Split('=')[0], value = assignment.Split('=')[1];
            object? target = null;
            if (name.StartsWith("Link.", StringComparison.Ordinal))
            {
                target = post.Link ?? throw new ArgumentException($"{name} without link: {line}");
                name = name["Link.".Length..];
            }
            else if (typeof(PostProcessOptions).GetProperty(name) is not null) target = post;
            else if (typeof(OutputFilter).GetProperty(name) is not null) target = filter;
            if (target is not null)
            {
                var property = target.GetType().GetProperty(name) ?? throw new ArgumentException($"no option {name}: {line}");
                var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                // Init-only properties of fresh copies: set through reflection, as a `with` would.
                property.SetValue(target, Convert.ChangeType(value, type, CultureInfo.InvariantCulture));
                continue;
            }
            // Anything else is the tracker's command-line flag without dashes (track-thresh=0.55).
            var flag = TrackerRegistry.Catalog.Flags.FirstOrDefault(f => f.Name == name) ?? throw new ArgumentException($"no option {name}: {line}");
            flags.Add(new(name, flag.Type switch
            {
                TrackerOptionType.Int32 => int.Parse(value, CultureInfo.InvariantCulture),
                TrackerOptionType.Single => float.Parse(value, CultureInfo.InvariantCulture),
                TrackerOptionType.Boolean or TrackerOptionType.Switch => bool.Parse(value),
                _ => (object)double.Parse(value, CultureInfo.InvariantCulture),
            }));
        }
        return (tracker, kind, TrackerRegistry.Catalog.Apply(tracker, new TrackerSettings(), flags), post, filter);
    }
}
