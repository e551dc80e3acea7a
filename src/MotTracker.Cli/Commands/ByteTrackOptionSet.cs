using System.CommandLine;
using MotTracker.Tracking;
using MotTracker.Tracking.Trackers.BotSort;
using MotTracker.Tracking.Trackers.ByteTrack;

namespace MotTracker.Cli.Commands;

/// <summary>
/// The two-round (BYTE) association's parameters as command-line options. ByteTrack and BoT-SORT share
/// them (BoT-SORT is ByteTrack's association with more in it), with each tracker's own defaults where
/// they differ: a value not given keeps the chosen tracker's default.
/// </summary>
internal sealed class ByteTrackOptionSet : ITrackerOptionGroup
{
    private static readonly ByteTrackOptions Byte = new();
    private static readonly BotSortOptions Bot = new();

    public Option<double?> TrackThreshold { get; } = new("--track-thresh") { Description = $"High-score threshold: detections above it enter the first association (default: bytetrack {Byte.TrackThreshold}, botsort {Bot.TrackHighThreshold})." };
    public Option<double?> LowThreshold { get; } = new("--low-thresh") { Description = $"Low bound: detections between it and --track-thresh enter the second association (default {Byte.LowThreshold})." };
    public Option<double?> NewTrackThreshold { get; } = new("--new-track-thresh") { Description = $"Minimum score to start a new track (default: bytetrack --track-thresh + 0.1, botsort {Bot.NewTrackThreshold})." };
    public Option<double> MatchThreshold { get; } = new("--match-thresh") { Description = "Cost limit (1 - IoU, score-fused) of the first association.", DefaultValueFactory = _ => Byte.MatchThreshold };
    public Option<double> SecondMatchThreshold { get; } = new("--second-match-thresh") { Description = "Cost limit of the second (low-score) association.", DefaultValueFactory = _ => Byte.SecondMatchThreshold };
    public Option<double> UnconfirmedMatchThreshold { get; } = new("--unconfirmed-match-thresh") { Description = "Cost limit for unconfirmed tracks.", DefaultValueFactory = _ => Byte.UnconfirmedMatchThreshold };
    public Option<int?> TrackBuffer { get; } = new("--track-buffer") { Description = $"Frames a lost track is kept, at 30 fps; scaled by the frame rate (--fps) (default: bytetrack {Byte.TrackBuffer}, botsort {Bot.TrackBuffer})." };
    public Option<bool> NoFuseScore { get; } = new("--no-fuse-score") { Description = "Do not weight IoU by detection score in the first association (the reference's MOT20 setting)." };

    public IReadOnlyList<string> Trackers => ["bytetrack", "botsort"];

    public IReadOnlyList<Option> Options => [TrackThreshold, LowThreshold, NewTrackThreshold, MatchThreshold, SecondMatchThreshold, UnconfirmedMatchThreshold, TrackBuffer, NoFuseScore];

    /// <summary>Builds validated options of both trackers into <paramref name="settings"/> (only the chosen one is used).</summary>
    public TrackerSettings Apply(ParseResult parse, TrackerSettings settings)
    {
        var byteTrack = new ByteTrackOptions
        {
            TrackThreshold = parse.GetValue(TrackThreshold) ?? Byte.TrackThreshold,
            LowThreshold = parse.GetValue(LowThreshold) ?? Byte.LowThreshold,
            NewTrackThreshold = parse.GetValue(NewTrackThreshold),
            MatchThreshold = parse.GetValue(MatchThreshold),
            SecondMatchThreshold = parse.GetValue(SecondMatchThreshold),
            UnconfirmedMatchThreshold = parse.GetValue(UnconfirmedMatchThreshold),
            TrackBuffer = parse.GetValue(TrackBuffer) ?? Byte.TrackBuffer,
            FuseScore = !parse.GetValue(NoFuseScore),
        };
        var botSort = settings.BotSort with
        {
            TrackHighThreshold = parse.GetValue(TrackThreshold) ?? Bot.TrackHighThreshold,
            TrackLowThreshold = parse.GetValue(LowThreshold) ?? Bot.TrackLowThreshold,
            NewTrackThreshold = parse.GetValue(NewTrackThreshold) ?? Bot.NewTrackThreshold,
            MatchThreshold = parse.GetValue(MatchThreshold),
            SecondMatchThreshold = parse.GetValue(SecondMatchThreshold),
            UnconfirmedMatchThreshold = parse.GetValue(UnconfirmedMatchThreshold),
            TrackBuffer = parse.GetValue(TrackBuffer) ?? Bot.TrackBuffer,
            FuseScore = !parse.GetValue(NoFuseScore),
        };
        TrackerOptionSet.Validate(byteTrack.Validate);
        return settings with { ByteTrack = byteTrack, BotSort = botSort };
    }
}
