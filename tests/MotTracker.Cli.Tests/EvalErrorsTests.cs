using System.Text.Json;
using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

public sealed class EvalErrorsTests
{
    private static readonly string ByteTrack = Path.Combine(TestData.Shared, "data", "trackers", "MOT17-train", "ByteTrack-reference");

    [Fact]
    public void Errors_json_lists_629_switches_for_the_official_ByteTrack_rows_and_each_sequence_matches_its_IDSW_and_Frag()
    {
        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, "eval", "--gt", TestData.Mot17Train, "--results", ByteTrack,
            "--format", "json", "-o", "scores.json", "--errors", "errors.json");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Error.ShouldContain("(629 ID switches,");

        using var scores = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "scores.json")));
        using var errors = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "errors.json")));
        errors.RootElement.GetProperty("schema").GetString().ShouldBe("mottrack-errors/1");
        errors.RootElement.GetProperty("totals").GetProperty("idSwitches").GetInt32().ShouldBe(629);
        var expected = scores.RootElement.GetProperty("sequences").EnumerateArray()
            .Select(s => (s.GetProperty("name").GetString(), s.GetProperty("IDSW").GetInt32(), (int)s.GetProperty("Frag").GetDouble()))
            .ToArray();
        var listed = errors.RootElement.GetProperty("sequences").EnumerateArray()
            .Select(s => (s.GetProperty("name").GetString(), s.GetProperty("switches").GetArrayLength(), s.GetProperty("fragmentations").GetArrayLength()))
            .ToArray();
        listed.ShouldBe(expected);
        expected.Length.ShouldBe(7);
    }

    [Fact]
    public void Errors_and_report_may_not_name_the_same_file()
    {
        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, "eval", "--gt", TestData.Mot17Train, "--results", ByteTrack, "--errors", "x.html", "--report", "x.html");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--report and --errors are the same file");
        File.Exists(Path.Combine(dir, "x.html")).ShouldBeFalse();
    }
}
