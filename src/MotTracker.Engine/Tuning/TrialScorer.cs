using MotTracker.Core.MotChallenge;
using MotTracker.Evaluation;
using MotTracker.Evaluation.Metrics;
using MotTracker.Tracking;
using MotTracker.Tracking.PostProcessing;

namespace MotTracker.Engine.Tuning;

/// <summary>
/// Tracks and scores one setting on a <see cref="TuningSplit"/> in process, the way <c>mottrack track</c>
/// (public detections, the default output filter and the tracker's own post-processing, result rows at the
/// file's two decimals) followed by <c>mottrack eval</c> would: the combined metrics over the split, summed
/// in name order as TrackEval does.
/// </summary>
public sealed class TrialScorer(MotBenchmark benchmark = MotBenchmark.MOT17)
{
    private readonly MotChallengeBenchmark _rules = MotChallengeBenchmark.For(benchmark);

    /// <summary>HOTA, CLEAR and Identity: the three families the objective can read.</summary>
    public IReadOnlyList<IEvaluationMetric> Metrics { get; } = [new HotaMetric(), new ClearMetric(), new IdentityMetric()];

    /// <summary>The combined scores of <paramref name="settings"/> for <paramref name="tracker"/> over <paramref name="split"/>.</summary>
    /// <param name="parallel">Score the sequences on several threads (one trial alone); false when trials already run in parallel.</param>
    /// <exception cref="ArgumentException">A setting is out of range (ParamName: the option).</exception>
    public SequenceScores Score(TuningSplit split, string tracker, TrackerSettings settings, bool parallel = false, CancellationToken cancellationToken = default)
    {
        var scores = new SequenceScores[split.Sequences.Count];
        if (parallel)
            Parallel.For(0, scores.Length, new ParallelOptions { CancellationToken = cancellationToken }, i => scores[i] = ScoreSequence(split.Sequences[i], tracker, settings, cancellationToken));
        else
            for (int i = 0; i < scores.Length; i++) scores[i] = ScoreSequence(split.Sequences[i], tracker, settings, cancellationToken);
        // The split's sequences are in name order already, TrackEval's summing order.
        return MotEvaluator.Combine(scores, Metrics);
    }

    /// <summary>The rows <c>track</c> would write for <paramref name="sequence"/>, unrounded.</summary>
    public static List<MotRow> Track(TuningSequence sequence, string tracker, TrackerSettings settings, CancellationToken cancellationToken = default)
    {
        var filter = new OutputFilter();
        var instance = TrackerFactory.Create(tracker, settings with { FrameRate = sequence.Info.FrameRate });
        var rows = new List<MotRow>(sequence.Frames.Length * 16);
        var frame = new List<MotRow>();
        for (int f = 1; f <= sequence.Frames.Length; f++)
        {
            if ((f & 63) == 0) cancellationToken.ThrowIfCancellationRequested();
            var tracks = instance.Update(f, sequence.Frames[f - 1], null, sequence.Motion?[f - 1]);
            frame.Clear();
            foreach (var t in tracks)
                if (filter.Keeps(t)) frame.Add(new MotRow(f, t.TrackId, t.Box, t.Score, -1, -1));
            // The result file holds each frame's rows by id.
            frame.Sort(static (a, b) => a.Id.CompareTo(b.Id));
            rows.AddRange(frame);
        }
        var post = TrackerFactory.PostProcessDefaults(tracker);
        // As TrackingEngine decides: post-processing runs when it changes anything for this tracker's defaults.
        if (post.MinRunLength > 1 || post.Link is not null)
            rows = TrackPostProcessing.Apply(rows, PostProcessKind.None, post);
        return rows;
    }

    private SequenceScores ScoreSequence(TuningSequence sequence, string tracker, TrackerSettings settings, CancellationToken cancellationToken)
    {
        var rows = Track(sequence, tracker, settings, cancellationToken);
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows);
        for (int i = 0; i < span.Length; i++) span[i] = WrittenPrecision.Round(span[i]);
        var data = _rules.Preprocess(sequence.Name, sequence.Info.SequenceLength, sequence.GroundTruth, sequence.GroundTruthFile, rows, sequence.Name + ".txt");
        return MotEvaluator.Score(data, Metrics);
    }
}
