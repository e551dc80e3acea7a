using MotTracker.Evaluation.Metrics;

namespace MotTracker.Evaluation;

/// <summary>
/// Run B against run A on the same ground truth: per sequence the summary metrics of both and their
/// difference, and which ID switches B fixed (A had them, B does not) and which it introduced.
/// </summary>
/// <remarks>
/// Two switches are the same when they involve the same gt id within <see cref="ToleranceFrames"/>
/// frames of each other: tracker ids differ between runs, and a tracker that loses a person one or two
/// frames later has not fixed anything. Pairs are formed greedily in frame order, each switch used once.
/// </remarks>
public sealed class RunComparison
{
    /// <summary>Default tolerance: 3 frames (a tenth of a second at 30 fps).</summary>
    public const int DefaultToleranceFrames = 3;

    public required string NameA { get; init; }
    public required string NameB { get; init; }
    public int ToleranceFrames { get; init; }

    public required IReadOnlyList<SequenceComparison> Sequences { get; init; }

    /// <summary>The metrics of the combined rows (no switches).</summary>
    public required SequenceComparison Combined { get; init; }

    /// <summary>Compares two reports of the same sequences, both evaluated with error listings.</summary>
    /// <exception cref="ArgumentException">The reports do not cover the same sequences.</exception>
    public static RunComparison Compare(EvaluationReport a, EvaluationReport b, string nameA, string nameB, int toleranceFrames = DefaultToleranceFrames)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentOutOfRangeException.ThrowIfNegative(toleranceFrames);
        var seqA = a.SequencesByName();
        var seqB = b.SequencesByName();
        if (!seqA.Select(s => s.Name).SequenceEqual(seqB.Select(s => s.Name), StringComparer.Ordinal))
            throw new ArgumentException("the two runs do not cover the same sequences");
        var fields = a.SummaryFields();
        var sequences = new SequenceComparison[seqA.Count];
        for (int i = 0; i < seqA.Count; i++)
        {
            var (fixedSwitches, introduced, kept) = MatchSwitches(
                seqA[i].Errors?.Switches ?? [], seqB[i].Errors?.Switches ?? [], toleranceFrames);
            sequences[i] = new SequenceComparison
            {
                Name = seqA[i].Name,
                Metrics = Deltas(seqA[i], seqB[i], fields),
                Fixed = fixedSwitches,
                Introduced = introduced,
                Kept = kept,
            };
        }
        return new RunComparison
        {
            NameA = nameA, NameB = nameB, ToleranceFrames = toleranceFrames, Sequences = sequences,
            Combined = new SequenceComparison
            {
                Name = EvaluationReport.CombinedName,
                Metrics = Deltas(a.Combined, b.Combined, fields),
                Fixed = [], Introduced = [],
                Kept = sequences.Sum(s => s.Kept),
                FixedCount = sequences.Sum(s => s.Fixed.Count),
                IntroducedCount = sequences.Sum(s => s.Introduced.Count),
            },
        };
    }

    private static MetricDelta[] Deltas(SequenceScores a, SequenceScores b, IReadOnlyList<SummaryField> fields) =>
        fields.Select(f =>
        {
            double scale = f.IsPercent ? 100 : 1;
            double va = a[f.Field].Value * scale, vb = b[f.Field].Value * scale;
            return new MetricDelta { Metric = f.Label, A = va, B = vb, Delta = vb - va };
        }).ToArray();

    /// <summary>Pairs switches of the same gt id within the tolerance; returns A's unpaired, B's unpaired and the pair count.</summary>
    internal static (IdSwitch[] OnlyA, IdSwitch[] OnlyB, int Paired) MatchSwitches(IReadOnlyList<IdSwitch> a, IReadOnlyList<IdSwitch> b, int tolerance)
    {
        var usedB = new bool[b.Count];
        var byGt = new Dictionary<int, List<int>>();
        for (int j = 0; j < b.Count; j++)
        {
            if (!byGt.TryGetValue(b[j].GtId, out var list)) byGt.Add(b[j].GtId, list = []);
            list.Add(j);
        }
        var onlyA = new List<IdSwitch>();
        int paired = 0;
        foreach (var s in a.OrderBy(s => s.Frame))
        {
            int best = -1;
            if (byGt.TryGetValue(s.GtId, out var candidates))
            {
                foreach (int j in candidates)
                {
                    int distance = Math.Abs(b[j].Frame - s.Frame);
                    if (usedB[j] || distance > tolerance) continue;
                    if (best < 0 || distance < Math.Abs(b[best].Frame - s.Frame)) best = j;
                }
            }
            if (best < 0) onlyA.Add(s);
            else
            {
                usedB[best] = true;
                paired++;
            }
        }
        var onlyB = b.Where((_, j) => !usedB[j]).ToArray();
        return (onlyA.ToArray(), onlyB, paired);
    }
}

/// <summary>One sequence of a comparison (or COMBINED, which lists no switches, only counts).</summary>
public sealed class SequenceComparison
{
    public required string Name { get; init; }

    /// <summary>Summary metrics on the summary's scale (percent or counts): A, B and B − A.</summary>
    public required IReadOnlyList<MetricDelta> Metrics { get; init; }

    /// <summary>Switches of A with no switch of the same gt id in B within the tolerance.</summary>
    public required IReadOnlyList<IdSwitch> Fixed { get; init; }

    /// <summary>Switches of B with no switch of the same gt id in A within the tolerance.</summary>
    public required IReadOnlyList<IdSwitch> Introduced { get; init; }

    /// <summary>Switches both runs make.</summary>
    public int Kept { get; init; }

    public int FixedCount { get => _fixedCount ?? Fixed.Count; init => _fixedCount = value; }
    public int IntroducedCount { get => _introducedCount ?? Introduced.Count; init => _introducedCount = value; }

    private int? _fixedCount;
    private int? _introducedCount;
}

public sealed class MetricDelta
{
    public required string Metric { get; init; }
    public double A { get; init; }
    public double B { get; init; }
    public double Delta { get; init; }
}
