using System.Diagnostics;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;

namespace MotTracker.Engine.Batch;

/// <summary>Tracks one batch input into <paramref name="resultPath"/> (atomically) and returns how many frames it read.</summary>
/// <param name="input">What to track.</param>
/// <param name="resultPath">The final result file; it must appear only complete (temp file, then rename).</param>
/// <param name="frameProgress">Called with (frame done, total frames when known).</param>
/// <param name="cancellationToken">Set on Ctrl+C / SIGTERM: stop promptly and leave no result.</param>
public delegate int SequenceRun(BatchInput input, string resultPath, Action<int, int?> frameProgress, CancellationToken cancellationToken);

/// <summary>Everything a batch needs besides the per-sequence work.</summary>
public sealed record BatchRequest
{
    /// <summary>This shard's inputs (see <see cref="ShardSpec.Select"/>).</summary>
    public required IReadOnlyList<BatchInput> Inputs { get; init; }

    public required string OutputDirectory { get; init; }
    public ShardSpec Shard { get; init; } = ShardSpec.Whole;

    /// <summary>Sequences run at once.</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>Redo every sequence, replacing existing results.</summary>
    public bool Overwrite { get; init; }

    /// <summary>sha256 of the options that change results; a result made under another hash is stale.</summary>
    public required string OptionsHash { get; init; }

    /// <summary>
    /// Each input's <see cref="InputFingerprint"/> by name, taken before anything runs; a result whose
    /// recorded fingerprint differs is redone. Null: inputs are not checked.
    /// </summary>
    public IReadOnlyDictionary<string, string>? InputFingerprints { get; init; }

    public SortedDictionary<string, string> Options { get; init; } = new(StringComparer.Ordinal);
    public IReadOnlyList<ModelRecord> Models { get; init; } = [];
    public string Version { get; init; } = "";

    public string ManifestPath => Path.Combine(OutputDirectory, Shard.ManifestFileName);

    /// <summary>The file whose presence means an input is complete; null: &lt;name&gt;.txt (detect: &lt;name&gt;/cache.json).</summary>
    public Func<BatchInput, string>? ResultPathOf { get; init; }

    /// <summary>
    /// Files written with an input's result (its counts summary, its events), staged and renamed with it;
    /// a killed run's temporaries of these are removed before the input runs again. Null: none.
    /// </summary>
    public Func<BatchInput, IEnumerable<string>>? CompanionPathsOf { get; init; }

    public string ResultPath(BatchInput input) => ResultPathOf?.Invoke(input) ?? Path.Combine(OutputDirectory, input.Name + ".txt");
}

/// <summary>What the batch will do with one input, decided before anything runs.</summary>
public sealed record BatchPlanItem(BatchInput Input, string ResultPath, bool Run, string Reason);

/// <summary>Hears about sequences as they start, progress and finish (a live display or log lines).</summary>
public interface IBatchObserver
{
    void Started(BatchInput input);
    void Progress(BatchInput input, int frame, int? totalFrames);
    void Finished(BatchInput input, SequenceRecord record);
}

/// <summary>How a batch ended.</summary>
public sealed record BatchSummary(IReadOnlyList<SequenceRecord> Records, bool Cancelled, string ManifestPath)
{
    public IEnumerable<SequenceRecord> Failures => Records.Where(r => r.Status == SequenceStatus.Failed);
}

/// <summary>
/// Runs a batch: decides up front what is already complete, then tracks the rest up to
/// <see cref="BatchRequest.Jobs"/> at a time. One failing sequence fails alone. The manifest is rewritten
/// (atomically) whenever a sequence starts or ends, so a run killed at any moment leaves a manifest that
/// says exactly which results are complete.
/// </summary>
public static class BatchRunner
{
    /// <summary>
    /// Decides, for each input, whether to run it. A result already completed with the same options (and
    /// unchanged since) is skipped. Existing results that cannot be trusted are never replaced silently:
    /// without <see cref="BatchRequest.Overwrite"/> they stop the batch before anything runs, each named with why.
    /// </summary>
    /// <exception cref="MotFormatException">Some existing results would be replaced; the message lists them.</exception>
    public static IReadOnlyList<BatchPlanItem> Plan(BatchRequest request)
    {
        var manifest = request.Overwrite ? null : RunManifest.TryRead(request.ManifestPath);
        var plan = new List<BatchPlanItem>(request.Inputs.Count);
        var conflicts = new List<string>();
        foreach (var input in request.Inputs)
        {
            string result = request.ResultPath(input);
            if (request.Overwrite)
            {
                plan.Add(new BatchPlanItem(input, result, true, "--overwrite"));
                continue;
            }
            var record = manifest?.Find(input.Name);
            bool exists = File.Exists(result);
            if (!exists)
            {
                plan.Add(new BatchPlanItem(input, result, true, record is null ? "new" : $"not complete ({record.Status})"));
                continue;
            }
            if (record is null)
            {
                conflicts.Add($"{Path.GetRelativePath(request.OutputDirectory, result)} (not made by this batch: not in {Path.GetFileName(request.ManifestPath)})");
                continue;
            }
            if (record.OptionsHash != request.OptionsHash)
            {
                conflicts.Add($"{Path.GetRelativePath(request.OutputDirectory, result)} (made with other options or another mottrack version)");
                continue;
            }
            if (record.Status == SequenceStatus.Done)
            {
                if (record.ResultSha256 != FileHash.Sha256OfFile(result))
                    conflicts.Add($"{Path.GetRelativePath(request.OutputDirectory, result)} (changed since it was written)");
                else if (request.InputFingerprints?.GetValueOrDefault(input.Name) is { } now && now != record.InputFingerprint)
                    // Our own result of an input that has changed since: redo it rather than trust it.
                    plan.Add(new BatchPlanItem(input, result, true, "input changed"));
                else
                    plan.Add(new BatchPlanItem(input, result, false, "complete"));
                continue;
            }
            // Started by an earlier run of this batch with these options and never recorded as done
            // (killed between the rename and the manifest update): ours to redo.
            plan.Add(new BatchPlanItem(input, result, true, $"not complete ({record.Status})"));
        }
        if (conflicts.Count > 0)
            throw new MotFormatException(request.OutputDirectory, 0, null,
                $"{conflicts.Count} existing result(s) would be replaced: {string.Join(", ", conflicts)}. Pass --overwrite to redo them, or choose another -o folder");
        return plan;
    }

