using System.CommandLine;
using System.Globalization;
using System.Reflection;
using MotTracker.Cli.Logging;
using MotTracker.Engine;
using MotTracker.Engine.Batch;

namespace MotTracker.Cli.Commands;

/// <summary>
/// <c>mottrack batch</c>: tracks every sequence of a MOTChallenge split or every video and image folder of
/// a folder, in parallel, resumably, optionally one shard of many. The command parses, shows progress and
/// maps outcomes to exit codes; everything the batch decides (requests, options hash, resume, locks,
/// ownership of outputs, --jobs, evaluation) is the Engine's <see cref="BatchRun"/>.
/// </summary>
internal static class BatchCommand
{

    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("dir")
        {
            Description = "A MOTChallenge split (sequence folders with seqinfo.ini: public detections unless --detector is given) or a folder of videos and image folders (tracked with the detector).",
        };
        var output = new Option<string>("--output", "-o") { Description = "Results folder: <name>.txt per input (TrackEval's tracker layout) and run.json.", Required = true };
        var seqmap = new Option<string?>("--seqmap") { Description = "TrackEval seqmap naming the sequences to run (default: every input in the folder)." };
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Sequences run at once (default: one per core for public detections; 1 when models run, since a model run already uses every core)." };
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of n (1-based, e.g. 2/4): inputs sorted by name and dealt round-robin; each shard writes run-shard-i-of-n.json." };
        var eval = new Option<bool>("--eval") { Description = "Score the results against the ground truth (the split's gt, or --gt) when every sequence succeeded." };
        var gt = new Option<string?>("--gt") { Description = "Ground-truth benchmark folder for --eval (default: the input folder)." };
        var benchmark = new Option<string>("--benchmark") { Description = "Evaluation rules for --eval: MOT17, MOT16, MOT20 or MOT15.", DefaultValueFactory = _ => "MOT17" };
        var failUnder = new Option<string?>("--fail-under") { Description = "With --eval: exit code 3 when a combined metric is lower, e.g. MOTA=55,IDF1=60,HOTA=45 (percent)." };
        var detectionsName = new Option<string?>("--detections-name") { Description = "Public detections file inside each sequence's det/ folder (default det.txt; e.g. det_frcnn_sort.txt for MOT15's SORT detections)." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Redo every sequence, replacing existing results (default: skip complete ones, refuse to replace others)." };
        var saveVideoDir = new Option<string?>("--save-video-dir") { Description = "Also write each input's annotated video (as track --save-video draws it) to <DIR>/<name>.mp4. On public detections every frame must be in img1/." };
        var tracker = new TrackerOptionSet();
        var inference = new InferenceOptionSet();
        var annotation = new AnnotationOptionSet();
        // --zone as track takes it; --events names no file here: each input's go beside its result.
        var counting = new CountingOptionSet();
        var events = new Option<bool>("--events") { Description = "Also write each input's live events (as track --events writes them) to <results-dir>/<name>.events.jsonl, renamed into place with its result." };

        var command = new Command("batch", "Track every sequence of a MOTChallenge split or every video of a folder: parallel, resumable, shardable over machines.")
        {
            input, output, seqmap, jobs, shard, eval, gt, benchmark, failUnder, detectionsName, overwrite, saveVideoDir,
        };
        tracker.AddTo(command);
        inference.AddTo(command);
        annotation.AddTo(command);
        command.Add(counting.Zones);
        command.Add(events);
        command.SetAction((parse, cancellationToken) =>
        {
            string? videoDir = parse.GetValue(saveVideoDir) is { } v ? context.ResolvePath(v) : null;
            var config = tracker.ReadConfig(parse, context);
            var template = tracker.Apply(parse, new TrackRequest { Input = context.ResolvePath(parse.GetValue(input)!), Models = inference.Read(parse, context, config) }, config);
            // --config's file name says nothing (the hash leaves it out): the effective settings it gives are
            // recorded, and hashed, as "tracker.<key>", so editing the file redoes the work.
            var options = OptionValues(parse, command);
            foreach (var (key, value) in TrackerOptionSet.Effective(template))
                options["tracker." + key] = Engine.Config.TrackerConfigFile.FormatScalarText(value);
            // Run options --config gave (the flag's default is what OptionValues saw) are recorded, and hashed, as used.
            foreach (var (key, value) in tracker.GivenRunOptions(parse, config))
                options["--" + key] = Engine.Config.TrackerConfigFile.FormatScalarText(value);
            // So are the detector settings it gave; public detections ignore them, so a batch whose inputs are all
            // public detections records and hashes the flags' values instead (a benchmark split keeps its results
            // whatever the file's conf).
            var withoutDetector = new SortedDictionary<string, string>(options, StringComparer.Ordinal);
            DetectorFromFile(template.Models, options);
            var settings = new BatchSettings
            {
                InputDirectory = context.ResolvePath(parse.GetValue(input)!),
                OutputDirectory = context.ResolvePath(parse.GetValue(output)!),
                Seqmap = parse.GetValue(seqmap) is { } s ? context.ResolvePath(s) : null,
                Jobs = parse.GetValue(jobs),
                Shard = parse.GetValue(shard),
                Evaluate = parse.GetValue(eval),
                GroundTruthDirectory = parse.GetValue(gt) is { } g ? context.ResolvePath(g) : null,
                Benchmark = parse.GetValue(benchmark)!,
                FailUnder = parse.GetValue(failUnder),
                DetectionsName = parse.GetValue(detectionsName),
                Overwrite = parse.GetValue(overwrite),
                VideoDirectory = videoDir,
                Outputs = annotation.Read(parse, videoDir is not null, "--save-video-dir") with { Zones = counting.ReadZones(parse) },
                Events = parse.GetValue(events),
                Template = template,
                Options = options,
                OptionsWithoutDetector = withoutDetector,
                Version = Version,
            };
            // A track sidecar replayed here may carry a run's frame limits; batch tracks every frame, so it says so.
            var ignored = config?.RunValues.Where(v => !Tracking.TrackerConfig.RunOptionKeys.Contains(v.Key)).ToList() ?? [];
            return Task.FromResult(EngineErrors.Map(() => Run(context, parse, settings, inference, ignored, cancellationToken)));
        });
        return command;
    }

