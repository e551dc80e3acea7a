using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

public sealed class ConfigCommandTests
{
    [Fact]
    public void Config_show_prints_every_option_of_the_tracker_with_its_default_in_table_order()
    {
        var result = CliRunner.Run(TestData.NewTempDirectory(), "config", "show", "--tracker", "bytetrack");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldBe(
            "tracker: bytetrack\ntrack-thresh: 0.5\nlow-thresh: 0.1\nnew-track-thresh: 0.6\nmatch-thresh: 0.8\nsecond-match-thresh: 0.5\n" +
            "unconfirmed-match-thresh: 0.7\ntrack-buffer: 30\nno-fuse-score: false\n" +
            "steady-birth-frames: 0\nsteady-birth-thresh: 0.2\nsteady-birth-block-iou: 0.3\n");
    }

    [Fact]
    public void The_counting_sample_config_loads_as_bytetrack_with_lower_thresholds_a_longer_buffer_and_steady_births()
    {
        // README "Counting and classes" points users at this file; it must stay a valid settings file.
        string sample = Path.Combine(TestData.RepoRoot, "samples", "counting", "bytetrack-counting.yaml");

        var result = CliRunner.Run(TestData.NewTempDirectory(), "config", "show", "--config", sample);

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldBe(
            "tracker: bytetrack\ntrack-thresh: 0.4\nlow-thresh: 0.03\nnew-track-thresh: 0.4\nmatch-thresh: 0.8\nsecond-match-thresh: 0.5\n" +
            "unconfirmed-match-thresh: 0.7\ntrack-buffer: 60\nno-fuse-score: false\n" +
            "steady-birth-frames: 2\nsteady-birth-thresh: 0.15\nsteady-birth-block-iou: 0.3\n");
    }

