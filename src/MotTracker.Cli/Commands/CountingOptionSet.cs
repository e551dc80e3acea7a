using System.CommandLine;
using MotTracker.Engine.Analytics;

namespace MotTracker.Cli.Commands;

/// <summary>Zones and the live event stream, shared by <c>track</c> and <c>count</c>.</summary>
internal sealed class CountingOptionSet
{
    public Option<string[]> Zones { get; } = new("--zone")
    {
        Description = "Count tracks in the polygon x1,y1,x2,y2,x3,y3,... (pixels, at least 3 points), optionally named: ...,x3,y3,shop. Repeatable. A box is inside when its --count-anchor point is (with the count lines' hysteresis margin); per zone and class: entries, exits, occupancy and each identity's dwell (frames, seconds) in --summary.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Events { get; } = new("--events") { Description = "Write live events as JSON Lines to this file ('-': stdout), flushed every frame: track_started, track_ended (with its last frame), line_crossed (direction), zone_entered, zone_exited (with dwell); each with frame, media time, wall-clock time, id, class and box. Written in place (not atomically) so it can be tailed." };

    public void AddTo(Command command)
    {
        command.Add(Zones);
        command.Add(Events);
    }

    /// <summary>The zones given; a bad one is a usage error naming the flag.</summary>
    public IReadOnlyList<CountZone> ReadZones(ParseResult parse)
    {
        try
        {
            return CountZone.ParseAll(parse.GetValue(Zones) ?? []);
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}
