using System.Diagnostics;
using MotTracker.Core;
using MotTracker.Engine.Config;
using MotTracker.Evaluation;
using MotTracker.Tracking;

namespace MotTracker.Engine.Tuning;

/// <summary>How trials are proposed.</summary>
public enum TuneSampler
{
    /// <summary>Uniform random points of the search space, every trial.</summary>
    Random,

    /// <summary><see cref="TuneSearch.RandomStartup"/> random trials, then the Tree-structured Parzen Estimator.</summary>
    Tpe,
}

/// <summary>What <c>mottrack tune</c> was asked for.</summary>
public sealed record TuneRequest
{
    /// <summary>The folder holding the sequence folders (det/det.txt, gt/gt.txt, seqinfo.ini, gmc.txt).</summary>
    public required string Split { get; init; }

    public required string Tracker { get; init; }

    /// <summary>Seqmap of the sequences the search maximises the objective on.</summary>
    public required string TrainSeqmap { get; init; }

    /// <summary>Seqmap of the held-out sequences the best setting is scored on (the number to quote).</summary>
    public required string ValSeqmap { get; init; }

    /// <summary>Where the trial log, best.json and the report go; a folder holding a trial log continues that search.</summary>
    public required string OutputDirectory { get; init; }

    public int Trials { get; init; } = 100;

    public int Seed { get; init; }

    public TuneSampler Sampler { get; init; } = TuneSampler.Tpe;

    /// <summary>Trials run at once; 0: one per core.</summary>
    public int Jobs { get; init; }

    public required TuneObjective Objective { get; init; }

    public MotBenchmark Benchmark { get; init; } = MotBenchmark.MOT17;
}

/// <summary>One finished trial.</summary>
/// <param name="Unit">Its point of the unit cube (the sampler's view).</param>
/// <param name="Values">The option values tried (searched options only; the others keep their defaults).</param>
/// <param name="Objective">The objective on TRAIN; null when the setting was rejected (<paramref name="Error"/>).</param>
public sealed record TuneTrial(int Index, int Batch, double[] Unit, IReadOnlyList<KeyValuePair<string, object>> Values,
    double? Objective, double Hota, double Mota, double Idf1, long IdSwitches, string? Error)
{
    /// <summary>The score the sampler ranks it by: the objective, or -∞ for a rejected setting.</summary>
    public double Rank => Objective ?? double.NegativeInfinity;
}

/// <summary>The outcome of a search.</summary>
public sealed record TuneResult
{
    public required TuneRequest Request { get; init; }

    public required TrackerEntry Entry { get; init; }

    public required SearchSpace Space { get; init; }

    /// <summary>Every trial of the search (resumed ones included), by index.</summary>
    public required IReadOnlyList<TuneTrial> Trials { get; init; }

    /// <summary>Trials run by this invocation (the rest came from the log).</summary>
    public required int RanNow { get; init; }

    public required TuneTrial Best { get; init; }

    /// <summary>The best setting's options record (searched values over the defaults).</summary>
    public required object BestOptions { get; init; }

    public required SequenceScores BestTrain { get; init; }

    public required SequenceScores BestVal { get; init; }

    public required SequenceScores DefaultTrain { get; init; }

    public required SequenceScores DefaultVal { get; init; }

    public required IReadOnlyList<string> TrainSequences { get; init; }

    public required IReadOnlyList<string> ValSequences { get; init; }

    /// <summary>Seconds the trials of this invocation took (reading the split excluded).</summary>
    public required double TrialSeconds { get; init; }

    public required double LoadSeconds { get; init; }
}

