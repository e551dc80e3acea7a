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

public sealed class SynthNetworkTests
{
    [Fact]
    public void Synth_cameras_two_writes_one_sequence_per_camera_with_global_ids_that_eval_mtmc_scores()
    {
        string dir = TestData.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(dir, "mot17"));
        Directory.CreateSymbolicLink(Path.Combine(dir, "mot17", "MOT17-05-FRCNN"), TestData.Mot17Sequence("MOT17-05-FRCNN"));

        var result = CliRunner.Run(dir, "synth", "--mot17", "mot17", "--people", "2", "--frames", "40", "--seed", "2", "--cameras", "2", "-o", "scenes");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldStartWith("synth-cams2-default-s2: 2 cameras, 40 frames, 2 people");
        string network = Path.Combine(dir, "scenes", "synth-cams2-default-s2");
        Directory.GetDirectories(network).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ShouldBe(["synth-cams2-default-s2-c1", "synth-cams2-default-s2-c2"]);
        foreach (string camera in new[] { "c1", "c2" })
        {
            string seq = Path.Combine(network, "synth-cams2-default-s2-" + camera);
            File.ReadAllText(Path.Combine(seq, "seqinfo.ini")).ShouldContain("name=synth-cams2-default-s2-" + camera);
            File.Exists(Path.Combine(seq, "synth-cams2-default-s2-" + camera + ".avi")).ShouldBeTrue();
            File.ReadAllText(Path.Combine(seq, "NOTICE.txt")).ShouldContain("CAMERA " + camera[1] + " OF 2");
        }

        // The gt scored as results: every camera and the network are perfect.
        Directory.CreateDirectory(Path.Combine(dir, "results"));
        foreach (string camera in new[] { "c1", "c2" })
            File.Copy(Path.Combine(network, "synth-cams2-default-s2-" + camera, "gt", "gt.txt"), Path.Combine(dir, "results", "synth-cams2-default-s2-" + camera + ".txt"));
        var eval = CliRunner.Run(dir, "eval", "--gt", network, "--results", "results", "--mtmc", "--format", "json");
        eval.ExitCode.ShouldBe(0, eval.Error);
        using var json = System.Text.Json.JsonDocument.Parse(eval.Out);
        json.RootElement.GetProperty("mtmc").GetProperty("IDF1").GetDouble().ShouldBe(1.0);
        json.RootElement.GetProperty("mtmc").GetProperty("IDTP").GetInt64().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Synth_cameras_refuses_a_moving_camera()
    {
        var result = CliRunner.Run(TestData.NewTempDirectory(), "synth", "--cameras", "2", "--camera", "pan");
        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain("--cameras");
    }
}
