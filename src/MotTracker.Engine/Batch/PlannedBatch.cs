using MotTracker.Core.MotChallenge;
using MotTracker.Inference.Models;

namespace MotTracker.Engine.Batch;

/// <summary>
/// What every batch-shaped run (<see cref="BatchRun"/>, <see cref="Cache.DetectBatch"/>) does the same way
/// before and around its per-input work, written once: the settings checked first, the request's recorded
/// part (options hash, options, models, version), the shard's lock taken and the plan made under it, and
/// the plan run while the lock is held. A front end adds only what is its own (its inputs' requests, its
/// checks of the plan, the work per input).
/// </summary>
public abstract class PlannedBatch : IDisposable
{
    private readonly ShardLock _lock;

    private protected PlannedBatch(BatchRequest request, ShardLock shardLock, IReadOnlyList<BatchPlanItem> plan)
    {
        Request = request;
        _lock = shardLock;
        Plan = plan;
    }

    /// <summary>This shard's inputs, sorted by name.</summary>
    public IReadOnlyList<BatchInput> Inputs => Request.Inputs;

    /// <summary>What happens to each input: run, or skipped as complete.</summary>
    public IReadOnlyList<BatchPlanItem> Plan { get; }

    public ShardSpec Shard => Request.Shard;

    /// <summary>Inputs run at once.</summary>
    public int Jobs => Request.Jobs;

    public int ToRun => Plan.Count(p => p.Run);

    public string OutputDirectory => Request.OutputDirectory;

    private protected BatchRequest Request { get; }

    public void Dispose() => _lock.Dispose();

    /// <summary>
    /// The settings every batch-shaped run checks first: the shard, the job count, and an output folder
    /// that is not a file (<paramref name="outputKind"/> names what to give instead).
    /// </summary>
    /// <exception cref="TrackRequestException">One of them cannot work.</exception>
    internal static ShardSpec CheckRunSettings(string? shardText, int? jobs, string outputDirectory, string outputKind)
    {
        ShardSpec shard;
        try { shard = shardText is { } text ? ShardSpec.Parse(text) : ShardSpec.Whole; }
        catch (FormatException ex) { throw new TrackRequestException("shard", ex.Message); }
        if (jobs is < 1) throw new TrackRequestException("jobs", $"must be at least 1 (got {jobs})");
        if (File.Exists(outputDirectory)) throw new TrackRequestException("output", $"'{outputDirectory}' is a file; give {outputKind}");
        return shard;
    }

    /// <summary>
    /// A request with what the manifest records and the hash decides from: the options hash over the
    /// result-relevant <paramref name="options"/>, the models and the version; the options kept sorted.
    /// </summary>
    private protected static BatchRequest NewRequest(IReadOnlyList<BatchInput> inputs, string outputDirectory, ShardSpec shard, int jobs,
        bool overwrite, IReadOnlyDictionary<string, string> options, IReadOnlyList<ModelRecord> models, string version) => new()
        {
            Inputs = inputs,
            OutputDirectory = outputDirectory,
            Shard = shard,
            Jobs = jobs,
            Overwrite = overwrite,
            OptionsHash = BatchOptionsHash.Compute(options, models, version),
            Options = new SortedDictionary<string, string>(options.ToDictionary(), StringComparer.Ordinal),
            Models = models,
            Version = version,
        };

    /// <summary>
    /// Takes this shard's lock first, so nothing changes the output folder between the plan and the run,
    /// then plans and hands the plan to the front end's own <paramref name="check"/>. A refusal (the lock
    /// held elsewhere, a plan or a check that throws) lets the lock go and, when the folder did not exist
    /// before, removes what taking the lock made: refused before anything ran, no folder the user did not
    /// have stays behind.
    /// </summary>
    private protected static (ShardLock Lock, IReadOnlyList<BatchPlanItem> Plan) LockAndPlan(BatchRequest request, Action<IReadOnlyList<BatchPlanItem>> check)
    {
        bool folderExisted = Directory.Exists(request.OutputDirectory);
        var shardLock = ShardLock.Acquire(request.OutputDirectory, request.Shard);
        try
        {
            var plan = BatchRunner.Plan(request);
            check(plan);
            return (shardLock, plan);
        }
        catch
        {
            shardLock.Dispose();
            if (!folderExisted)
            {
                AtomicFile.TryDelete(shardLock.Path);
                try { Directory.Delete(request.OutputDirectory); }
                catch (IOException) { }
            }
            throw;
        }
    }

    /// <summary>Runs the plan, each input through <paramref name="run"/>, under the lock taken in preparation.</summary>
    private protected BatchSummary RunPlan(SequenceRun run, IBatchObserver? observer, CancellationToken cancellationToken) =>
        BatchRunner.Run(Request, Plan, run, observer, cancellationToken, _lock);
}
