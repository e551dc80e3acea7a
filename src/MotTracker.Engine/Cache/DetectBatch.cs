using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Engine.Batch;

namespace MotTracker.Engine.Cache;

/// <summary>What <c>mottrack detect</c> is asked (paths resolved).</summary>
public sealed record DetectSettings
{
    /// <summary>A video, image folder or sequence folder, or a folder of them (as <c>batch</c> takes).</summary>
    public required string Input { get; init; }

    /// <summary>The cache folder: one sub-folder per input, and run.json.</summary>
    public required string OutputDirectory { get; init; }

    public string? Seqmap { get; init; }
    public int? Jobs { get; init; }
    public string? Shard { get; init; }
    public bool Overwrite { get; init; }
    public ModelSettings Models { get; init; } = new();
    public CameraMotionMode CameraMotion { get; init; } = CameraMotionMode.Sparse;

    /// <summary>Every option with its value, by command-line name: the output-changing ones are hashed and recorded in each cache.json.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public string Version { get; init; } = "";
}

/// <summary>
/// <c>mottrack detect</c> over one input or a folder of them, through the batch machinery: the same input
/// discovery, options hash, resume (a complete cache made with the same options and input is kept),
/// shards with their locks and manifests, --jobs and progress. Each input's cache folder appears whole
/// (see <see cref="DetectJob.Run"/>); its cache.json is the file the manifest fingerprints.
/// </summary>
public sealed class DetectBatch : PlannedBatch
{
    private readonly TrackingEngine _engine;
    private readonly DetectSettings _settings;

    private DetectBatch(TrackingEngine engine, DetectSettings settings, BatchRequest request, ShardLock shardLock, IReadOnlyList<BatchPlanItem> plan)
        : base(request, shardLock, plan)
    {
        _engine = engine;
        _settings = settings;
    }

    /// <exception cref="TrackRequestException">A setting that cannot work, or another run holds the shard.</exception>
    /// <exception cref="MotFormatException">The input is unusable, or existing caches would be replaced.</exception>
    public static DetectBatch Prepare(DetectSettings settings, EngineEnvironment environment)
    {
        var shard = CheckRunSettings(settings.Shard, settings.Jobs, settings.OutputDirectory, "a cache folder");
        if (settings.CameraMotion is CameraMotionMode.File) throw new TrackRequestException("cmc", "detect estimates camera motion from the frames: choose sparse, ecc or none");

        var single = settings.Seqmap is null ? BatchPlanner.Single(settings.Input) : null;
        if (single is { Kind: BatchInputKind.Cache }) throw new TrackRequestException(null, $"'{settings.Input}' is already a detection cache");
        var found = single is not null ? [single] : BatchPlanner.Discover(settings.Input, settings.Seqmap);
        var inputs = shard.Select([.. found.Where(i => i.Kind != BatchInputKind.Cache)]);
        var models = BatchModels.Describe(settings.Models, detectorRuns: true, environment);
        var engine = new TrackingEngine(environment);
        // The models load (and a bad one is refused) before anything is written.
        if (inputs.Count > 0)
        {
            try
            {
                using var probe = engine.PrepareDetect(inputs[0].Path, inputs[0].Name, settings.Models, settings.CameraMotion);
            }
            catch (Exception ex) when (ex is TrackRequestException { InputProblem: true } or MotFormatException or IOException or InvalidDataException)
            {
            }
        }
        var template = new TrackRequest { Input = "", Models = settings.Models, DetectionSource = DetectionSource.Detector, CameraMotion = settings.CameraMotion };
        var request = NewRequest(inputs, settings.OutputDirectory, shard, settings.Jobs ?? 1, settings.Overwrite, settings.Options, models, settings.Version) with
        {
            InputFingerprints = inputs.ToDictionary(i => i.Name, i => InputFingerprint.Of(i, template with { Input = i.Path }), StringComparer.Ordinal),
            ResultPathOf = i => Path.Combine(settings.OutputDirectory, i.Name, CacheManifest.FileName),
        };
        var (shardLock, plan) = LockAndPlan(request, plan =>
        {
            // A folder in the way that is not a complete cache of ours (no cache.json) is not replaced silently.
            if (settings.Overwrite) return;
            var blocked = plan.Where(p => p.Run && Directory.Exists(Path.Combine(settings.OutputDirectory, p.Input.Name)) && !File.Exists(p.ResultPath)).Select(p => p.Input.Name).ToList();
            if (blocked.Count > 0)
                throw new MotFormatException(settings.OutputDirectory, 0, null, $"{blocked.Count} existing folder(s) would be replaced: {string.Join(", ", blocked)}. Pass --overwrite, or choose another -o folder");
        });
        return new DetectBatch(engine, settings, request, shardLock, plan);
    }

    public BatchSummary Run(IBatchObserver? observer, CancellationToken cancellationToken)
    {
        var options = Request.Options.Where(o => !BatchOptionsHash.NotResultRelevant.Contains(o.Key)).ToDictionary(StringComparer.Ordinal);
        return RunPlan((item, resultPath, frameDone, token) =>
        {
            using var job = _engine.PrepareDetect(item.Path, item.Name, _settings.Models, _settings.CameraMotion);
            var outcome = job.Run(Path.GetDirectoryName(resultPath)!, options, _settings.Version, f => frameDone(f, job.FrameCount), token);
            return outcome.Frames;
        }, observer, cancellationToken);
    }
}
