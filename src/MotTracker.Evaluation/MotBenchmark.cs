namespace MotTracker.Evaluation;

/// <summary>The MOTChallenge benchmarks whose evaluation rules differ (TrackEval's BENCHMARK setting).</summary>
public enum MotBenchmark
{
    MOT15,
    MOT16,
    MOT17,
    MOT20,
}
