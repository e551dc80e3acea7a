using MotTracker.Evaluation.Metrics;

namespace MotTracker.Evaluation;

/// <summary>One sequence to evaluate: its gt file, the tracker's result file and its length in frames.</summary>
public sealed record EvaluationSequence(string Name, string GroundTruthFile, string ResultsFile, int SequenceLength)
{
    /// <summary>Image size from seqinfo.ini (0 when unknown): the plane of the error density maps.</summary>
    public int ImageWidth { get; init; }

    public int ImageHeight { get; init; }
}

/// <summary>Every metric family's result for one sequence (or for the combination, named "COMBINED").</summary>
public sealed class SequenceScores
{
    public SequenceScores(string name, IReadOnlyList<MetricResult> results)
    {
        Name = name;
        Results = results;
    }

    public string Name { get; }

    /// <summary>Every error behind the CLEAR counts, when the evaluation was asked to list them.</summary>
    public SequenceErrors? Errors { get; init; }

    /// <summary>One result per metric, in the report's metric order.</summary>
    public IReadOnlyList<MetricResult> Results { get; }

    /// <summary>Looks a field up across all metric families (field names are unique across them).</summary>
    public bool TryGet(string field, out MetricValue value)
    {
        foreach (var result in Results)
        {
            if (result.TryGet(field, out value)) return true;
        }
        value = default;
        return false;
    }

    public MetricValue this[string field] =>
        TryGet(field, out var value) ? value : throw new KeyNotFoundException($"no metric field '{field}'");
}

/// <summary>The result of evaluating one tracker on a set of sequences.</summary>
public sealed class EvaluationReport
{
    public const string CombinedName = "COMBINED";

    public EvaluationReport(MotBenchmark benchmark, IReadOnlyList<IEvaluationMetric> metrics, IReadOnlyList<SequenceScores> sequences, SequenceScores combined)
    {
        Benchmark = benchmark;
        Metrics = metrics;
        Sequences = sequences;
        Combined = combined;
    }

    public MotBenchmark Benchmark { get; }
    public IReadOnlyList<IEvaluationMetric> Metrics { get; }

    /// <summary>Per-sequence scores in evaluation (seqmap) order; writers sort by name as TrackEval does.</summary>
    public IReadOnlyList<SequenceScores> Sequences { get; }

    public SequenceScores Combined { get; }

    /// <summary>Sequences in TrackEval's output order (ordinal by name).</summary>
    public IReadOnlyList<SequenceScores> SequencesByName()
    {
        var sorted = Sequences.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return sorted;
    }

    /// <summary>All summary fields (label, field, percent?) of all metric families, in TrackEval's order.</summary>
    public IReadOnlyList<SummaryField> SummaryFields() => Metrics.SelectMany(m => m.SummaryFields).ToArray();
}
