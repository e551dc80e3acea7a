using System.Text.Json;

namespace MotTracker.Cli.Tests;

public sealed class EvalMtmcTests
{
    private static string Rows(int id, int x, int frames, bool gt) => string.Concat(Enumerable.Range(1, frames)
        .Select(f => gt ? $"{f},{id},{x},1,10,20,1,1,1\n" : $"{f},{id},{x},1,10,20,1,-1,-1,-1\n"));

    /// <summary>Two cameras tracked perfectly each, but person 1 is id 7 in one and 9 in the other.</summary>
    private static string Benchmark()
    {
        string dir = TestData.NewTempDirectory();
        void Camera(string name, string gt, string results)
        {
            string seq = Path.Combine(dir, "gt", name);
            Directory.CreateDirectory(Path.Combine(seq, "gt"));
            File.WriteAllText(Path.Combine(seq, "seqinfo.ini"), $"[Sequence]\nname={name}\nimDir=img1\nframeRate=10\nseqLength=4\nimWidth=640\nimHeight=480\nimExt=.jpg\n");
            File.WriteAllText(Path.Combine(seq, "gt", "gt.txt"), gt);
            Directory.CreateDirectory(Path.Combine(dir, "results"));
            File.WriteAllText(Path.Combine(dir, "results", name + ".txt"), results);
        }
        Camera("camA", Rows(1, 1, 4, true) + Rows(2, 101, 4, true), Rows(7, 1, 4, false) + Rows(8, 101, 4, false));
        Camera("camB", Rows(1, 1, 4, true) + Rows(3, 101, 4, true), Rows(9, 1, 4, false) + Rows(8, 101, 4, false));
        return dir;
    }

    [Fact]
    public void Eval_mtmc_prints_the_joint_idf1_below_each_cameras_own_scores()
    {
        string dir = Benchmark();

        var result = CliRunner.Run(dir, "eval", "--gt", "gt", "--results", "results", "--mtmc");

        result.ExitCode.ShouldBe(0, result.Error);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Each camera alone is perfect (IDF1 100) ...
        lines.Single(l => l.StartsWith("camA", StringComparison.Ordinal)).ShouldContain("100.000");
        // ... but jointly person 1's two ids match once: IDTP 8 of 16 and 16 boxes.
        int header = Array.FindIndex(lines, l => l.TrimStart().StartsWith("MTMC_IDF1", StringComparison.Ordinal));
        header.ShouldBeGreaterThan(0);
        lines[header + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["50.000", "50.000", "50.000", "8", "8", "8", "3", "3"]);
    }

    [Fact]
    public void Eval_mtmc_min_cameras_two_scores_only_the_person_both_cameras_see_and_writes_json()
    {
        string dir = Benchmark();

        var result = CliRunner.Run(dir, "eval", "--gt", "gt", "--results", "results", "--mtmc", "--mtmc-min-cameras", "2", "--format", "json", "-o", "m.json", "--report", "m.html");

        result.ExitCode.ShouldBe(0, result.Error);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "m.json")));
        var mtmc = json.RootElement.GetProperty("mtmc");
        mtmc.GetProperty("minCameras").GetInt32().ShouldBe(2);
        mtmc.GetProperty("gtIdentities").GetInt32().ShouldBe(1);
        // Person 1: 8 boxes, ids 7 and 9 with 4 each; id 8 (on people 2 and 3) is left out: IDF1 = 4 / (4 + 2 + 2).
        mtmc.GetProperty("IDTP").GetInt64().ShouldBe(4);
        mtmc.GetProperty("IDF1").GetDouble().ShouldBe(0.5);
        mtmc.GetProperty("removedTrackerRows").GetInt64().ShouldBe(8);
        File.ReadAllText(Path.Combine(dir, "m.html")).ShouldContain("<table id=\"mtmc\">");
    }

    [Fact]
    public void Mtmc_min_cameras_without_mtmc_is_a_usage_error()
    {
        string dir = Benchmark();

        var result = CliRunner.Run(dir, "eval", "--gt", "gt", "--results", "results", "--mtmc-min-cameras", "2");

        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain("--mtmc-min-cameras applies to --mtmc");
    }

    [Fact]
    public void Fail_under_gates_the_multi_camera_idf1_with_exit_code_3_and_passes_at_its_value()
    {
        string dir = Benchmark();

        var met = CliRunner.Run(dir, "eval", "--gt", "gt", "--results", "results", "--mtmc", "--fail-under", "MTMC_IDF1=50,IDF1=100");
        var missed = CliRunner.Run(dir, "eval", "--gt", "gt", "--results", "results", "--mtmc", "--fail-under", "mtmc_idf1=50.5,MTMC_IDR=40");

        met.ExitCode.ShouldBe(0, met.Error);
        met.Error.ShouldContain("fail-under: all 2 thresholds met");
        // Per camera IDF1 is 100, so only the joint 50 can fail.
        missed.ExitCode.ShouldBe(ExitCodes.ThresholdNotMet);
        missed.Error.ShouldContain("fail-under: MTMC_IDF1 50.000 is below 50.5 (short by 0.500)");
        missed.Error.ShouldNotContain("MTMC_IDR");
    }

    [Fact]
    public void Fail_under_on_a_multi_camera_score_without_mtmc_is_a_usage_error_that_says_so()
    {
        string dir = Benchmark();

        var result = CliRunner.Run(dir, "eval", "--gt", "gt", "--results", "results", "--fail-under", "MTMC_IDF1=50");

        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain("MTMC_IDF1, MTMC_IDP and MTMC_IDR need --mtmc");
    }
}
