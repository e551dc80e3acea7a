using System.Text;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Engine.Outputs;
using MotTracker.Evaluation;
using MotTracker.Evaluation.Metrics;
using MotTracker.Inference.Models;

namespace MotTracker.Engine.Batch;

/// <summary>What a user asks of a batch, as the command line gives it (paths already resolved).</summary>
public sealed record BatchSettings
{
    /// <summary>A MOTChallenge split or a folder of videos and image folders.</summary>
    public required string InputDirectory { get; init; }

    /// <summary>The results folder (<c>-o</c>).</summary>
    public required string OutputDirectory { get; init; }

    public string? Seqmap { get; init; }

    /// <summary>Sequences at once; null chooses (see <see cref="BatchRun.Jobs"/>).</summary>
    public int? Jobs { get; init; }

    /// <summary>"i/n", or null for the whole batch.</summary>
    public string? Shard { get; init; }

    public bool Overwrite { get; init; }

    /// <summary>Public detections file inside each sequence's det/ folder (null: det.txt).</summary>
    public string? DetectionsName { get; init; }

    /// <summary>
    /// Every input's tracker, model and frame settings. <see cref="TrackRequest.Input"/>,
    /// <see cref="TrackRequest.DetectionSource"/> and <see cref="TrackRequest.Detections"/> are set per
    /// input; a detector named in <see cref="TrackRequest.Models"/> sends every input through it.
    /// </summary>
    public required TrackRequest Template { get; init; }

    /// <summary>Folder for each input's annotated video (&lt;name&gt;.mp4), or null.</summary>
    public string? VideoDirectory { get; init; }

    /// <summary>Style, count lines and zones shared by every input; paths are filled in per input.</summary>
    public TrackOutputSettings Outputs { get; init; } = new();

    /// <summary>Also write each input's events (<see cref="Analytics.CountEvent"/>) to &lt;results&gt;/&lt;name&gt;.events.jsonl, with its result.</summary>
    public bool Events { get; init; }

    /// <summary>Score the results after a fully successful run.</summary>
    public bool Evaluate { get; init; }

    /// <summary>Evaluation rules for <see cref="Evaluate"/>: MOT17, MOT16, MOT20 or MOT15.</summary>
    public string Benchmark { get; init; } = "MOT17";

    /// <summary>Ground truth for <see cref="Evaluate"/> (null: the input folder).</summary>
    public string? GroundTruthDirectory { get; init; }

    /// <summary>Combined-metric thresholds, e.g. "MOTA=55,IDF1=60" (with <see cref="Evaluate"/>).</summary>
    public string? FailUnder { get; init; }

    /// <summary>Every option of the command with its value as given or defaulted, by command-line name: recorded in the manifest and hashed (see <see cref="BatchOptionsHash"/>).</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// <see cref="Options"/> as recorded and hashed when every input is tracked from public detections (null:
    /// the same): a settings file's detector values mean nothing there, so the front end gives the options with
    /// the detector's defaults, and a finished benchmark batch is kept whatever the file's conf says.
    /// </summary>
    public IReadOnlyDictionary<string, string>? OptionsWithoutDetector { get; init; }

    /// <summary>The product version (part of the options hash: another version may track differently).</summary>
    public string Version { get; init; } = "";
}

/// <summary>
/// The options hash of a batch: which options change results is decided here, once, for every front end.
/// Every option counts unless it is known not to change a result, so an option added later is on the safe
/// side (a rerun with a new value redoes the work).
/// </summary>
public static class BatchOptionsHash
{
    /// <summary>Options that never change a result: left out of the hash, so changing them keeps completed results.</summary>
    public static readonly IReadOnlySet<string> NotResultRelevant = new HashSet<string>(StringComparer.Ordinal)
    {
        "--output", "--seqmap", "--jobs", "--shard", "--eval", "--gt", "--benchmark", "--fail-under", "--overwrite",
        "--log-format", "--verbose", "--quiet", "--help", "--timing",
        // The file's name says nothing: the CLI records (and so hashes) the effective settings it gives as "tracker.<key>".
        "--config",
    };

