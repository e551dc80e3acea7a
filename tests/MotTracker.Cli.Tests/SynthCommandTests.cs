namespace MotTracker.Cli.Tests;

public sealed class SynthCommandTests
{
    [Fact]
    public void Synth_writes_a_scene_that_eval_accepts()
    {
        // Only MOT17-05's people (two small 640x480 frames to cut), so the test stays quick.
        string dir = TestData.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "mot17"));
        Directory.CreateSymbolicLink(Path.Combine(dir, "mot17", "MOT17-05-FRCNN"), TestData.Mot17Sequence("MOT17-05-FRCNN"));

        var result = CliRunner.Run(dir, "synth", "--mot17", "mot17", "--people", "2", "--frames", "6", "--seed", "4", "-o", "scenes");
        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldStartWith("synth-static-default-s4: 6 frames, 2 people");
        string scene = Path.Combine(dir, "scenes", "synth-static-default-s4");
        File.Exists(Path.Combine(scene, "synth-static-default-s4.avi")).ShouldBeTrue();
        File.ReadAllText(Path.Combine(scene, "NOTICE.txt")).ShouldContain("CC BY-NC-SA 3.0");

        // The gt scored against itself through the real command: the layouts line up.
        Directory.CreateDirectory(Path.Combine(dir, "results"));
        File.Copy(Path.Combine(scene, "gt", "gt.txt"), Path.Combine(dir, "results", "synth-static-default-s4.txt"));
        var eval = CliRunner.Run(dir, "eval", "--gt", "scenes", "--results", "results", "--format", "csv");
        eval.ExitCode.ShouldBe(0, eval.Error);
        eval.Out.ShouldContain("synth-static-default-s4");
    }

    [Fact]
    public void Synth_refuses_to_replace_an_existing_scene_without_overwrite()
    {
        string dir = TestData.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "runs", "synth", "synth-pan-hard-s3"));

        var result = CliRunner.Run(dir, "synth", "--seed", "3", "--camera", "pan", "--difficulty", "hard");
        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain("already exists; pass --overwrite");
    }

    [Theory]
    [InlineData("--difficulty", "extreme")]
    [InlineData("--camera", "dolly")]
    [InlineData("--people", "0")]
    public void Synth_rejects_options_out_of_range_with_exit_code_2(string option, string value)
    {
        var result = CliRunner.Run(TestData.NewTempDirectory(), "synth", option, value);
        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain(option);
    }
}
