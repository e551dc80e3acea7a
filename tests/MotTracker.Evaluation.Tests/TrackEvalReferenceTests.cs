using System.Globalization;
using MotTracker.Evaluation;
using MotTracker.Evaluation.Output;

namespace MotTracker.Evaluation.Tests;

/// <summary>
/// Our evaluator against TrackEval's own output for a real tracker (imzhangyd MoTT, MOT17 train):
/// every field of every sequence and of the combined row.
/// </summary>
public sealed class TrackEvalReferenceTests(TrackEvalReferenceTests.Mot17Run run) : IClassFixture<TrackEvalReferenceTests.Mot17Run>
{
    /// <summary>One evaluation of the 21-sequence seqmap shared by the tests of this class.</summary>
    public sealed class Mot17Run : IDisposable
    {
        private readonly TempDirectory _temp = new();

        public Mot17Run() => Report = EvaluateLikeTrackEval(_temp);

        public EvaluationReport Report { get; }

        public void Dispose() => _temp.Dispose();
    }

    /// <summary>
    /// TrackEval evaluated the full MOT17 seqmap (DPM, FRCNN and SDP names, all with the same gt and the
    /// same result file). Only FRCNN folders are staged, so link the other names to them.
    /// </summary>
    private static EvaluationReport EvaluateLikeTrackEval(TempDirectory temp)
    {
        string gtRoot = temp.Combine("gt");
        string resultsRoot = temp.Combine("results");
        Directory.CreateDirectory(gtRoot);
        Directory.CreateDirectory(resultsRoot);
        string seqmap = Path.Combine(SharedData.DataDirectory, "seqmaps", "MOT17-train.txt");
        foreach (var (name, _) in MotChallengeLayout.ReadSeqmap(seqmap))
        {
            string frcnn = name[..name.LastIndexOf('-')] + "-FRCNN";
            Directory.CreateSymbolicLink(Path.Combine(gtRoot, name), Path.GetFullPath(Path.Combine(SharedData.Path17Train, frcnn)));
            File.CreateSymbolicLink(Path.Combine(resultsRoot, name + ".txt"),
                Path.GetFullPath(Path.Combine(SharedData.MoTTDirectory, "data", frcnn + ".txt")));
        }
        var sequences = MotChallengeLayout.Discover(gtRoot, resultsRoot, seqmap);
        return MotEvaluator.Evaluate(MotChallengeBenchmark.For(MotBenchmark.MOT17), sequences);
    }

    [Fact]
    public void Every_detailed_field_of_every_sequence_matches_TrackEval()
    {
        var writer = new StringWriter();
        TrackEvalFiles.WriteDetailed(writer, run.Report);

        var expected = ReadCsv(File.ReadAllText(Path.Combine(SharedData.MoTTDirectory, TrackEvalFiles.DetailedFileName)));
        var actual = ReadCsv(writer.ToString());
        actual.Header.ShouldBe(expected.Header);
        actual.Rows.Select(r => r[0]).ShouldBe(expected.Rows.Select(r => r[0]));

        var mismatches = new List<string>();
        for (int r = 0; r < expected.Rows.Count; r++)
        {
            for (int c = 1; c < expected.Header.Length; c++)
            {
                string e = expected.Rows[r][c], a = actual.Rows[r][c];
                if (!SameValue(e, a)) mismatches.Add($"{expected.Rows[r][0]} {expected.Header[c]}: expected {e}, got {a}");
            }
        }
        mismatches.ShouldBeEmpty(string.Join("\n", mismatches.Take(30)));
    }

    [Fact]
    public void Detailed_csv_is_byte_identical_to_TrackEvals()
    {
        using var temp = new TempDirectory();
        TrackEvalFiles.WriteAll(temp.Combine("out"), run.Report);
        string actual = File.ReadAllText(temp.Combine("out", TrackEvalFiles.DetailedFileName));
        string expected = File.ReadAllText(Path.Combine(SharedData.MoTTDirectory, TrackEvalFiles.DetailedFileName));
        var actualLines = actual.Split('\n');
        var expectedLines = expected.Split('\n');
        actualLines.Length.ShouldBe(expectedLines.Length);
        var differing = new List<string>();
        for (int i = 0; i < expectedLines.Length; i++)
        {
            var a = actualLines[i].Split(',');
            var e = expectedLines[i].Split(',');
            for (int c = 0; c < e.Length; c++)
                if (a[c] != e[c]) differing.Add($"line {i + 1} col {c}: {e[c]} vs {a[c]}");
        }
        differing.ShouldBeEmpty(differing.Count + " differences: " + string.Join("\n", differing.Take(400)));
        actual.ShouldBe(expected);
    }

    [Fact]
    public void Summary_file_is_identical_to_TrackEvals()
    {
        var writer = new StringWriter();
        TrackEvalFiles.WriteSummary(writer, run.Report);
        writer.ToString().ShouldBe(File.ReadAllText(Path.Combine(SharedData.MoTTDirectory, TrackEvalFiles.SummaryFileName)));
    }

    [Fact]
    public void FRCNN_only_evaluation_matches_the_readme_table()
    {
        var sequences = MotChallengeLayout.Discover(SharedData.Path17Train, Path.Combine(SharedData.MoTTDirectory, "data"), null);
        sequences.Count.ShouldBe(7);
        var report = MotEvaluator.Evaluate(MotChallengeBenchmark.For(MotBenchmark.MOT17), sequences);
        var c = report.Combined;
        ((long)c["CLR_TP"].Value, (long)c["CLR_FN"].Value, (long)c["CLR_FP"].Value, (long)c["IDSW"].Value)
            .ShouldBe((104784L, 7513L, 2822L, 535L));
        ((long)c["IDTP"].Value, (long)c["IDFN"].Value, (long)c["IDFP"].Value).ShouldBe((90005L, 22292L, 17601L));
        ((long)c["GT_IDs"].Value, (long)c["IDs"].Value).ShouldBe((546L, 789L));
        Math.Round(100 * c["MOTA"].Value, 3).ShouldBe(90.320);
        Math.Round(100 * c["IDF1"].Value, 3).ShouldBe(81.859);
        // The ratios of 7 sequences equal those of TrackEval's 21 (each FRCNN sequence counted three times).
        c["HOTA___AUC"].Value.ShouldBe(0.7527243791636786, 1e-12);
    }

    private static bool SameValue(string expected, string actual)
    {
        if (expected == actual) return true;
        // Counts must match exactly; floats to 1e-9 relative.
        bool expectedIsInteger = !expected.Contains('.') && !expected.Contains('e');
        if (expectedIsInteger) return false;
        double e = double.Parse(expected, CultureInfo.InvariantCulture);
        double a = double.Parse(actual, CultureInfo.InvariantCulture);
        return Math.Abs(e - a) <= 1e-9 * Math.Max(Math.Abs(e), 1e-300) || e == a;
    }

    private static (string[] Header, List<string[]> Rows) ReadCsv(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (lines[0].TrimEnd('\r').Split(','), lines.Skip(1).Select(l => l.TrimEnd('\r').Split(',')).ToList());
    }
}
