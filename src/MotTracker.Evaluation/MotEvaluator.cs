using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using MotTracker.Evaluation.Metrics;
using MotTracker.Core.MotChallenge;

namespace MotTracker.Evaluation;

/// <summary>Runs the benchmark rules and the metrics over a set of sequences and combines the results.</summary>
public static class MotEvaluator
{
    /// <summary>HOTA, CLEAR, Identity and Count: TrackEval's default set for MOTChallenge, in its order.</summary>
    public static IReadOnlyList<IEvaluationMetric> DefaultMetrics() =>
        [new HotaMetric(), new ClearMetric(), new IdentityMetric(), new CountMetric()];

    /// <summary>
    /// Reads, checks and scores every sequence (in parallel, one sequence per core), then combines them.
    /// </summary>
    /// <exception cref="MotFormatException">A file is missing or malformed; when several are, the first
    /// in sequence order is reported, whatever order the workers finished in.</exception>
    public static EvaluationReport Evaluate(
        MotChallengeBenchmark rules, IReadOnlyList<EvaluationSequence> sequences,
        IReadOnlyList<IEvaluationMetric>? metrics = null, int maxDegreeOfParallelism = -1, EvaluationTiming? timing = null,
        ResultRows resultRows = ResultRows.Pedestrian, bool listErrors = false)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0) throw new ArgumentException("no sequences to evaluate", nameof(sequences));
        metrics ??= DefaultMetrics();

        var scores = new SequenceScores[sequences.Count];
        var failures = new ExceptionDispatchInfo?[sequences.Count];
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount,
        };
        // Largest files first, so the longest sequence does not start last and leave a core idle.
        var order = Enumerable.Range(0, sequences.Count)
            .OrderByDescending(i => FileSize(sequences[i].GroundTruthFile) + FileSize(sequences[i].ResultsFile))
            .ToArray();
        Parallel.ForEach(order, options, i =>
        {
            try
            {
                scores[i] = EvaluateSequence(rules, sequences[i], metrics, timing, resultRows, listErrors);
            }
            catch (Exception ex) when (ex is MotFormatException or IOException or UnauthorizedAccessException)
            {
                failures[i] = ExceptionDispatchInfo.Capture(ex);
            }
        });
        foreach (var failure in failures) failure?.Throw();

        // TrackEval (in its default serial mode) evaluates and therefore sums sequences in name order.
        var byName = scores.OrderBy(s => s.Name, StringComparer.Ordinal).ToArray();
        return new EvaluationReport(rules.Benchmark, metrics, scores, Combine(byName, metrics));
    }

    /// <summary>Reads and scores one sequence.</summary>
    /// <param name="listErrors">Also list every error behind the CLEAR counts (<see cref="SequenceScores.Errors"/>);
    /// the metrics must then include a <see cref="ClearMetric"/>, whose matching the listing reports.</param>
    public static SequenceScores EvaluateSequence(
        MotChallengeBenchmark rules, EvaluationSequence sequence, IReadOnlyList<IEvaluationMetric> metrics, EvaluationTiming? timing = null,
        ResultRows resultRows = ResultRows.Pedestrian, bool listErrors = false)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(metrics);
        long start = Stopwatch.GetTimestamp();
        var gt = MotFileReader.Read(sequence.GroundTruthFile, MotFileKind.GroundTruth);
        var results = ResultRowSelection.Select(MotFileReader.Read(sequence.ResultsFile, MotFileKind.Results), sequence.ResultsFile, resultRows);
        timing?.Add("read", ref start);
        var data = rules.Preprocess(sequence.Name, sequence.SequenceLength, gt, sequence.GroundTruthFile, results, sequence.ResultsFile, keepSources: listErrors);
        timing?.Add("preprocess", ref start);
        var scores = new MetricResult[metrics.Count];
        SequenceErrors? errors = null;
        for (int m = 0; m < metrics.Count; m++)
        {
            // The listing comes out of the CLEAR run itself, so its counts are CLEAR's by construction.
            if (listErrors && errors is null && metrics[m] is ClearMetric clear)
                scores[m] = clear.Evaluate(data, out errors, sequence.ImageWidth, sequence.ImageHeight);
            else
                scores[m] = metrics[m].Evaluate(data);
            timing?.Add(metrics[m].Name, ref start);
        }
        if (listErrors && errors is null)
            throw new ArgumentException("listing errors needs the CLEAR metric among the metrics", nameof(metrics));
        return new SequenceScores(data.Name, scores) { Errors = errors };
    }

    /// <summary>Scores an already preprocessed sequence with every metric.</summary>
    public static SequenceScores Score(SequenceData data, IReadOnlyList<IEvaluationMetric> metrics)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(metrics);
        var results = new MetricResult[metrics.Count];
        for (int m = 0; m < metrics.Count; m++) results[m] = metrics[m].Evaluate(data);
        return new SequenceScores(data.Name, results);
    }

    /// <summary>
    /// Combines sequences, summing in the given order; TrackEval sums in name order, and the order
    /// changes the last bit of the combined floats.
    /// </summary>
    public static SequenceScores Combine(IReadOnlyList<SequenceScores> sequences, IReadOnlyList<IEvaluationMetric> metrics)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        ArgumentNullException.ThrowIfNull(metrics);
        var combined = new MetricResult[metrics.Count];
        for (int m = 0; m < metrics.Count; m++)
        {
            var perSequence = new MetricResult[sequences.Count];
            for (int s = 0; s < sequences.Count; s++) perSequence[s] = sequences[s].Results[m];
            combined[m] = metrics[m].Combine(perSequence);
        }
        return new SequenceScores(EvaluationReport.CombinedName, combined);
    }

    private static long FileSize(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }
}

/// <summary>Time spent per phase, summed over sequences (and so over worker threads), for --timing.</summary>
public sealed class EvaluationTiming
{
    private readonly ConcurrentDictionary<string, long> _ticks = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Adds the time since <paramref name="start"/> to a phase and restarts the clock.</summary>
    public void Add(string phase, ref long start)
    {
        long now = Stopwatch.GetTimestamp();
        long elapsed = now - start;
        if (_ticks.TryAdd(phase, 0)) _order.Enqueue(phase);
        _ticks.AddOrUpdate(phase, elapsed, (_, total) => total + elapsed);
        start = now;
    }

    /// <summary>Phases in the order first seen, with milliseconds.</summary>
    public IReadOnlyList<(string Phase, double Milliseconds)> Phases() =>
        _order.Select(p => (p, _ticks[p] * 1000.0 / Stopwatch.Frequency)).ToArray();
}
