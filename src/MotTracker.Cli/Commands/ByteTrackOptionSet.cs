using System.CommandLine;
using MotTracker.Core.Tracking;
using MotTracker.Core.Tracking.ByteTrack;

namespace MotTracker.Cli.Commands;

/// <summary>ByteTrack's parameters as command-line options (<c>--tracker bytetrack</c>).</summary>
internal sealed class ByteTrackOptionSet : ITrackerOptionGroup
{
    private static readonly ByteTrackOptions Defaults = new();

    public Option<double> TrackThreshold { get; } = new("--track-thresh") { Description = "High-score threshold: detections above it enter the first association.", DefaultValueFactory = _ => Defaults.TrackThreshold };
    public Option<double> LowThreshold { get; } = new("--low-thresh") { Description = "Low bound: detections between it and --track-thresh enter the second association.", DefaultValueFactory = _ => Defaults.LowThreshold };
    public Option<double?> NewTrackThreshold { get; } = new("--new-track-thresh") { Description = "Minimum score to start a new track (default: --track-thresh + 0.1)." };
    public Option<double> MatchThreshold { get; } = new("--match-thresh") { Description = "Cost limit (1 - IoU) of the first association.", DefaultValueFactory = _ => Defaults.MatchThreshold };
    public Option<double> SecondMatchThreshold { get; } = new("--second-match-thresh") { Description = "Cost limit of the second (low-score) association.", DefaultValueFactory = _ => Defaults.SecondMatchThreshold };
    public Option<double> UnconfirmedMatchThreshold { get; } = new("--unconfirmed-match-thresh") { Description = "Cost limit for unconfirmed tracks.", DefaultValueFactory = _ => Defaults.UnconfirmedMatchThreshold };
    public Option<int> TrackBuffer { get; } = new("--track-buffer") { Description = "Frames a lost track is kept, at 30 fps; scaled by the frame rate (--fps).", DefaultValueFactory = _ => Defaults.TrackBuffer };
    public Option<bool> NoFuseScore { get; } = new("--no-fuse-score") { Description = "Do not weight IoU by detection score in the first association (the reference's MOT20 setting)." };

    public IReadOnlyList<string> Trackers => ["bytetrack"];

    public IReadOnlyList<Option> Options => [TrackThreshold, LowThreshold, NewTrackThreshold, MatchThreshold, SecondMatchThreshold, UnconfirmedMatchThreshold, TrackBuffer, NoFuseScore];

    /// <summary>Builds validated options into <paramref name="settings"/>.</summary>
    public TrackerSettings Apply(ParseResult parse, TrackerSettings settings)
    {
        var options = new ByteTrackOptions
        {
            TrackThreshold = parse.GetValue(TrackThreshold),
            LowThreshold = parse.GetValue(LowThreshold),
            NewTrackThreshold = parse.GetValue(NewTrackThreshold),
            MatchThreshold = parse.GetValue(MatchThreshold),
            SecondMatchThreshold = parse.GetValue(SecondMatchThreshold),
            UnconfirmedMatchThreshold = parse.GetValue(UnconfirmedMatchThreshold),
            TrackBuffer = parse.GetValue(TrackBuffer),
            FuseScore = !parse.GetValue(NoFuseScore),
        };
        TrackerOptionSet.Validate(options.Validate);
        return settings with { ByteTrack = options };
    }
}
