using MotTracker.Tracking;

namespace MotTracker.Engine.Tuning;

/// <summary>One finished trial as the sampler sees it: its point in the unit cube and its score (higher is better).</summary>
public sealed record TrialPoint(double[] Unit, double Score);

/// <summary>
/// The searched options of a tracker (those its entry declares with <see cref="TrackerOption.Searched"/>)
/// and the map between a point of the unit cube [0, 1]^d and option values: linear or logarithmic,
/// rounded for counts.
/// </summary>
public sealed class SearchSpace
{
    public SearchSpace(TrackerEntry entry)
    {
        Entry = entry;
        Options = [.. entry.Options.Where(o => o.Search is not null)];
        if (Options.Count == 0) throw new ArgumentException($"tracker {entry.Name} declares no search ranges", nameof(entry));
    }

    public TrackerEntry Entry { get; }

    /// <summary>The searched options, in table order: dimension i is Options[i].</summary>
    public IReadOnlyList<TrackerOption> Options { get; }

    /// <summary>The option values (of each option's type) at <paramref name="unit"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Values(double[] unit)
    {
        var values = new List<KeyValuePair<string, object>>(Options.Count);
        for (int i = 0; i < Options.Count; i++)
        {
            var option = Options[i];
            var range = option.Search!;
            double u = Math.Clamp(unit[i], 0, 1);
            double x = range.Log
                ? Math.Exp(Math.Log(range.Low) + u * (Math.Log(range.High) - Math.Log(range.Low)))
                : range.Low + u * (range.High - range.Low);
            // Rounded to 4 significant decimals: the trial log and best.json stay readable, and the search loses nothing measurable.
            object value = option.Type switch
            {
                // Each arm boxed on its own: the switch's common type would otherwise turn the int and float into doubles.
                TrackerOptionType.Int32 => (object)(int)Math.Round(x, MidpointRounding.AwayFromZero),
                TrackerOptionType.Single => (object)(float)Math.Round(x, 4),
                _ => (object)Math.Round(x, 4),
            };
            values.Add(new(option.Name, value));
        }
        return values;
    }
}

/// <summary>
/// Proposes trials for <c>mottrack tune</c>: uniform random points first, then the Tree-structured Parzen
/// Estimator (Bergstra et al. 2011): the finished trials are split at the <see cref="Gamma"/> quantile of
/// their scores into good and bad, each side's points become a Parzen density per dimension (Gaussians
/// in the unit interval plus a uniform prior), and of <see cref="Candidates"/> draws from the good density
/// the one with the largest good/bad ratio is proposed.
/// Trials are proposed a batch at a time and the model sees only whole batches: batch <c>b</c> depends on
/// the seed, <c>b</c> and the trials of batches before it, never on how many run at once or which
/// finished first, so a seed gives the same trials whatever <c>--jobs</c>, and a resumed search the same
/// as an uninterrupted one.
/// </summary>
public sealed class TrialSampler(int dimensions, int seed, int randomTrials = 20)
{
    /// <summary>Share of finished trials counted as good.</summary>
    public const double Gamma = 0.25;

    /// <summary>Draws from the good density compared per proposal.</summary>
    public const int Candidates = 24;

    public int Dimensions { get; } = dimensions;

    /// <summary>
    /// The <paramref name="count"/> points of batch <paramref name="batch"/>, given every trial of the
    /// batches before it (in trial order). Random while fewer than the random-start trials are finished.
    /// </summary>
    public IReadOnlyList<double[]> Propose(int batch, int count, IReadOnlyList<TrialPoint> history)
    {
        // A generator per batch, seeded from (seed, batch) alone: the batch's proposals never depend on earlier batches' draws.
        var random = new Random(unchecked(seed * 1_000_003 + batch * 7_919 + 17));
        var points = new List<double[]>(count);
        bool model = history.Count >= Math.Max(randomTrials, 2);
        var ordered = model ? history.OrderByDescending(t => t.Score).ToList() : [];
        int good = Math.Max(1, (int)Math.Ceiling(Gamma * ordered.Count));
        for (int k = 0; k < count; k++)
        {
            if (!model)
            {
                points.Add(Uniform(random));
                continue;
            }
            double[]? best = null;
            double bestRatio = double.NegativeInfinity;
            for (int c = 0; c < Candidates; c++)
            {
                var candidate = new double[Dimensions];
                for (int d = 0; d < Dimensions; d++)
                    candidate[d] = DrawParzen(random, ordered, 0, good, d);
                double ratio = 0;
                for (int d = 0; d < Dimensions; d++)
                    ratio += Math.Log(Density(candidate[d], ordered, 0, good, d)) - Math.Log(Density(candidate[d], ordered, good, ordered.Count, d));
                if (ratio > bestRatio)
                {
                    bestRatio = ratio;
                    best = candidate;
                }
            }
            points.Add(best!);
        }
        return points;
    }

    private double[] Uniform(Random random)
    {
        var point = new double[Dimensions];
        for (int d = 0; d < Dimensions; d++) point[d] = random.NextDouble();
        return point;
    }

    /// <summary>The kernel width for <paramref name="n"/> points: Scott's rule on the unit interval, never below 0.05.</summary>
    private static double Bandwidth(int n) => Math.Max(0.05, Math.Pow(n + 1, -0.2) * 0.3);

    // The mixture: one Gaussian per point of [from, to) and the uniform prior, all with equal weight.
    private static double DrawParzen(Random random, List<TrialPoint> trials, int from, int to, int d)
    {
        int n = to - from;
        int pick = random.Next(n + 1);
        if (pick == n) return random.NextDouble();
        double sigma = Bandwidth(n);
        for (int attempt = 0; attempt < 16; attempt++)
        {
            // Box-Muller; redrawn until inside [0, 1] (a truncated Gaussian).
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double x = trials[from + pick].Unit[d] + sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            if (x is >= 0 and <= 1) return x;
        }
        return Math.Clamp(trials[from + pick].Unit[d], 0, 1);
    }

    private static double Density(double x, List<TrialPoint> trials, int from, int to, int d)
    {
        int n = to - from;
        double sigma = Bandwidth(n);
        double sum = 1; // the uniform prior's density on [0, 1]
        for (int i = from; i < to; i++)
        {
            double z = (x - trials[i].Unit[d]) / sigma;
            sum += Math.Exp(-0.5 * z * z) / (sigma * Math.Sqrt(2 * Math.PI));
        }
        return sum / (n + 1);
    }
}
