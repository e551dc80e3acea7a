using System.CommandLine;
using MotTracker.Engine.Analytics;
using MotTracker.Engine.Outputs;

namespace MotTracker.Cli.Commands;

/// <summary>
/// The options of a run's extra outputs shared by <c>track</c> and <c>batch</c>: the trail of the
/// annotated video and the counting lines. Where the video and the summary go differs per command.
/// </summary>
internal sealed class AnnotationOptionSet
{
    public Option<int> Trail { get; } = new("--trail") { Description = "Annotated video: frames of past positions drawn as a fading trail behind each track (0: none).", DefaultValueFactory = _ => AnnotationStyle.DefaultTrail };

    public Option<string[]> CountLines { get; } = new("--count-line")
    {
        Description = "Count tracks crossing the segment x1,y1,x2,y2 (pixels), optionally named: x1,y1,x2,y2,door. Repeatable. Moving from the left of the direction (x1,y1)->(x2,y2) to its right, as seen on screen, is 'in'; the other way is 'out'.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string> CountAnchor { get; } = new Option<string>("--count-anchor") { Description = "The point of each box that must cross a count line: bottom (bottom centre, where people and cars touch the ground) or center.", DefaultValueFactory = _ => "bottom" }.AcceptOnlyFromAmong("bottom", "center", "centre");

    public void AddTo(Command command)
    {
        command.Add(Trail);
        command.Add(CountLines);
        command.Add(CountAnchor);
    }

    /// <summary>The outputs' settings (paths filled in by the command); bad lines are usage errors naming the flag.</summary>
    public TrackOutputSettings Read(ParseResult parse, bool videoWanted, string videoOption)
    {
        int trail = parse.GetValue(Trail);
        if (trail < 0) throw new UsageException($"--trail must be 0 (no trail) or a number of frames, got {trail}");
        if (!videoWanted && OptionUse.Given(parse, Trail)) throw new UsageException($"--trail applies to the annotated video ({videoOption})");
        IReadOnlyList<CountLine> lines;
        CountAnchor anchor;
        try
        {
            lines = CountLine.ParseAll(parse.GetValue(CountLines) ?? []);
            anchor = CountAnchors.Parse(parse.GetValue(CountAnchor)!);
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
        if (lines.Count == 0 && OptionUse.Given(parse, CountAnchor)) throw new UsageException("--count-anchor applies to --count-line");
        return new TrackOutputSettings
        {
            Style = new AnnotationStyle { Trail = trail },
            CountLines = lines,
            Anchor = anchor,
        };
    }
}