    /// <summary>sha256 over the version, the result-relevant options and the models' contents.</summary>
    public static string Compute(IReadOnlyDictionary<string, string> options, IReadOnlyList<ModelRecord> models, string version)
    {
        var text = new StringBuilder();
        text.Append("mottrack ").Append(version).Append('\n');
        foreach (var (name, value) in options.OrderBy(o => o.Key, StringComparer.Ordinal))
            if (!NotResultRelevant.Contains(name)) text.Append(name).Append('=').Append(value).Append('\n');
        foreach (var model in models) text.Append(model.Role).Append('=').Append(model.Sha256).Append('\n');
        return FileHash.Sha256OfText(text.ToString());
    }
}

/// <summary>How a batch ended: each sequence's record, and the evaluation when one ran.</summary>
/// <param name="Summary">Per-sequence records and whether the run was cancelled.</param>
/// <param name="Report">The evaluation (null without <see cref="BatchSettings.Evaluate"/>, or when a sequence failed or the run was cancelled).</param>
/// <param name="Thresholds">The <see cref="BatchSettings.FailUnder"/> thresholds to check the report against.</param>
public sealed record BatchOutcome(BatchSummary Summary, EvaluationReport? Report, IReadOnlyList<MetricThreshold> Thresholds);

/// <summary>
/// A batch, from what the user asked to every input tracked: <see cref="Prepare"/> checks everything
/// that can be checked before anything runs (options, inputs, models, ground truth, existing results;
/// a problem is an exception and nothing is written), takes the shard's lock and plans; <see cref="Run"/>
/// tracks each input through <see cref="TrackRun.Execute"/> (the call <c>track</c> makes) and evaluates.
/// A problem of one input, wherever it is in the list, is that input's failure alone.
/// </summary>
public sealed class BatchRun : PlannedBatch
{
    private readonly TrackingEngine _engine;
    private readonly BatchSettings _settings;
    private readonly IReadOnlyDictionary<string, TrackRequest> _requests;
    private readonly BatchEvaluation? _evaluation;

    private BatchRun(TrackingEngine engine, BatchSettings settings, BatchRequest request, IReadOnlyDictionary<string, TrackRequest> requests,
        BatchEvaluation? evaluation, ShardLock shardLock, IReadOnlyList<BatchPlanItem> plan)
        : base(request, shardLock, plan)
    {
        _engine = engine;
        _settings = settings;
        _requests = requests;
        _evaluation = evaluation;
    }

    /// <summary>Checks the batch, takes the shard's lock and plans it.</summary>
    /// <param name="checkJob">Called with the first input that prepares (the front end's own checks of its options against a real job).</param>
    /// <exception cref="TrackRequestException">A setting that cannot work, or another run holds the shard.</exception>
    /// <exception cref="MotFormatException">The input folder or seqmap is unusable, or existing results would be replaced.</exception>
    public static BatchRun Prepare(BatchSettings settings, EngineEnvironment environment, Action<TrackJob>? checkJob = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(environment);

        // 1. The settings alone.
        var shard = CheckRunSettings(settings.Shard, settings.Jobs, settings.OutputDirectory, "a results folder");
        if (settings.GroundTruthDirectory is not null && !settings.Evaluate) throw new TrackRequestException("gt", "applies to --eval");
        if (settings.FailUnder is not null && !settings.Evaluate) throw new TrackRequestException("fail-under", "applies to --eval");
        if (settings.VideoDirectory is { } videos && !Directory.Exists(videos)) throw new TrackRequestException("save-video-dir", $"'{videos}' does not exist");
        var evaluation = settings.Evaluate ? BatchEvaluation.Create(settings) : null;
        bool detector = settings.Template.Models.Detector is not null;
        if (settings.DetectionsName is { } detName)
        {
            if (detector) throw new TrackRequestException("detections-name", "applies to public detections, not --detector");
            if (!PlainName.IsPlain(detName)) throw new TrackRequestException("detections-name", $"'{detName}' must be a file name inside det/, not a path");
        }

        // 2. The inputs and each one's request.
        var inputs = shard.Select(BatchPlanner.Discover(settings.InputDirectory, settings.Seqmap));
        var requests = inputs.ToDictionary(i => i.Name, i => RequestFor(settings, i, detector), StringComparer.Ordinal);
        bool anyDetector = requests.Values.Any(r => r.DetectionSource == DetectionSource.Detector);
        bool allCaches = inputs.All(i => i.Kind == BatchInputKind.Cache);
        var models = BatchModels.Describe(settings.Template.Models, anyDetector, environment);
        var evalSequences = evaluation?.Sequences(inputs);

        // 3. Options that do not apply and models that do not load are problems of the whole batch:
        // prepare inputs until one prepares. An input's own problem is its failure alone (it fails again,
        // named, when its turn comes), so it never stops the batch, whatever its position.
        var engine = new TrackingEngine(environment);
        foreach (var input in inputs)
        {
            try
            {
                using var probe = engine.Prepare(requests[input.Name]);
                checkJob?.Invoke(probe);
                break;
            }
            catch (Exception ex) when (IsInputProblem(ex))
            {
            }
        }

        // As asked, else one per core for public detections and 1 when a model runs (a model run already uses every core).
        int jobs = settings.Jobs ?? (anyDetector || (settings.Template.Models.Reid is not null && !allCaches) ? 1 : Environment.ProcessorCount);
        bool allPublic = requests.Values.All(r => r.DetectionSource == DetectionSource.PublicDetections);
        var options = allPublic && settings.OptionsWithoutDetector is { } withoutDetector ? withoutDetector : settings.Options;
        var request = NewRequest(inputs, settings.OutputDirectory, shard, jobs, settings.Overwrite, options, models, settings.Version) with
        {
            InputFingerprints = inputs.ToDictionary(i => i.Name, i => InputFingerprint.Of(i, requests[i.Name]), StringComparer.Ordinal),
            CompanionPathsOf = i => CompanionsOf(OutputsFor(settings, i.Name)),
        };

        // 4. The results folder, locked and planned; no video or summary of somebody else's is replaced.
        var (shardLock, plan) = LockAndPlan(request, plan => CheckExtraOutputs(settings, request, plan));
        return new BatchRun(engine, settings, request, requests, evalSequences is null ? null : evaluation! with { SequenceList = evalSequences }, shardLock, plan);
    }

