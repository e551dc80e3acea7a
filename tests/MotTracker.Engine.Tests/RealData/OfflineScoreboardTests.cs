using System.Globalization;
using System.Text;
using MotTracker.Tracking;
using MotTracker.Tracking.PostProcessing;

namespace MotTracker.Engine.Tests.RealData;

/// <summary>A measurement, not a check: runs only when the named environment variable is set.</summary>
internal sealed class MeasurementFactAttribute : FactAttribute
{
    public MeasurementFactAttribute(string variable)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
            Skip = $"measurement: set {variable} to run";
    }
}

/// <summary>
/// The harness behind the offline recipe's numbers: every tracker x post-processing on MOT17 train
/// (7 FRCNN sequences, det/det.txt) and MOT15 train (11 sequences, det/det_frcnn_sort.txt), scored in
/// process with TrackEval's rules (MOT17 and MOT15), about a second per benchmark in Release.
/// </summary>
public sealed class OfflineScoreboardTests
{
    private const string TableVariable = "MOTTRACK_SCOREBOARD";
    private const string ExploreVariable = "MOTTRACK_EXPLORE";

    /// <summary>
    /// Markdown table of every tracker without appearance x none/interpolate/gsi, each with its
    /// post-processing defaults (<see cref="TrackerFactory.PostProcessDefaults"/>), plus the other max-gap:
    /// <c>MOTTRACK_SCOREBOARD=/tmp/table.md dotnet test tests/MotTracker.Engine.Tests -c Release --filter Scoreboard</c>.
    /// </summary>
    [MeasurementFact(TableVariable)]
    public void Scoreboard_of_every_tracker_and_post_processing()
    {
        var table = new StringBuilder();
        table.AppendLine("| tracker | post-processing | MOT17 HOTA | MOT17 MOTA | MOT17 IDF1 | MOT17 IDSW | MOT15 HOTA | MOT15 MOTA | MOT15 IDF1 | MOT15 IDSW |");
        table.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        void Add(string tracker, PostProcessKind kind, int? maxGap, string label)
        {
            var a = OfflineScoreboard.Run(OfflineScoreboard.Mot17, tracker, kind, maxGap: maxGap);
            var b = OfflineScoreboard.Run(OfflineScoreboard.Mot15, tracker, kind, maxGap: maxGap);
            table.AppendLine(FormattableString.Invariant(
                $"| {tracker} | {label} | {a.Hota:F2} | {a.Mota:F2} | {a.Idf1:F2} | {a.IdSwitches} | {b.Hota:F2} | {b.Mota:F2} | {b.Idf1:F2} | {b.IdSwitches} |"));
        }
        foreach (string tracker in TrackerFactory.Trackers.Where(t => !t.UsesAppearance && !t.UsesCameraMotion).Select(t => t.Name))
        {
            var defaults = TrackerFactory.PostProcessDefaults(tracker);
            foreach (var kind in Enum.GetValues<PostProcessKind>())
                Add(tracker, kind, null, PostProcessKinds.Name(kind));
            foreach (int gap in new[] { 20, 60 }.Where(g => g != defaults.MaxGap))
                foreach (var kind in new[] { PostProcessKind.Interpolate, PostProcessKind.Gsi })
                    Add(tracker, kind, gap, FormattableString.Invariant($"{PostProcessKinds.Name(kind)} --max-gap {gap}"));
        }
        File.WriteAllText(Environment.GetEnvironmentVariable(TableVariable)!, table.ToString());
        table.Length.ShouldBeGreaterThan(0);
    }

    /// <summary>
    /// Scores the settings listed in the file MOTTRACK_EXPLORE names, one per line:
    /// <c>tracker postprocess [option=value ...]</c>, options being command-line flags without dashes: the
    /// tracker's, max-gap and gsi-tau (e.g. <c>ocsort gsi max-age=60 max-gap=60</c>);
    /// writes the scores to the same path plus ".out".
    /// </summary>
    [MeasurementFact(ExploreVariable)]
    public void Scores_of_the_listed_settings()
    {
        string spec = Environment.GetEnvironmentVariable(ExploreVariable)!;
        var report = new StringBuilder();
        foreach (string line in File.ReadAllLines(spec).Where(l => l.Trim().Length > 0 && !l.StartsWith('#')))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string tracker = parts[0];
            PostProcessKinds.TryParse(parts[1], out var kind).ShouldBeTrue(line);
            int? maxGap = null;
            double? gsiTau = null;
            var flags = new List<KeyValuePair<string, object>>();
            foreach (string assignment in parts.Skip(2))
            {
                string name = assignment.Split('=')[0], value = assignment.Split('=')[1];
                switch (name)
                {
                    case "max-gap": maxGap = int.Parse(value, CultureInfo.InvariantCulture); continue;
                    case "gsi-tau": gsiTau = double.Parse(value, CultureInfo.InvariantCulture); continue;
                }
                var flag = TrackerRegistry.Catalog.Flags.FirstOrDefault(f => f.Name == name) ?? throw new ArgumentException($"no option {name}: {line}");
                flags.Add(new(name, flag.Type switch
                {
                    TrackerOptionType.Int32 => int.Parse(value, CultureInfo.InvariantCulture),
                    TrackerOptionType.Single => float.Parse(value, CultureInfo.InvariantCulture),
                    TrackerOptionType.Boolean or TrackerOptionType.Switch => bool.Parse(value),
                    _ => (object)double.Parse(value, CultureInfo.InvariantCulture),
                }));
            }
            var settings = TrackerRegistry.Catalog.Apply(tracker, new TrackerSettings(), flags);
            var a = OfflineScoreboard.Run(OfflineScoreboard.Mot17, tracker, kind, settings, maxGap, gsiTau);
            var b = OfflineScoreboard.Run(OfflineScoreboard.Mot15, tracker, kind, settings, maxGap, gsiTau);
            report.AppendLine($"{line,-80} | MOT17: {a} | MOT15: {b}");
        }
        File.WriteAllText(spec + ".out", report.ToString());
        report.Length.ShouldBeGreaterThan(0);
    }
}
