using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Text;
using MotTracker.Cli.Logging;
using MotTracker.Evaluation;
using MotTracker.Core.MotChallenge;
using MotTracker.Engine;
using MotTracker.Engine.Batch;
using MotTracker.Engine.Outputs;

namespace MotTracker.Cli.Commands;

/// <summary>
/// <c>mottrack batch</c>: tracks every sequence of a MOTChallenge split or every video and image folder of
/// a folder, in parallel, resumably, optionally one shard of many. The command parses, shows progress and
/// maps outcomes to exit codes; planning, resuming and running live in the Engine's batch runner.
/// </summary>
internal static class BatchCommand
{
    /// <summary>Options that never change a result: left out of the options hash, so changing them keeps completed results.</summary>
    private static readonly HashSet<string> NotResultRelevant = new(StringComparer.Ordinal)
    {
        "--output", "--seqmap", "--jobs", "--shard", "--eval", "--gt", "--benchmark", "--fail-under", "--overwrite",
        "--log-format", "--verbose", "--quiet", "--help", "--timing",
    };

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

        var command = new Command("batch", "Track every sequence of a MOTChallenge split or every video of a folder: parallel, resumable, shardable over machines.")
        {
            input, output, seqmap, jobs, shard, eval, gt, benchmark, failUnder, detectionsName, overwrite, saveVideoDir,
        };
        tracker.AddTo(command);
        inference.AddTo(command);
        annotation.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new BatchOptions(
                context.ResolvePath(parse.GetValue(input)!),
                context.ResolvePath(parse.GetValue(output)!),
                parse.GetValue(seqmap) is { } s ? context.ResolvePath(s) : null,
                parse.GetValue(jobs),
                parse.GetValue(shard),
                parse.GetValue(eval),
                parse.GetValue(gt) is { } g ? context.ResolvePath(g) : null,
                parse.GetValue(benchmark)!,
                parse.GetValue(failUnder),
                parse.GetValue(detectionsName),
                parse.GetValue(overwrite));
            string? videoDir = parse.GetValue(saveVideoDir) is { } v ? context.ResolvePath(v) : null;
            var outputs = annotation.Read(parse, videoDir is not null, "--save-video-dir");
            var template = new TrackRequest { Input = options.Directory, Models = inference.Read(parse, context), ReadFrames = videoDir is not null };
            template = tracker.Apply(parse, template);
            bool detector = parse.GetValue(inference.Detector) is not null;
            var extra = new BatchOutputs(videoDir, outputs);
            return Task.FromResult(EngineErrors.Map(() => Run(context, parse, command, options, template, detector, inference, extra, cancellationToken)));
        });
        return command;
    }

    private sealed record BatchOptions(
        string Directory, string Output, string? Seqmap, int? Jobs, string? Shard, bool Eval, string? Gt,
        string Benchmark, string? FailUnder, string? DetectionsName, bool Overwrite);

    /// <summary>
    /// Every input's extra outputs: its annotated video as &lt;video dir&gt;/&lt;name&gt;.mp4 and, with count
    /// lines (the same lines for every input), its counts as &lt;results&gt;/&lt;name&gt;.counts.json.
    /// </summary>
    private sealed record BatchOutputs(string? VideoDirectory, TrackOutputSettings Settings)
    {
        public TrackOutputSettings For(string name, string resultsDirectory) => Settings with
        {
            VideoPath = VideoDirectory is null ? null : Path.Combine(VideoDirectory, name + ".mp4"),
            SummaryPath = Settings.CountLines.Count > 0 ? Path.Combine(resultsDirectory, name + ".counts.json") : null,
            // Checked for the whole batch before anything runs (see CheckExtraOutputs).
            Overwrite = true,
        };

        /// <summary>
        /// An input about to run would replace its video or summary. Allowed with --overwrite, or when this
        /// batch (same options) started that input before and was stopped: those files are its own.
        /// Anything else is somebody's file: refuse before anything runs.
        /// </summary>
        public void CheckExtraOutputs(BatchRequest request, IReadOnlyList<BatchPlanItem> plan)
        {
            if (VideoDirectory is not null && !Directory.Exists(VideoDirectory))
                throw new UsageException($"--save-video-dir '{VideoDirectory}' does not exist");
            if (request.Overwrite) return;
            var manifest = RunManifest.TryRead(request.ManifestPath);
            var conflicts = new List<string>();
            foreach (var item in plan.Where(p => p.Run))
            {
                bool ours = manifest?.Find(item.Input.Name) is { } record && record.OptionsHash == request.OptionsHash;
                var settings = For(item.Input.Name, request.OutputDirectory);
                foreach (string? path in new[] { settings.VideoPath, settings.SummaryPath })
                    if (path is not null && File.Exists(path) && !ours) conflicts.Add(path);
            }
            if (conflicts.Count > 0)
                throw new UsageException($"{conflicts.Count} existing file(s) would be replaced: {string.Join(", ", conflicts)}; pass --overwrite to replace them");
        }
    }

    private static int Run(CliContext context, ParseResult parse, Command command, BatchOptions options, TrackRequest template,
        bool detector, InferenceOptionSet inference, BatchOutputs extra, CancellationToken cancellationToken)
    {
        // 1. Everything the user typed is checked before anything runs (exit 2, nothing written).
        ShardSpec shardSpec;
        try { shardSpec = options.Shard is { } text ? ShardSpec.Parse(text) : ShardSpec.Whole; }
        catch (FormatException ex) { throw new UsageException($"--shard: {ex.Message}"); }
        if (options.Jobs is < 1) throw new UsageException($"--jobs must be at least 1 (got {options.Jobs})");
        if (File.Exists(options.Output)) throw new UsageException($"-o '{options.Output}' is a file; give a results folder");
        if (options.Gt is not null && !options.Eval) throw new UsageException("--gt applies to --eval");
        if (options.FailUnder is not null && !options.Eval) throw new UsageException("--fail-under applies to --eval");
        var evaluation = options.Eval ? PrepareEvaluation(options) : null;

        var all = BatchPlanner.Discover(options.Directory, options.Seqmap);
        var inputs = shardSpec.Select(all);
        if (options.DetectionsName is { } detName && (detector || !Core.PlainName.IsPlain(detName)))
            throw new UsageException(detector ? "--detections-name applies to public detections, not --detector" : $"--detections-name '{detName}' must be a file name inside det/, not a path");
        var requests = inputs.ToDictionary(i => i.Name, i =>
        {
            bool isPublic = i.Kind == BatchInputKind.Sequence && !detector;
            return template with
            {
                Input = i.Path,
                DetectionSource = isPublic ? DetectionSource.PublicDetections : DetectionSource.Detector,
                Detections = isPublic && options.DetectionsName is { } name ? Path.Combine(i.Path, "det", name) : null,
            };
        }, StringComparer.Ordinal);
        bool anyDetector = requests.Values.Any(r => r.DetectionSource == DetectionSource.Detector);
        var log = CliLog.Create(parse, context);
        var environment = new EngineEnvironment
        {
            Variables = context.Environment,
            WorkingDirectory = context.WorkingDirectory,
            Warn = message => log.Warning("{Message:l}", message),
            Info = message => log.Information("{Message:l}", message),
        };
        var engine = new TrackingEngine(environment);
        // Options that do not apply, and models that do not load, are usage errors of the whole batch:
        // prepare one input to find out. A malformed input is that input's failure alone, so try the next.
        foreach (var input in inputs)
        {
            try
            {
                using var probe = engine.Prepare(requests[input.Name]);
                inference.CheckApplies(parse, probe);
                break;
            }
            catch (Core.MotFormatException)
            {
            }
        }
        var evalSequences = evaluation?.Sequences(inputs);

        var models = BatchModels.Describe(template.Models, anyDetector, environment);
        var everyOption = OptionValues(parse, command);
        var request = new BatchRequest
        {
            Inputs = inputs,
            OutputDirectory = options.Output,
            Shard = shardSpec,
            Jobs = options.Jobs ?? (anyDetector || template.Models.Reid is not null ? 1 : Environment.ProcessorCount),
            Overwrite = options.Overwrite,
            OptionsHash = OptionsHash(everyOption, models),
            Options = everyOption,
            Models = models,
            Version = Version,
        };
        var plan = BatchRunner.Plan(request);
        extra.CheckExtraOutputs(request, plan);
        int toRun = plan.Count(p => p.Run);
        int skipped = plan.Count - toRun;
        log.Information("batch: {Inputs} inputs{Shard}, {ToRun} to run, {Skipped} already complete, {Jobs} at once",
            inputs.Count, shardSpec.IsWhole ? "" : $" in shard {shardSpec}", toRun, skipped, request.Jobs);

        // 2. Run, stopping promptly on Ctrl+C or SIGTERM (running sequences leave no partial file).
        // System.CommandLine turns Ctrl+C and SIGTERM into this token (see MotTrackApp).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        BatchSummary summary;
        using (var progress = BatchProgress.Start(context, log, toRun, parse.GetValue(CliLog.Quiet)))
        {
            summary = BatchRunner.Run(request, plan, (item, resultPath, frameDone, token) =>
            {
                using var job = engine.Prepare(requests[item.Name]);
                using var outputs = TrackOutputs.Open(job, extra.For(item.Name, options.Output));
                var outcome = job.Run(resultPath, new TrackRunOptions { Progress = p => frameDone(p.FrameNumber, job.FrameCount), Observers = outputs.Observers }, token);
                outputs.Complete();
                return outcome.Frames;
            }, progress, stop.Token);
        }

        // 3. Report: one line per sequence on stdout, failures with their reasons, then the exit code.
        foreach (var record in summary.Records)
        {
            string detail = record.Status switch
            {
                SequenceStatus.Done => string.Create(CultureInfo.InvariantCulture, $"{record.Frames} frames, {record.Seconds:F2} s, {record.FramesPerSecond:F1} frames/s"),
                SequenceStatus.Failed => record.Error ?? "failed",
                _ => record.Status,
            };
            string skippedNote = plan.First(p => p.Input.Name == record.Name).Run ? "" : " (already complete)";
            context.Out.WriteLine($"{record.Name}: {record.Status}{skippedNote}: {detail}");
        }
        var failures = summary.Failures.ToList();
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"batch: {summary.Records.Count(r => r.Status == SequenceStatus.Done)} done, {failures.Count} failed -> {options.Output} ({Path.GetFileName(summary.ManifestPath)})"));
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
        return evaluation is null || evalSequences is null ? ExitCodes.Ok : evaluation.Run(context, evalSequences);
    }

    /// <summary>Every option of the command with its value as given, or its default, by name.</summary>
    private static SortedDictionary<string, string> OptionValues(ParseResult parse, Command command)
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

    /// <summary>sha256 over the version, the result-relevant options and the models' contents.</summary>
    private static string OptionsHash(SortedDictionary<string, string> options, IReadOnlyList<ModelRecord> models)
    {
        var text = new StringBuilder();
        text.Append("mottrack ").Append(Version).Append('\n');
        foreach (var (name, value) in options)
            if (!NotResultRelevant.Contains(name)) text.Append(name).Append('=').Append(value).Append('\n');
        foreach (var model in models) text.Append(model.Role).Append('=').Append(model.Sha256).Append('\n');
        return Core.FileHash.Sha256OfText(text.ToString());
    }

    private static string Version =>
        typeof(BatchCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static Evaluation PrepareEvaluation(BatchOptions options)
    {
        if (!MotChallengeBenchmark.TryParse(options.Benchmark, out var benchmark))
            throw new UsageException($"unknown benchmark '{options.Benchmark}' (use MOT17, MOT16, MOT20 or MOT15)");
        var metrics = MotEvaluator.DefaultMetrics();
        IReadOnlyList<MetricThreshold> thresholds = [];
        if (options.FailUnder is not null)
        {
            try { thresholds = MetricThreshold.ParseList(options.FailUnder, metrics); }
            catch (FormatException ex) { throw new UsageException($"--fail-under: {ex.Message}"); }
        }
        return new Evaluation(options.Gt ?? options.Directory, options.Output, benchmark, metrics, thresholds);
    }

    /// <summary>--eval: the batch's own sequences scored with the built-in evaluator after a fully successful run.</summary>
    private sealed record Evaluation(string GtDirectory, string Results, MotBenchmark Benchmark,
        IReadOnlyList<MotTracker.Evaluation.Metrics.IEvaluationMetric> Metrics, IReadOnlyList<MetricThreshold> Thresholds)
    {
        /// <summary>The gt of each input, checked before anything runs.</summary>
        public IReadOnlyList<EvaluationSequence> Sequences(IReadOnlyList<BatchInput> inputs) =>
            inputs.Select(i =>
            {
                string gt = MotChallengeLayout.GroundTruthFile(GtDirectory, i.Name);
                if (!File.Exists(gt)) throw new UsageException($"--eval: no ground truth for '{i.Name}' ({gt} not found); give --gt DIR");
                var info = SeqInfo.ReadFromDirectory(Path.Combine(GtDirectory, i.Name));
                return new EvaluationSequence(i.Name, gt, MotChallengeLayout.ResultsFile(Results, i.Name), info.SequenceLength);
            }).ToList();

        public int Run(CliContext context, IReadOnlyList<EvaluationSequence> sequences)
        {
            var report = MotEvaluator.Evaluate(MotChallengeBenchmark.For(Benchmark), sequences, Metrics);
            MotTracker.Evaluation.Output.TextTable.Write(context.Out, report);
            return EvalCommand.CheckThresholds(context, report, Thresholds);
        }
    }
}