/// <summary>
/// <c>mottrack tune</c>: reads the split once, proposes trials a batch of <see cref="BatchSize"/> at a time
/// (<see cref="TrialSampler"/>: the sampler sees only whole batches, so a seed gives the same trials whatever
/// <see cref="TuneRequest.Jobs"/>), runs each batch's trials in parallel in process, appends every finished
/// trial to the trial log at once (so Ctrl+C loses none, and a rerun continues where the log ends), then
/// scores the best setting on TRAIN and VAL.
/// </summary>
public sealed class TuneSearch(Action<string>? progress = null, Action<string>? warn = null)
{
    /// <summary>Trials proposed together; part of the search's definition (it decides what the sampler has seen).</summary>
    public const int BatchSize = 8;

    /// <summary>Random trials before the TPE model proposes (two batches).</summary>
    public const int RandomStartup = 16;

    public const string LogFileName = "trials.jsonl";

    public const string BestFileName = "best.json";

    public const string ReportFileName = "report.html";

    /// <summary>Runs (or continues) the search.</summary>
    /// <exception cref="TrackRequestException">Unknown tracker, a tracker without search ranges, or a log of another search (exit 2).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; every trial finished before is in the log.</exception>
    public TuneResult Run(TuneRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Trials < 1) throw new TrackRequestException("trials", $"must be at least 1 (got {request.Trials})");
        if (request.Jobs < 0) throw new TrackRequestException("jobs", $"must be 0 (one per core) or more (got {request.Jobs})");
        TrackerEntry entry;
        SearchSpace space;
        try
        {
            entry = TrackerFactory.Describe(request.Tracker);
            space = new SearchSpace(entry);
        }
        catch (ArgumentException ex)
        {
            throw new TrackRequestException("tracker", ex.Message.Split(" (Parameter")[0]);
        }

        var clock = Stopwatch.StartNew();
        var train = TuningSplit.Load(request.Split, request.TrainSeqmap, entry, warn);
        var val = TuningSplit.Load(request.Split, request.ValSeqmap, entry, warn);
        var shared = train.Names.Intersect(val.Names).ToList();
        if (shared.Count > 0)
            warn?.Invoke($"VAL shares {string.Join(", ", shared)} with TRAIN: its score is not held out");
        double loadSeconds = clock.Elapsed.TotalSeconds;

        Directory.CreateDirectory(request.OutputDirectory);
        var header = TuneLog.Header(request, entry, space, train);
        string logPath = Path.Combine(request.OutputDirectory, LogFileName);
        var done = TuneLog.Open(logPath, header, space);
        var trials = new SortedDictionary<int, TuneTrial>();
        foreach (var trial in done.Where(t => t.Index < request.Trials)) trials[trial.Index] = trial;
        if (trials.Count > 0) progress?.Invoke($"tune: continuing {logPath}: {trials.Count} of {request.Trials} trials already done");