    [Fact]
    public void A_yaml_file_picks_the_tracker_and_its_options_and_flags_on_the_command_line_win()
    {
        string dir = TestData.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "oc.yaml"), "# mine\ntracker_type: ocsort\ndet_thresh: 0.3\nmax-age: 50\nuse-byte: true\n");

        var fromFile = CliRunner.Run(dir, "config", "show", "--config", "oc.yaml");
        var overridden = CliRunner.Run(dir, "config", "show", "--config", "oc.yaml", "--max-age", "70");

        fromFile.ExitCode.ShouldBe(0, fromFile.Error);
        fromFile.Out.ShouldStartWith("tracker: ocsort\ndet-thresh: 0.3\n");
        fromFile.Out.ShouldContain("\nmax-age: 50\n");
        fromFile.Out.ShouldContain("\nuse-byte: true\n");
        overridden.Out.ShouldContain("\nmax-age: 70\n");
        overridden.Out.ShouldContain("\ndet-thresh: 0.3\n");
    }

    [Theory]
    [InlineData("s.yaml", "tracker: bytetrack\nbogus: 1\n", "s.yaml:2: field 'bogus': not an option of tracker bytetrack")]
    [InlineData("s.yaml", "tracker: bytetrack\ntrack-thresh: 1.5\n", "s.yaml:2: field 'track-thresh': track-thresh must be between 0 and 1")]
    [InlineData("s.yaml", "tracker: bytetrack\ntrack-buffer: 2.5\n", "s.yaml:2: field 'track-buffer': expects a whole number, not '2.5'")]
    [InlineData("s.yaml", "tracker: nosuch\n", "s.yaml:1: field 'tracker': unknown tracker 'nosuch'")]
    [InlineData("s.yaml", "tracker: bytetrack\nmatch-thresh: [1, 2]\n", "s.yaml:2: field 'match-thresh': expected a single value")]
    [InlineData("s.json", "{\"tracker\": \"botsort\", \"min-hits\": 3}", "s.json: field 'min-hits': not an option of tracker botsort")]
    [InlineData("s.json", "{\"track-thresh\": 0.5, \"track_thresh\": 0.6}", "s.json: field 'track_thresh': given twice")]
    [InlineData("s.toml", "tracker = 1", "s.toml: a settings file is .json, .yaml or .yml")]
    public void A_bad_settings_file_is_exit_2_naming_the_file_line_and_key(string name, string text, string expected)
    {
        string dir = TestData.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, name), text);

        var result = CliRunner.Run(dir, "config", "show", "--config", name);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(expected);
    }

    [Fact]
    public void What_config_show_prints_as_json_reads_back_to_the_same_settings()
    {
        string dir = TestData.NewTempDirectory();
        var shown = CliRunner.Run(dir, "config", "show", "--tracker", "botsort", "--format", "json", "--appearance-thresh", "0.3", "--ema-alpha", "0.85", "--match-thresh", "Infinity");
        shown.ExitCode.ShouldBe(0, shown.Error);
        shown.Out.ShouldContain("\"ema-alpha\": 0.85\n}");
        shown.Out.ShouldContain("\"match-thresh\": \"inf\",");
        File.WriteAllText(Path.Combine(dir, "b.json"), shown.Out);

        var again = CliRunner.Run(dir, "config", "show", "--config", "b.json", "--format", "json");

        again.ExitCode.ShouldBe(0, again.Error);
        again.Out.ShouldBe(shown.Out);
    }

    [Fact]
    public void Track_with_a_settings_file_equals_the_same_flags_and_its_sidecar_reproduces_the_result()
    {
        string dir = TestData.NewTempDirectory();
        string seq = TestData.Mot17Sequence("MOT17-09-FRCNN");
        File.WriteAllText(Path.Combine(dir, "s.yml"), "tracker: bytetrack\ntrack-thresh: 0.6\ntrack-buffer: 10\n");

        CliRunner.Run(dir, "track", seq, "-o", "flags.txt", "--track-thresh", "0.6", "--track-buffer", "10").ExitCode.ShouldBe(0);
        CliRunner.Run(dir, "track", seq, "-o", "file.txt", "--config", "s.yml").ExitCode.ShouldBe(0);
        CliRunner.Run(dir, "track", seq, "-o", "again.txt", "--config", "file.json").ExitCode.ShouldBe(0);
        CliRunner.Run(dir, "track", seq, "-o", "plain.txt").ExitCode.ShouldBe(0);

        string flags = File.ReadAllText(Path.Combine(dir, "flags.txt"));
        File.ReadAllText(Path.Combine(dir, "file.txt")).ShouldBe(flags);
        File.ReadAllText(Path.Combine(dir, "again.txt")).ShouldBe(flags);
        File.ReadAllText(Path.Combine(dir, "plain.txt")).ShouldNotBe(flags);
        File.ReadAllText(Path.Combine(dir, "file.json")).ShouldContain("\"track-buffer\": 10,");
        File.ReadAllText(Path.Combine(dir, "again.json")).ShouldBe(File.ReadAllText(Path.Combine(dir, "flags.json")));
        File.ReadLines(Path.Combine(dir, "file.txt")).First().ShouldStartWith("1,");
    }
}

public sealed class BatchConfigTests
{
    [Fact]
    public void Batch_records_the_settings_files_values_in_run_json_and_never_reuses_a_result_once_the_file_changes()
    {
        using var dir = new TempDirectory();
        string split = dir.Combine("split");
        Directory.CreateDirectory(split);
        CopyDirectory(TestData.Mot17Sequence("MOT17-09-FRCNN"), Path.Combine(split, "MOT17-09-FRCNN"));
        File.WriteAllText(dir.Combine("s.yaml"), "track-thresh: 0.6\n");

        var first = CliRunner.Run(dir.Path, "batch", split, "-o", "out", "--config", "s.yaml", "-q");
        first.ExitCode.ShouldBe(0, first.Error);
        using (var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(dir.Combine("out", "run.json"))))
        {
            var options = manifest.RootElement.GetProperty("options");
            options.GetProperty("tracker.track-thresh").GetString().ShouldBe("0.6");
            options.GetProperty("tracker.tracker").GetString().ShouldBe("bytetrack");
        }
        var same = CliRunner.Run(dir.Path, "batch", split, "-o", "out", "--config", "s.yaml", "-q");
        same.Out.ShouldContain("MOT17-09-FRCNN: done (already complete)");

        File.WriteAllText(dir.Combine("s.yaml"), "track-thresh: 0.7\n");
        var changed = CliRunner.Run(dir.Path, "batch", split, "-o", "out", "--config", "s.yaml", "-q");
        changed.ExitCode.ShouldBe(2);
        changed.Error.ShouldContain("MOT17-09-FRCNN.txt (made with other options or another mottrack version)");
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
