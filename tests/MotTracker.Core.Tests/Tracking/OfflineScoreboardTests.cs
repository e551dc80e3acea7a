using System.Text;
using MotTracker.Core.Tracking;
using MotTracker.Core.Tracking.PostProcessing;

namespace MotTracker.Core.Tests.Tracking;

/// <summary>Runs only when MOTTRACK_SCOREBOARD names an output file (it is a measurement, not a check).</summary>
internal sealed class ScoreboardFactAttribute : FactAttribute
{
    public const string Variable = "MOTTRACK_SCOREBOARD";

    public ScoreboardFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
            Skip = $"measurement: set {Variable}=<output file> to run";
    }
}

/// <summary>
/// Every tracker x post-processing on MOT17 train (7 FRCNN sequences, det/det.txt) and MOT15 train
/// (11 sequences, det/det_frcnn_sort.txt), written as a markdown table:
/// <c>MOTTRACK_SCOREBOARD=/tmp/table.md dotnet test tests/MotTracker.Core.Tests --filter Scoreboard</c>.
/// </summary>
public sealed class OfflineScoreboardTests
{
    [ScoreboardFact]
    public void Scoreboard_of_every_tracker_and_post_processing()
    {
        var table = new StringBuilder();
        table.AppendLine("| tracker | post-processing | MOT17 HOTA | MOT17 MOTA | MOT17 IDF1 | MOT17 IDSW | MOT15 HOTA | MOT15 MOTA | MOT15 IDF1 | MOT15 IDSW |");
        table.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (string tracker in TrackerFactory.Trackers.Where(t => !t.UsesAppearance).Select(t => t.Name))
        {
            foreach (var kind in Enum.GetValues<PostProcessKind>())
            {
                var a = OfflineScoreboard.Run(OfflineScoreboard.Mot17, tracker, kind);
                var b = OfflineScoreboard.Run(OfflineScoreboard.Mot15, tracker, kind);
                table.AppendLine(FormattableString.Invariant(
                    $"| {tracker} | {PostProcessKinds.Name(kind)} | {a.Hota:F2} | {a.Mota:F2} | {a.Idf1:F2} | {a.IdSwitches} | {b.Hota:F2} | {b.Mota:F2} | {b.Idf1:F2} | {b.IdSwitches} |"));
            }
        }
        File.WriteAllText(Environment.GetEnvironmentVariable(ScoreboardFactAttribute.Variable)!, table.ToString());
        table.Length.ShouldBeGreaterThan(0);
    }
}