        var scorer = new TrialScorer(request.Benchmark);
        var sampler = new TrialSampler(space.Options.Count, request.Seed, request.Sampler == TuneSampler.Tpe ? RandomStartup : int.MaxValue);
        int jobs = request.Jobs > 0 ? request.Jobs : Environment.ProcessorCount;
        int ranNow = 0;
        clock.Restart();
        using (var log = TuneLog.Append(logPath))
        {
            int batches = (request.Trials + BatchSize - 1) / BatchSize;
            for (int b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int first = b * BatchSize, count = Math.Min(BatchSize, request.Trials - first);
                // The model sees the batches before this one, whole, in trial order: nothing of this batch.
                var history = trials.Values.Where(t => t.Batch < b).Select(t => new TrialPoint(t.Unit, t.Rank)).ToList();
                // Always a whole batch is drawn, so asking for fewer trials proposes a prefix of what more would.
                var points = sampler.Propose(b, BatchSize, history);
                var missing = new List<int>();
                for (int k = 0; k < count; k++)
                {
                    if (!trials.TryGetValue(first + k, out var old)) missing.Add(first + k);
                    else if (!old.Unit.AsSpan().SequenceEqual(points[k]))
                        throw new TrackRequestException("output", $"{logPath}: trial {old.Index} is not the point this search proposes; the log belongs to another search (use a new -o folder)");
                }
                if (missing.Count == 0) continue;
                var finished = new TuneTrial[missing.Count];
                Parallel.For(0, missing.Count, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancellationToken }, i =>
                {
                    int index = missing[i];
                    var trial = RunTrial(scorer, train, request, space, index, b, points[index - first], cancellationToken);
                    log.Write(trial);
                    finished[i] = trial;
                });
                foreach (var trial in finished) trials[trial.Index] = trial;
                ranNow += finished.Length;
                var best = Best(trials.Values);
                progress?.Invoke(FormattableString.Invariant(
                    $"tune: {trials.Count}/{request.Trials} trials, best {request.Objective} {best.Objective:F3} (trial {best.Index}), {ranNow / Math.Max(1e-9, clock.Elapsed.TotalSeconds):F1} trials/s"));
            }
        }
        double trialSeconds = clock.Elapsed.TotalSeconds;

        var all = trials.Values.ToList();
        var winner = Best(all);
        if (winner.Objective is null) throw new TrackRequestException("tracker", $"every trial's setting was rejected (first: {winner.Error})");
        var bestSettings = Settings(request.Tracker, winner.Values);
        var defaults = new TrackerSettings();
        var result = new TuneResult
        {
            Request = request,
            Entry = entry,
            Space = space,
            Trials = all,
            RanNow = ranNow,
            Best = winner,
            BestOptions = bestSettings.OptionsFor(entry),
            BestTrain = scorer.Score(train, request.Tracker, bestSettings, parallel: true, cancellationToken),
            BestVal = scorer.Score(val, request.Tracker, bestSettings, parallel: true, cancellationToken),
            DefaultTrain = scorer.Score(train, request.Tracker, defaults, parallel: true, cancellationToken),
            DefaultVal = scorer.Score(val, request.Tracker, defaults, parallel: true, cancellationToken),
            TrainSequences = [.. train.Names],
            ValSequences = [.. val.Names],
            TrialSeconds = trialSeconds,
            LoadSeconds = loadSeconds,
        };
        TrackerConfigFile.Write(Path.Combine(request.OutputDirectory, BestFileName), TrackerConfig.Describe(entry, result.BestOptions));
        Core.MotChallenge.AtomicFile.Write(Path.Combine(request.OutputDirectory, ReportFileName), w => TuneHtml.Write(w, result));
        return result;
    }

    /// <summary>The trial with the highest objective; the lowest index among equals.</summary>
    public static TuneTrial Best(IEnumerable<TuneTrial> trials) =>
        trials.OrderByDescending(t => t.Rank).ThenBy(t => t.Index).First();

    private static TrackerSettings Settings(string tracker, IReadOnlyList<KeyValuePair<string, object>> values) =>
        TrackerRegistry.Catalog.Apply(tracker, new TrackerSettings(), values);

    private static TuneTrial RunTrial(TrialScorer scorer, TuningSplit train, TuneRequest request, SearchSpace space,
        int index, int batch, double[] unit, CancellationToken cancellationToken)
    {
        var values = space.Values(unit);
        TrackerSettings settings;
        try
        {
            settings = Settings(request.Tracker, values);
        }
        catch (ArgumentException ex)
        {
            // Some corners of the box are not valid settings (a bound below another): the trial counts as the worst.
            return new TuneTrial(index, batch, unit, values, null, 0, 0, 0, 0, ex.Message.Split(" (Parameter")[0]);
        }
        var scores = scorer.Score(train, request.Tracker, settings, parallel: false, cancellationToken);
        return new TuneTrial(index, batch, unit, values, request.Objective.Of(scores),
            TuneObjective.Percent(scores, "HOTA"), TuneObjective.Percent(scores, "MOTA"), TuneObjective.Percent(scores, "IDF1"),
            (long)scores["IDSW"].Value, null);
    }
}
