using System.CommandLine;
using MotTracker.Core.Tracking;
using MotTracker.Core.Tracking.ByteTrack;

namespace MotTracker.Cli.Commands;

/// <summary>The ByteTrack parameters as command-line options, shared by every command that tracks.</summary>
internal sealed class ByteTrackOptionSet
{
    private static readonly ByteTrackOptions Defaults = new();
    private static readonly OutputFilter FilterDefaults = new();

    public Option<double> TrackThreshold { get; } = new("--track-thresh") { Description = "High-score threshold: detections above it enter the first association.", DefaultValueFactory = _ => Defaults.TrackThreshold };
    public Option<double> LowThreshold { get; } = new("--low-thresh") { Description = "Low bound: detections between it and --track-thresh enter the second association.", DefaultValueFactory = _ => Defaults.LowThreshold };
    public Option<double?> NewTrackThreshold { get; } = new("--new-track-thresh") { Description = "Minimum score to start a new track (default: --track-thresh + 0.1)." };
    public Option<double> MatchThreshold { get; } = new("--match-thresh") { Description = "Cost limit (1 - IoU) of the first association.", DefaultValueFactory = _ => Defaults.MatchThreshold };
    public Option<double> SecondMatchThreshold { get; } = new("--second-match-thresh") { Description = "Cost limit of the second (low-score) association.", DefaultValueFactory = _ => Defaults.SecondMatchThreshold };
    public Option<double> UnconfirmedMatchThreshold { get; } = new("--unconfirmed-match-thresh") { Description = "Cost limit for unconfirmed tracks.", DefaultValueFactory = _ => Defaults.UnconfirmedMatchThreshold };
    public Option<int> TrackBuffer { get; } = new("--track-buffer") { Description = "Frames a lost track is kept, at 30 fps; scaled by the sequence frame rate.", DefaultValueFactory = _ => Defaults.TrackBuffer };
    public Option<double?> Fps { get; } = new("--fps") { Description = "Frame rate used to scale --track-buffer (default: seqinfo.ini's frameRate, the video's rate, or 30)." };
    public Option<bool> NoFuseScore { get; } = new("--no-fuse-score") { Description = "Do not weight IoU by detection score in the first association (the reference's MOT20 setting)." };
    public Option<double> MinBoxArea { get; } = new("--min-box-area") { Description = "Output filter: drop boxes with area at or below this.", DefaultValueFactory = _ => FilterDefaults.MinBoxArea };
    public Option<double> AspectRatioThreshold { get; } = new("--aspect-ratio-thresh") { Description = "Output filter: drop boxes with width/height above this.", DefaultValueFactory = _ => FilterDefaults.MaxAspectRatio };

    public void AddTo(Command command)
    {
        command.Add(TrackThreshold);
        command.Add(LowThreshold);
        command.Add(NewTrackThreshold);
        command.Add(MatchThreshold);
        command.Add(SecondMatchThreshold);
        command.Add(UnconfirmedMatchThreshold);
        command.Add(TrackBuffer);
        command.Add(Fps);
        command.Add(NoFuseScore);
        command.Add(MinBoxArea);
        command.Add(AspectRatioThreshold);
    }

    /// <summary>The people-only output filter from --min-box-area and --aspect-ratio-thresh.</summary>
    public OutputFilter ReadFilter(ParseResult parse)
    {
        var filter = new OutputFilter { MinBoxArea = parse.GetValue(MinBoxArea), MaxAspectRatio = parse.GetValue(AspectRatioThreshold) };
        try
        {
            filter.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--{ex.ParamName}: {ex.Message.Split(" (Parameter")[0]}");
        }
        return filter;
    }

    /// <summary>Builds validated options; <paramref name="sourceFps"/> is used unless --fps is given.</summary>
    public ByteTrackOptions Read(ParseResult parse, double? sourceFps)
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
            FrameRate = parse.GetValue(Fps) ?? sourceFps ?? 30,
            FuseScore = !parse.GetValue(NoFuseScore),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--{ex.ParamName}: {ex.Message.Split(" (Parameter")[0]}");
        }
        return options;
    }
}
