using System.CommandLine;
using System.Globalization;
using MotTracker.Cli.Logging;
using MotTracker.Engine;
using MotTracker.Engine.Cache;
using MotTracker.Engine.Config;

namespace MotTracker.Cli.Commands;

/// <summary>
/// <c>mottrack detect</c>: runs the detector (and ReID, and camera motion) once per input and writes a
/// detection cache that <c>track</c> and <c>batch</c> replay with no model and no frame. Parses, shows
/// progress and maps exit codes; <see cref="DetectBatch"/> does the work through the batch machinery.
/// </summary>
internal static class DetectCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("input")
        {
            Description = "A video file, an image folder or a MOTChallenge sequence folder (its frames), or a folder of them (as batch takes).",
        };
        var output = new Option<string>("--output", "-o") { Description = "Cache folder: one MOTChallenge sequence folder per input (<name>/ with seqinfo.ini, det/det.txt, embeddings.npy, gmc.txt, cache.json) and run.json.", Required = true };
        var seqmap = new Option<string?>("--seqmap") { Description = "TrackEval seqmap naming the sequences of a split to detect (default: every input in the folder)." };
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Inputs run at once (default 1: a model run already uses every core)." };
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of n (1-based, e.g. 2/4): inputs sorted by name and dealt round-robin; each shard writes run-shard-i-of-n.json." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Redo every input, replacing existing caches (default: keep complete ones made with the same options and input, refuse to replace others)." };
        var cmc = new Option<string>("--cmc") { Description = "Camera motion written to gmc.txt: sparse (BoT-SORT's sparse optical flow), ecc, or none (no gmc.txt).", DefaultValueFactory = _ => "sparse" }.AcceptOnlyFromAmong("sparse", "ecc", "none");
        var config = new Option<string?>("--config")
        {
            Description = "Settings file (.json, .yaml or .yml) as track takes it: only its detector settings (conf, nms, imgsz) are read, where the flags are not given; its tracker settings are ignored. So a cache for a recipe is made with the recipe's own file.",
        };
        var inference = new InferenceOptionSet();

        var command = new Command("detect", "Run the detector (and --reid, and camera motion) once per input and write a detection cache that track and batch replay without models: resumable, shardable.")
        {
            input, output, seqmap, jobs, shard, overwrite, cmc, config,
        };
        inference.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var file = parse.GetValue(config) is { } path ? TrackerConfigFile.Read(context.ResolvePath(path)) : null;
            var models = inference.Read(parse, context, file);
            // The file's detector settings are recorded (cache.json, run.json) and hashed as the flags would be.
            var options = BatchCommand.OptionValues(parse, command);
            BatchCommand.DetectorFromFile(models, options);
            var settings = new DetectSettings
            {
                Input = context.ResolvePath(parse.GetValue(input)!),
                OutputDirectory = context.ResolvePath(parse.GetValue(output)!),
                Seqmap = parse.GetValue(seqmap) is { } s ? context.ResolvePath(s) : null,
                Jobs = parse.GetValue(jobs),
                Shard = parse.GetValue(shard),
                Overwrite = parse.GetValue(overwrite),
                Models = models,
                CameraMotion = parse.GetValue(cmc) switch { "ecc" => CameraMotionMode.Ecc, "none" => CameraMotionMode.None, _ => CameraMotionMode.Sparse },
                Options = options,
                Version = BatchCommand.Version,
            };
            return Task.Run(() => EngineErrors.Map(() => Run(context, parse, settings, cancellationToken)), CancellationToken.None);
        });
        return command;
    }

    private static int Run(CliContext context, ParseResult parse, DetectSettings settings, CancellationToken cancellationToken)
    {
        var log = CliLog.Create(parse, context);
        var environment = context.EngineEnvironment(log);
        using var batch = DetectBatch.Prepare(settings, environment);
        int toRun = batch.ToRun;
        log.Information("detect: {Inputs} inputs{Shard}, {ToRun} to run, {Skipped} already complete, {Jobs} at once",
            batch.Inputs.Count, batch.Shard.IsWhole ? "" : $" in shard {batch.Shard}", toRun, batch.Plan.Count - toRun, batch.Jobs);
        Engine.Batch.BatchSummary summary;
        using (var progress = BatchProgress.Start(context, log, toRun, parse.GetValue(CliLog.Quiet)))
            summary = batch.Run(progress, cancellationToken);
        foreach (var record in summary.Records)
        {
            string detail = record.Status switch
            {
                Engine.Batch.SequenceStatus.Done => string.Create(CultureInfo.InvariantCulture, $"{record.Frames} frames, {record.Seconds:F2} s, {record.FramesPerSecond:F1} frames/s"),
                Engine.Batch.SequenceStatus.Failed => record.Error ?? "failed",
                _ => record.Status,
            };
            string skipped = batch.Plan.First(p => p.Input.Name == record.Name).Run ? "" : " (already complete)";
            context.Out.WriteLine($"{record.Name}: {record.Status}{skipped}: {detail} -> {Path.Combine(batch.OutputDirectory, record.Name)}");
        }
        var failures = summary.Failures.ToList();
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"detect: {summary.Records.Count(r => r.Status == Engine.Batch.SequenceStatus.Done)} done, {failures.Count} failed -> {batch.OutputDirectory} ({Path.GetFileName(summary.ManifestPath)})"));
        if (summary.Cancelled)
        {
            context.Error.WriteLine("detect: interrupted; rerun the same command to finish the remaining inputs");
            return ExitCodes.Interrupted;
        }
        if (failures.Count > 0)
        {
            foreach (var f in failures) context.Error.WriteLine($"failed: {f.Name}: {f.Error}");
            return ExitCodes.Failure;
        }
        return ExitCodes.Ok;
    }
}