    /// <summary>Runs the plan, then evaluates when asked and every sequence is done.</summary>
    public BatchOutcome Run(IBatchObserver? observer, CancellationToken cancellationToken)
    {
        var summary = RunPlan((item, resultPath, frameDone, token) =>
        {
            using var job = _engine.Prepare(_requests[item.Name]);
            var result = TrackRun.Execute(job, resultPath, OutputsFor(_settings, item.Name),
                new TrackRunOptions { Progress = p => frameDone(p.FrameNumber, job.FrameCount) }, token);
            return result.Outcome.Frames;
        }, observer, cancellationToken);
        EvaluationReport? report = null;
        if (_evaluation is not null && !summary.Cancelled && !summary.Failures.Any())
            report = _evaluation.Evaluate();
        return new BatchOutcome(summary, report, _evaluation?.Thresholds ?? []);
    }

    /// <summary>A problem of the input itself (malformed, missing, without detections or frames), as opposed to one of the settings.</summary>
    private static bool IsInputProblem(Exception ex) => ex switch
    {
        TrackRequestException request => request.InputProblem,
        ModelNotFoundException => false,
        MotFormatException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException => true,
        _ => false,
    };

    private static TrackRequest RequestFor(BatchSettings settings, BatchInput input, bool detector)
    {
        bool isPublic = input.Kind == BatchInputKind.Sequence && !detector;
        if (input.Kind == BatchInputKind.Cache)
            // The engine knows a cache by its cache.json and checks it against the models named.
            return settings.Template with { Input = input.Path, DetectionSource = DetectionSource.Auto, Detections = null, ReadFrames = settings.Template.ReadFrames || settings.VideoDirectory is not null };
        return settings.Template with
        {
            Input = input.Path,
            DetectionSource = isPublic ? DetectionSource.PublicDetections : DetectionSource.Detector,
            Detections = isPublic && settings.DetectionsName is { } name ? Path.Combine(input.Path, "det", name) : null,
            ReadFrames = settings.Template.ReadFrames || settings.VideoDirectory is not null,
        };
    }