    /// <summary>
    /// Runs the plan. Returns when every started sequence has finished or stopped. Holds the shard's
    /// <see cref="ShardLock"/> throughout: <paramref name="heldLock"/> when the caller took it before
    /// planning (as it should, so no other run changes the folder in between), else taken here.
    /// </summary>
    /// <exception cref="TrackRequestException">Another run holds the shard's lock.</exception>
    public static BatchSummary Run(BatchRequest request, IReadOnlyList<BatchPlanItem> plan, SequenceRun run, IBatchObserver? observer, CancellationToken cancellationToken, ShardLock? heldLock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Jobs, 1);
        using var ownLock = heldLock is null ? ShardLock.Acquire(request.OutputDirectory, request.Shard) : null;
        var manifest = (request.Overwrite ? null : RunManifest.TryRead(request.ManifestPath)) ?? new RunManifest();
        manifest.Version = request.Version;
        manifest.Shard = request.Shard.IsWhole ? null : request.Shard.ToString();
        manifest.Options = request.Options;
        manifest.OptionsHash = request.OptionsHash;
        manifest.Models = [.. request.Models];
        var records = new Dictionary<string, SequenceRecord>(StringComparer.Ordinal);
        foreach (var item in plan.Where(p => !p.Run))
            records[item.Input.Name] = manifest.Find(item.Input.Name)!;
        var writer = new ManifestWriter(request.ManifestPath, manifest);
        AtomicFile.RemoveLeftoverTemps(request.ManifestPath);
        writer.Save(null);

        var queue = new Queue<BatchPlanItem>(plan.Where(p => p.Run));

        void Worker()
        {
            while (true)
            {
                BatchPlanItem item;
                lock (queue)
                {
                    if (cancellationToken.IsCancellationRequested || queue.Count == 0) return;
                    item = queue.Dequeue();
                }
                var record = RunOne(request, item, run, observer, writer.Save, cancellationToken);
                lock (records) records[item.Input.Name] = record;
            }
        }

        int workers = Math.Min(request.Jobs, Math.Max(1, queue.Count));
        var threads = new Thread[workers];
        for (int i = 0; i < workers; i++)
        {
            threads[i] = new Thread(Worker) { IsBackground = true, Name = $"batch-{i + 1}" };
            threads[i].Start();
        }
        foreach (var t in threads) t.Join();

        var ordered = plan.Where(p => records.ContainsKey(p.Input.Name)).Select(p => records[p.Input.Name]).ToList();
        return new BatchSummary(ordered, cancellationToken.IsCancellationRequested, request.ManifestPath);
    }

    /// <summary>
    /// The only way records reach the manifest: under its lock (the shard's file lock keeps other
    /// processes out; this one keeps this run's parallel sequences in turn), each change written whole
    /// and atomically. Records are never changed after they are handed in (see <see cref="SequenceRecord.With"/>).
    /// </summary>
    private sealed class ManifestWriter(string path, RunManifest manifest)
    {
        private readonly Lock _gate = new();

        public void Save(SequenceRecord? record)
        {
            lock (_gate)
            {
                if (record is not null) manifest.Put(record);
                manifest.Write(path);
            }
        }
    }

    private static SequenceRecord RunOne(BatchRequest request, BatchPlanItem item, SequenceRun run, IBatchObserver? observer, Action<SequenceRecord> save, CancellationToken token)
    {
        var started = new SequenceRecord
        {
            Name = item.Input.Name, Input = item.Input.Path, Status = SequenceStatus.Running, OptionsHash = request.OptionsHash,
            InputFingerprint = request.InputFingerprints?.GetValueOrDefault(item.Input.Name),
        };
        save(started);
        // A killed run leaves hidden temporaries of the result and of each companion (summary, events);
        // this run is about to write them afresh, so those are dead.
        AtomicFile.RemoveLeftoverTemps(item.ResultPath);
        foreach (string companion in request.CompanionPathsOf?.Invoke(item.Input) ?? [])
            AtomicFile.RemoveLeftoverTemps(companion);
        observer?.Started(item.Input);
        var clock = Stopwatch.StartNew();
        SequenceRecord record;
        try
        {
            int frames = run(item.Input, item.ResultPath, (f, total) => observer?.Progress(item.Input, f, total), token);
            double seconds = clock.Elapsed.TotalSeconds;
            record = started.With(SequenceStatus.Done, Math.Round(seconds, 3));
            record.Frames = frames;
            record.FramesPerSecond = Math.Round(frames / Math.Max(seconds, 1e-9), 1);
            record.ResultSha256 = FileHash.Sha256OfFile(item.ResultPath);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            record = started.With(SequenceStatus.Cancelled, Math.Round(clock.Elapsed.TotalSeconds, 3));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            record = started.With(SequenceStatus.Failed, Math.Round(clock.Elapsed.TotalSeconds, 3), ex.Message);
        }
        save(record);
        observer?.Finished(item.Input, record);
        return record;
    }
}