    private static int Run(CliContext context, ParseResult parse, BatchSettings settings, InferenceOptionSet inference, IReadOnlyList<Tracking.TrackerConfigValue> ignoredLimits,
        CancellationToken cancellationToken)
    {
        var log = CliLog.Create(parse, context);
        foreach (var limit in ignoredLimits)
            log.Warning("batch: --config's {Key} ({Value}) limits a track run; batch tracks every frame of each input and ignores it", limit.Key, limit.Text);
        var environment = context.EngineEnvironment(log);
        // Everything is checked before anything runs (exit 2, nothing written); options given for models
        // that the batch's inputs do not run are refused as for track.
        using var batch = BatchRun.Prepare(settings, environment, job => inference.CheckApplies(parse, job, message => log.Warning("batch: {Message}", message)));
        int toRun = batch.ToRun;
        log.Information("batch: {Inputs} inputs{Shard}, {ToRun} to run, {Skipped} already complete, {Jobs} at once",
            batch.Inputs.Count, batch.Shard.IsWhole ? "" : $" in shard {batch.Shard}", toRun, batch.Plan.Count - toRun, batch.Jobs);

        // Ctrl+C and SIGTERM reach here as the token (see MotTrackApp): running sequences stop and leave no partial file.
        BatchOutcome outcome;
        using (var progress = BatchProgress.Start(context, log, toRun, parse.GetValue(CliLog.Quiet)))
            outcome = batch.Run(progress, cancellationToken);

        // One line per sequence on stdout, failures with their reasons, then the exit code.
        var summary = outcome.Summary;
        foreach (var record in summary.Records)
        {
            string detail = record.Status switch
            {
                SequenceStatus.Done => string.Create(CultureInfo.InvariantCulture, $"{record.Frames} frames, {record.Seconds:F2} s, {record.FramesPerSecond:F1} frames/s"),
                SequenceStatus.Failed => record.Error ?? "failed",
                _ => record.Status,
            };
            string skippedNote = batch.Plan.First(p => p.Input.Name == record.Name).Run ? "" : " (already complete)";
            context.Out.WriteLine($"{record.Name}: {record.Status}{skippedNote}: {detail}");
        }
        var failures = summary.Failures.ToList();
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"batch: {summary.Records.Count(r => r.Status == SequenceStatus.Done)} done, {failures.Count} failed -> {batch.OutputDirectory} ({Path.GetFileName(summary.ManifestPath)})"));
        if (summary.Cancelled)
        {
            context.Error.WriteLine("batch: interrupted; rerun the same command to finish the remaining sequences");
            return ExitCodes.Interrupted;
        }
        if (failures.Count > 0)
        {
            foreach (var f in failures) context.Error.WriteLine($"failed: {f.Name}: {f.Error}");
            return ExitCodes.Failure;
        }
        if (outcome.Report is not { } report) return ExitCodes.Ok;
        MotTracker.Evaluation.Output.TextTable.Write(context.Out, report);
        return EvalCommand.CheckThresholds(context, report, outcome.Thresholds);
    }

    /// <summary>
    /// Writes the detector settings a settings file gave into <paramref name="options"/> under their flags' names
    /// (as <see cref="OptionValues"/> records a flag).
    /// </summary>
    internal static void DetectorFromFile(ModelSettings models, SortedDictionary<string, string> options)
    {
        var detector = models.DetectorOptions;
        foreach (string key in models.GivenIn.Keys)
        {
            options["--" + key] = key switch
            {
                "conf" => Engine.Config.TrackerConfigFile.FormatScalarText(detector.ScoreThreshold),
                "nms" => Engine.Config.TrackerConfigFile.FormatScalarText(detector.NmsIouThreshold),
                // --imgsz is recorded as typed, and people type a square size as N: so is the file's, so that
                // "imgsz: 416" and "--imgsz 416" make the same run (a typed 416x416 still differs, as it does today).
                _ => detector.InputSize is not { } size ? ""
                    : size.Width == size.Height ? size.Width.ToString(CultureInfo.InvariantCulture) : size.ToString(),
            };
        }
    }

    /// <summary>Every option of the command with its value as given, or its default, by name.</summary>
    internal static SortedDictionary<string, string> OptionValues(ParseResult parse, Command command)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in command.Options)
        {
            if (option.Name is "--help" or "-h" or "--version") continue;
            var result = parse.GetResult(option);
            string value;
            if (result is { Implicit: false }) value = result.Tokens.Count == 0 ? "true" : string.Join(" ", result.Tokens.Select(t => t.Value));
            else if (option.HasDefaultValue) value = Format(option.GetDefaultValue());
            else value = "";
            values[option.Name] = value;
        }
        return values;
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list => string.Join(",", list.Cast<object?>().Select(Format)),
        _ => value.ToString() ?? "",
    };

    internal static string Version =>
        typeof(BatchCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