    /// <summary>
    /// An input's extra outputs: its annotated video as &lt;video dir&gt;/&lt;name&gt;.mp4; with count lines
    /// or zones (the same for every input), its counts as &lt;results&gt;/&lt;name&gt;.counts.json (what
    /// <c>track --summary</c> writes); with <see cref="BatchSettings.Events"/>, its events as
    /// &lt;results&gt;/&lt;name&gt;.events.jsonl. All of them are staged and renamed into place with the
    /// result, so a complete result always has its summary and events beside it.
    /// </summary>
    private static TrackOutputSettings OutputsFor(BatchSettings settings, string name) => settings.Outputs with
    {
        VideoPath = settings.VideoDirectory is null ? null : Path.Combine(settings.VideoDirectory, name + ".mp4"),
        SummaryPath = settings.Outputs.CountLines.Count > 0 || settings.Outputs.Zones.Count > 0 ? Path.Combine(settings.OutputDirectory, name + ".counts.json") : null,
        EventsPath = settings.Events ? Path.Combine(settings.OutputDirectory, name + ".events.jsonl") : null,
        StageEvents = true,
        // Checked for the whole batch before anything runs (see CheckExtraOutputs).
        Overwrite = true,
    };

    /// <summary>The files staged and renamed with an input's result (see <see cref="OutputsFor"/>) in the results folder.</summary>
    private static IEnumerable<string> CompanionsOf(TrackOutputSettings outputs) =>
        new[] { outputs.SummaryPath, outputs.EventsPath }.OfType<string>();

    /// <summary>
    /// An input about to run would replace its video or summary. Allowed with --overwrite, or when this
    /// batch (same options) started that input before and was stopped: those files are its own.
    /// Anything else is somebody's file: refuse before anything runs.
    /// </summary>
    private static void CheckExtraOutputs(BatchSettings settings, BatchRequest request, IReadOnlyList<BatchPlanItem> plan)
    {
        if (request.Overwrite) return;
        var manifest = RunManifest.TryRead(request.ManifestPath);
        var conflicts = new List<string>();
        foreach (var item in plan.Where(p => p.Run))
        {
            bool ours = manifest?.Find(item.Input.Name) is { } record && record.OptionsHash == request.OptionsHash;
            var outputs = OutputsFor(settings, item.Input.Name);
            foreach (string? path in new[] { outputs.VideoPath, outputs.SummaryPath, outputs.EventsPath })
                if (path is not null && File.Exists(path) && !ours) conflicts.Add(path);
        }
        if (conflicts.Count > 0)
            throw new TrackRequestException(null, $"{conflicts.Count} existing file(s) would be replaced: {string.Join(", ", conflicts)}; pass --overwrite to replace them");
    }

    /// <summary>--eval: the batch's own sequences scored with the built-in evaluator after a fully successful run.</summary>
    private sealed record BatchEvaluation(string GtDirectory, string Results, MotBenchmark Benchmark,
        IReadOnlyList<IEvaluationMetric> Metrics, IReadOnlyList<MetricThreshold> Thresholds)
    {
        public IReadOnlyList<EvaluationSequence> SequenceList { get; init; } = [];

        public static BatchEvaluation Create(BatchSettings settings)
        {
            if (!MotChallengeBenchmark.TryParse(settings.Benchmark, out var benchmark))
                throw new TrackRequestException("benchmark", $"unknown benchmark '{settings.Benchmark}' (use MOT17, MOT16, MOT20 or MOT15)");
            var metrics = MotEvaluator.DefaultMetrics();
            IReadOnlyList<MetricThreshold> thresholds = [];
            if (settings.FailUnder is not null)
            {
                try { thresholds = MetricThreshold.ParseList(settings.FailUnder, metrics); }
                catch (FormatException ex) { throw new TrackRequestException("fail-under", ex.Message); }
            }
            return new BatchEvaluation(settings.GroundTruthDirectory ?? settings.InputDirectory, settings.OutputDirectory, benchmark, metrics, thresholds);
        }

        /// <summary>The gt of each input, checked before anything runs.</summary>
        public IReadOnlyList<EvaluationSequence> Sequences(IReadOnlyList<BatchInput> inputs) =>
            inputs.Select(i =>
            {
                string gt = MotChallengeLayout.GroundTruthFile(GtDirectory, i.Name);
                if (!File.Exists(gt)) throw new TrackRequestException("eval", $"no ground truth for '{i.Name}' ({gt} not found); give --gt DIR");
                var info = SeqInfo.ReadFromDirectory(Path.Combine(GtDirectory, i.Name));
                return new EvaluationSequence(i.Name, gt, MotChallengeLayout.ResultsFile(Results, i.Name), info.SequenceLength);
            }).ToList();

        public EvaluationReport Evaluate() => MotEvaluator.Evaluate(MotChallengeBenchmark.For(Benchmark), SequenceList, Metrics);
    }
}
