using System.Text.Json;
using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

/// <summary>
/// <c>mottrack tune</c> on two short MOT17 val-half sequences (TRAIN MOT17-09, VAL MOT17-10), 20 trials:
/// two random batches and one TPE batch, a few seconds per search.
/// </summary>
public sealed class TuneCommandTests
{
    private static readonly string Split = Path.Combine(TestData.Shared, "data", "MOT17", "val-half");

    private static string Folder()
    {
        string dir = TestData.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "train.txt"), "name\nMOT17-09\n");
        File.WriteAllText(Path.Combine(dir, "val.txt"), "name\nMOT17-10\n");
        return dir;
    }

    private static CliRunner.Result Tune(string dir, string output, params string[] extra) =>
        CliRunner.Run(dir, [
            "tune", Split, "--seqmap", "train.txt", "--val-seqmap", "val.txt", "-o", output,
            "--seed", "7", "--format", "json", .. extra,
        ]);

    // The tracker is the default, bytetrack, unless a test names another.
    /// <summary>The trial lines of a log in trial order (the order they finished in depends on the threads).</summary>
    private static string[] TrialLines(string output) =>
        [.. File.ReadAllLines(Path.Combine(output, "trials.jsonl")).Skip(1)
            .OrderBy(line => JsonDocument.Parse(line).RootElement.GetProperty("trial").GetInt32())];

    /// <summary>The summary without the time it took.</summary>
    private static string Summary(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return string.Join("\n", doc.RootElement.EnumerateObject().Where(p => p.Name is not ("trial_seconds" or "trials_run")).Select(p => p.ToString()));
    }

    [Fact]
    public void The_same_seed_gives_the_same_trials_and_result_with_one_job_or_two()
    {
        string dir = Folder();

        var one = Tune(dir, "one", "--trials", "20", "--jobs", "1");
        var two = Tune(dir, "two", "--trials", "20", "--jobs", "2");

        one.ExitCode.ShouldBe(0, one.Error);
        two.ExitCode.ShouldBe(0, two.Error);
        TrialLines(Path.Combine(dir, "one")).Length.ShouldBe(20);
        TrialLines(Path.Combine(dir, "two")).ShouldBe(TrialLines(Path.Combine(dir, "one")));
        Summary(two.Out).ShouldBe(Summary(one.Out));
        File.ReadAllText(Path.Combine(dir, "two", "best.json")).ShouldBe(File.ReadAllText(Path.Combine(dir, "one", "best.json")));
    }

    [Fact]
    public void A_search_continued_from_its_log_equals_one_run_without_interruption()
    {
        string dir = Folder();
        var whole = Tune(dir, "whole", "--trials", "20", "--jobs", "2");
        // Stopped in the middle of the second batch, and killed while writing a line.
        var part = Tune(dir, "part", "--trials", "11", "--jobs", "2");
        File.AppendAllText(Path.Combine(dir, "part", "trials.jsonl"), "{\"trial\":11,\"bat");

        var rest = Tune(dir, "part", "--trials", "20", "--jobs", "1");

        whole.ExitCode.ShouldBe(0, whole.Error);
        part.ExitCode.ShouldBe(0, part.Error);
        rest.ExitCode.ShouldBe(0, rest.Error);
        rest.Error.ShouldContain("11 of 20 trials already done");
        JsonDocument.Parse(rest.Out).RootElement.GetProperty("trials_run").GetInt32().ShouldBe(9);
        TrialLines(Path.Combine(dir, "part")).ShouldBe(TrialLines(Path.Combine(dir, "whole")));
        Summary(rest.Out).ShouldBe(Summary(whole.Out));
    }

    [Fact]
    public void A_log_of_another_search_is_refused_naming_what_differs()
    {
        string dir = Folder();
        Tune(dir, "out", "--trials", "8").ExitCode.ShouldBe(0);

        var other = Tune(dir, "out", "--trials", "8", "--metric", "IDF1");

        other.ExitCode.ShouldBe(2);
        other.Error.ShouldContain("trials.jsonl:1: field 'metric'");
    }

    [Fact]
    public void Best_json_tracked_with_config_and_evaluated_gives_the_val_score_tune_reports()
    {
        string dir = Folder();
        var tune = Tune(dir, "out", "--trials", "8", "--jobs", "2");
        tune.ExitCode.ShouldBe(0, tune.Error);
        var reported = JsonDocument.Parse(tune.Out).RootElement.GetProperty("best_val");

        var track = CliRunner.Run(dir, "track", Path.Combine(Split, "MOT17-10"), "--config", Path.Combine("out", "best.json"), "-o", Path.Combine("results", "MOT17-10.txt"));
        var eval = CliRunner.Run(dir, "eval", "--gt", Split, "--results", "results", "--seqmap", "val.txt", "--format", "json");

        track.ExitCode.ShouldBe(0, track.Error);
        eval.ExitCode.ShouldBe(0, eval.Error);
        var summary = JsonDocument.Parse(eval.Out).RootElement.GetProperty("combined").GetProperty("summary");
        summary.GetProperty("HOTA").GetDouble().ShouldBe(reported.GetProperty("HOTA").GetDouble());
        summary.GetProperty("MOTA").GetDouble().ShouldBe(reported.GetProperty("MOTA").GetDouble());
        summary.GetProperty("IDF1").GetDouble().ShouldBe(reported.GetProperty("IDF1").GetDouble());
    }

    [Theory]
    [InlineData("--tracker", "nosuch", "--tracker: unknown tracker 'nosuch'")]
    [InlineData("--metric", "HOTA:0.5,AssA:0.5", "--metric: unknown metric 'AssA'")]
    [InlineData("--metric", "IDF1:x", "--metric: weight 'x' of IDF1 is not a non-zero number")]
    [InlineData("--trials", "0", "--trials: must be at least 1")]
    public void Bad_options_are_exit_code_2_naming_the_option(string option, string value, string message)
    {
        string dir = Folder();

        var result = Tune(dir, "out", option, value);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(message);
        File.Exists(Path.Combine(dir, "out", "best.json")).ShouldBeFalse();
    }

    [Fact]
    public void A_seqmap_naming_a_missing_sequence_is_exit_code_2_naming_its_line()
    {
        string dir = Folder();
        File.WriteAllText(Path.Combine(dir, "val.txt"), "name\nMOT17-10\nMOT17-99\n");

        var result = Tune(dir, "out", "--trials", "8");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("val.txt:3: field 'name': sequence 'MOT17-99' has no seqinfo.ini");
    }
}
