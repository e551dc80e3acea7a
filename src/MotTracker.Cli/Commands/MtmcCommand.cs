using System.CommandLine;
using System.Globalization;
using MotTracker.Cli.Logging;
using MotTracker.Engine;
using MotTracker.Engine.Mtmc;
using MotTracker.Tracking.MultiCamera;

namespace MotTracker.Cli.Commands;

/// <summary>
/// <c>mottrack mtmc</c>: tracks each camera, links tracklets across cameras into global identities
/// (<see cref="MtmcRun"/>) and writes DIR/&lt;camera&gt;.txt with global ids.
/// </summary>
internal static class MtmcCommand
{
    public static Command Create(CliContext context)
    {
        var inputs = new Argument<string[]>("cameras") { Description = "One input per camera: a video, an image folder, or a MOTChallenge sequence folder (one without img1/ is read from the video inside it, as synth writes them), or a detection cache made with --reid (no model runs).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "Folder for <camera>.txt (MOTChallenge rows, ids global across cameras).", Required = true };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing <camera>.txt files." };
        var linkThresh = new Option<double>("--link-thresh") { Description = "Cosine similarity of two groups' mean appearances at or above which they may merge into one identity.", DefaultValueFactory = _ => new LinkSettings().MinSimilarity };
        var linkWindow = new Option<int>("--link-window") { Description = "Frames within which two groups must have tracklets to merge (the cameras share one clock).", DefaultValueFactory = _ => new LinkSettings().MaxGapFrames };
        var minTracklet = new Option<int>("--min-tracklet") { Description = "Drop tracklets with fewer boxes than this before linking.", DefaultValueFactory = _ => 10 };
        var minTrackletScore = new Option<double>("--min-tracklet-score") { Description = "Drop tracklets whose boxes' mean detection score is below this before linking (false positives score low).", DefaultValueFactory = _ => new MtmcRequest { Cameras = [], OutputDirectory = "" }.MinTrackletScore };
        var minTravel = new Option<double>("--min-travel") { Description = "Drop tracklets whose box centre never gets this many box heights from where it was (background clutter the detector keeps firing on; 0 keeps all).", DefaultValueFactory = _ => new MtmcRequest { Cameras = [], OutputDirectory = "" }.MinTravel };
        var sampleEvery = new Option<int>("--sample-every") { Description = "Embed every N-th box of a tracklet into its mean appearance.", DefaultValueFactory = _ => 5 };
        var tracker = new TrackerOptionSet();
        var inference = new InferenceOptionSet();

        var command = new Command("mtmc", "Multi-camera tracking: track each camera, then link tracklets across cameras into global identities (mean ReID appearance, time window, cannot-link on one camera) and write <camera>.txt with global ids.")
        {
            inputs, output, overwrite, linkThresh, linkWindow, minTracklet, minTrackletScore, minTravel, sampleEvery,
        };
        tracker.AddTo(command);
        inference.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var config = tracker.ReadConfig(parse, context);
            var models = inference.Read(parse, context, config);
            var cameras = parse.GetValue(inputs)!.Select(input =>
            {
                var request = new TrackRequest
                {
                    Input = context.ResolvePath(input),
                    DetectionSource = models.Detector is not null ? DetectionSource.Detector : DetectionSource.Auto,
                    Models = models,
                };
                return tracker.Apply(parse, request, config);
            }).ToArray();
            var request = new MtmcRequest
            {
                Cameras = cameras,
                OutputDirectory = context.ResolvePath(parse.GetValue(output)!),
                Overwrite = parse.GetValue(overwrite),
                Link = new LinkSettings { MinSimilarity = parse.GetValue(linkThresh), MaxGapFrames = parse.GetValue(linkWindow) },
                MinTrackletFrames = parse.GetValue(minTracklet),
                MinTrackletScore = parse.GetValue(minTrackletScore),
                MinTravel = parse.GetValue(minTravel),
                SampleEvery = parse.GetValue(sampleEvery),
            };
            var log = CliLog.Create(parse, context);
            var engine = new TrackingEngine(context.EngineEnvironment(log));
            return Task.Run(() => EngineErrors.Map(() =>
            {
                var result = MtmcRun.Execute(request, engine, null, cancellationToken);
                foreach (var camera in result.Cameras)
                {
                    context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{camera.Name}: {camera.Frames} frames, {camera.Tracklets} tracklets ({camera.DroppedTracklets} dropped by --min-tracklet, --min-tracklet-score, --min-travel), {camera.Boxes} boxes -> {camera.OutputPath}"));
                }
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"mtmc: {result.GlobalIdentities} global identities, {result.LinkedIdentities} of them seen by more than one camera"));
                return ExitCodes.Ok;
            }), CancellationToken.None);
        });
        return command;
    }
}
