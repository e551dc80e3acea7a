using System.CommandLine;
using System.Globalization;
using MotTracker.Core.MotChallenge;
using MotTracker.Engine.Outputs;
using MotTracker.Evaluation;

namespace MotTracker.Cli.Commands;

/// <summary>
/// <c>mottrack render results.txt --frames img1 -o out.mp4 [--gt gt.txt]</c>: any result file drawn over
/// its frames as <c>track --save-video</c> draws a run, with gt an error overlay.
/// </summary>
internal static class RenderCommand
{
    public static Command Create(CliContext context)
    {
        var results = new Argument<string>("results") { Description = "MOTChallenge result file to draw (ours or another tracker's)." };
        var frames = new Option<string>("--frames") { Description = "The frames the results belong to: a sequence's img1/ folder (or the sequence folder) or its video.", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "Video to write: .mp4 (MPEG-4 Part 2, mp4v) or .avi (Motion JPEG), atomically.", Required = true };
        var gt = new Option<string?>("--gt") { Description = "Ground truth (gt.txt): draw the errors CLEAR counts: missed gt boxes dashed white, false positives red, an ID switch flagged old -> new id in magenta for --switch-frames frames." };
        var benchmark = new Option<string>("--benchmark") { Description = "With --gt: the rules that decide what is scored (MOT17, MOT16, MOT20, MOT15), as in eval.", DefaultValueFactory = _ => "MOT17" };
        var switchFrames = new Option<int>("--switch-frames") { Description = "With --gt: frames an ID switch stays flagged.", DefaultValueFactory = _ => ErrorOverlay.DefaultSwitchFrames };
        var trail = new Option<int>("--trail") { Description = "Frames of past positions drawn as a fading trail behind each track (0: none).", DefaultValueFactory = _ => AnnotationStyle.DefaultTrail };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the output video if it exists." };
        var command = new Command("render", "Draw a result file over its frames (as track --save-video does); with --gt, an overlay of its errors.")
        {
            results, frames, output, gt, benchmark, switchFrames, trail, overwrite,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            if (!MotChallengeBenchmark.TryParse(parse.GetValue(benchmark)!, out var rules))
                throw new UsageException($"unknown benchmark '{parse.GetValue(benchmark)}' (use MOT17, MOT16, MOT20 or MOT15)");
            string video = parse.GetValue(output)!;
            if (Path.GetExtension(video).ToLowerInvariant() is not (".mp4" or ".avi"))
                throw new UsageException($"--output '{video}': write .mp4 (MPEG-4 Part 2, mp4v) or .avi (Motion JPEG)");
            int flagFrames = parse.GetValue(switchFrames);
            if (flagFrames < 1) throw new UsageException($"--switch-frames must be at least 1 (got {flagFrames})");
            int trailFrames = parse.GetValue(trail);
            if (trailFrames < 0) throw new UsageException($"--trail must be 0 (no trail) or a number of frames, got {trailFrames}");
            string? gtFile = parse.GetValue(gt) is { } g ? context.ResolvePath(g) : null;
            if (gtFile is null && (OptionUse.Given(parse, switchFrames) || OptionUse.Given(parse, benchmark)))
                throw new UsageException("--switch-frames and --benchmark apply to the error overlay: give --gt");
            var request = new RenderRequest
            {
                Results = context.ResolvePath(parse.GetValue(results)!),
                Frames = context.ResolvePath(parse.GetValue(frames)!),
                Output = context.ResolvePath(video),
                GroundTruth = gtFile,
                Benchmark = rules,
                SwitchFrames = flagFrames,
                Style = new AnnotationStyle { Trail = trailFrames },
                Overwrite = parse.GetValue(overwrite),
            };
            if (!File.Exists(request.Results)) throw new UsageException($"result file '{request.Results}' not found");
            if (gtFile is not null && !File.Exists(gtFile)) throw new UsageException($"--gt '{gtFile}' not found");
            if (File.Exists(request.Output) && !request.Overwrite)
                throw new UsageException($"output '{request.Output}' already exists; pass --overwrite to replace it");
            return Task.Run(() => EngineErrors.Map(() =>
            {
                var summary = ResultsRenderer.Render(request, cancellationToken);
                string errors = summary.Errors is { Counts: var c }
                    ? string.Create(CultureInfo.InvariantCulture, $"; errors drawn: {c.IdSwitches} ID switches, {c.FalsePositives} FP, {c.FalseNegatives} FN")
                    : "";
                context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {summary.OutputPath} ({summary.FramesWritten} frames, {summary.Codec}){errors}"));
                return ExitCodes.Ok;
            }), CancellationToken.None);
        });
        return command;
    }
}
