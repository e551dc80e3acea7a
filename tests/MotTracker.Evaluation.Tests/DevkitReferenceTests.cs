using MotTracker.Evaluation;

namespace MotTracker.Evaluation.Tests;

/// <summary>CEM on MOT15 TUD sequences against the MOTChallenge devkit numbers (data README).</summary>
public sealed class DevkitReferenceTests
{
    [Fact]
    public void CEM_on_MOT15_reproduces_the_devkit_numbers()
    {
        using var temp = new TempDirectory();
        string seqmap = temp.Combine("seqmap.txt");
        File.WriteAllText(seqmap, "name\nTUD-Campus\nTUD-Stadtmitte\n");
        var sequences = MotChallengeLayout.Discover(SharedData.Path15Train, Path.Combine(SharedData.CemDirectory, "data"), seqmap);
        var report = MotEvaluator.Evaluate(MotChallengeBenchmark.For(MotBenchmark.MOT15), sequences);

        var rows = report.SequencesByName().Append(report.Combined).ToDictionary(s => s.Name);
        Check(rows["TUD-Campus"], 52.646, 55.766, [209, 150, 13, 7, 162, 197, 60, 8, 13]);
        Check(rows["TUD-Stadtmitte"], 56.401, 64.462, [704, 452, 45, 7, 614, 542, 135, 10, 12]);
        Check(rows["COMBINED"], 55.512, 62.430, [913, 602, 58, 14, 776, 739, 195, 18, 25]);
    }

    private static void Check(SequenceScores s, double mota, double idf1, long[] counts)
    {
        string[] fields = ["CLR_TP", "CLR_FN", "CLR_FP", "IDSW", "IDTP", "IDFN", "IDFP", "GT_IDs", "IDs"];
        fields.Select(f => (long)s[f].Value).ToArray().ShouldBe(counts, s.Name);
        Math.Round(100 * s["MOTA"].Value, 3).ShouldBe(mota, s.Name);
        Math.Round(100 * s["IDF1"].Value, 3).ShouldBe(idf1, s.Name);
    }
}
