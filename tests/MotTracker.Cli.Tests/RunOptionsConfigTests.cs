using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

/// <summary>
/// The run options beside the tracker's (--fps, --cmc, --postprocess and its gaps, the output filter) in a
/// settings file: a track sidecar records them, and --config replays them in track and batch.
/// </summary>
public sealed class RunOptionsConfigTests
{
    private static readonly string Mot17_09 = TestData.Mot17Sequence("MOT17-09-FRCNN");

    private static readonly string[] RunFlags = ["--postprocess", "link,gsi", "--gsi-tau", "8", "--fps", "25", "--min-box-area", "50", "--cmc", "none"];

    [Fact]
    public void A_sidecar_records_the_run_options_given_and_its_replay_writes_the_same_rows()
    {
        string dir = TestData.NewTempDirectory();
        CliRunner.Run(dir, ["track", Mot17_09, "-o", "a.txt", .. RunFlags]).ExitCode.ShouldBe(0);
        string sidecar = File.ReadAllText(Path.Combine(dir, "a.json"));
        foreach (string pair in (string[])["\"postprocess\": \"link,gsi\"", "\"gsi-tau\": 8", "\"fps\": 25", "\"min-box-area\": 50", "\"cmc\": \"none\""])
            sidecar.ShouldContain(pair);
        sidecar.ShouldNotContain("max-gap", customMessage: "options left at their defaults are not written");

        var replay = CliRunner.Run(dir, "track", Mot17_09, "-o", "b.txt", "--config", "a.json");

        replay.ExitCode.ShouldBe(0, replay.Error);
        File.ReadAllBytes(Path.Combine(dir, "b.txt")).ShouldBe(File.ReadAllBytes(Path.Combine(dir, "a.txt")));
        File.ReadAllText(Path.Combine(dir, "b.json")).ShouldBe(sidecar, "the replay records the same options");
        CliRunner.Run(dir, "track", Mot17_09, "-o", "plain.txt").ExitCode.ShouldBe(0);
        File.ReadAllBytes(Path.Combine(dir, "plain.txt")).ShouldNotBe(File.ReadAllBytes(Path.Combine(dir, "a.txt")), "the options change the rows");
    }

    [Fact]
    public void The_command_line_wins_over_the_files_run_options()
    {
        string dir = TestData.NewTempDirectory();
        CliRunner.Run(dir, ["track", Mot17_09, "-o", "a.txt", .. RunFlags]).ExitCode.ShouldBe(0);
        CliRunner.Run(dir, "track", Mot17_09, "-o", "plain.txt", "--fps", "25", "--cmc", "none").ExitCode.ShouldBe(0);

        var result = CliRunner.Run(dir, "track", Mot17_09, "-o", "b.txt", "--config", "a.json", "--postprocess", "none", "--min-box-area", "10");

        result.ExitCode.ShouldBe(0, result.Error);
        File.ReadAllBytes(Path.Combine(dir, "b.txt")).ShouldBe(File.ReadAllBytes(Path.Combine(dir, "plain.txt")));
    }

    [Theory]
    [InlineData("postprocess: wiggle", "field 'postprocess': 'wiggle': choose none, interpolate, gsi, link")]
    [InlineData("cmc: orb", "field 'cmc': 'orb': choose auto, none, sparse, ecc, file or file:PATH")]
    [InlineData("fps: 0", "field 'fps': '0': give a number > 0")]
    [InlineData("max-gap: 2.5", "field 'max-gap': '2.5': give a whole number ≥ 1")]
    public void A_bad_run_option_in_the_file_is_a_usage_error_naming_file_line_and_key_and_writes_nothing(string line, string message)
    {
        string dir = TestData.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "bad.yaml"), "tracker: bytetrack\n" + line + "\n");

        var result = CliRunner.Run(dir, "track", Mot17_09, "-o", "out.txt", "--config", "bad.yaml");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(Path.Combine(dir, "bad.yaml") + ":2: " + message);
        Directory.GetFiles(dir).Select(Path.GetFileName).ShouldBe(["bad.yaml"]);
    }

    [Fact]
    public void Batch_takes_the_files_run_options_records_them_and_writes_what_track_writes()
    {
        string dir = TestData.NewTempDirectory();
        CliRunner.Run(dir, ["track", Mot17_09, "-o", "a.txt", .. RunFlags]).ExitCode.ShouldBe(0);
        File.WriteAllText(Path.Combine(dir, "seqmap.txt"), "name\nMOT17-09-FRCNN\n");

        var batch = CliRunner.Run(dir, "batch", TestData.Mot17Train, "--seqmap", "seqmap.txt", "-o", "out", "--config", "a.json", "-q");

        batch.ExitCode.ShouldBe(0, batch.Error);
        File.ReadAllBytes(Path.Combine(dir, "out", "MOT17-09-FRCNN.txt")).ShouldBe(File.ReadAllBytes(Path.Combine(dir, "a.txt")));
        File.ReadAllText(Path.Combine(dir, "out", "run.json")).ShouldContain("\"--postprocess\": \"link,gsi\"");
        var plain = CliRunner.Run(dir, "batch", TestData.Mot17Train, "--seqmap", "seqmap.txt", "-o", "out", "-q");
        plain.ExitCode.ShouldBe(2, "the file's options are part of what the finished result was made with");
    }
}
