using System.Text.Json;
using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

/// <summary>
/// Three MOT17-04 frames staged as an image folder, tracked once with the detector's defaults, and a detection
/// cache of them made with the counting sample's settings file (conf 0.03) and ReID (so mtmc takes it too):
/// shared by the tests.
/// </summary>
public sealed class DetectorConfigFixture
{
    public DetectorConfigFixture()
    {
        Root = TestData.NewTempDirectory();
        Clip = Path.Combine(Root, "inputs", "clip");
        Directory.CreateDirectory(Clip);
        string frames = Path.Combine(TestData.Mot17Sequence("MOT17-04-FRCNN"), "img1");
        foreach (string frame in Directory.GetFiles(frames, "*.jpg").Order(StringComparer.Ordinal).Take(3))
            File.Copy(frame, Path.Combine(Clip, Path.GetFileName(frame)));
        Default = CliRunner.Run(Root, Env, "track", Clip, "-o", "default.txt");
        Detect = CliRunner.Run(Root, Env, "detect", Clip, "--config", CountingSample, "--reid", Reid, "-o", "cache");
    }

    public static string CountingSample => Path.Combine(TestData.RepoRoot, "samples", "counting", "bytetrack-counting.yaml");

    public static string Reid => Path.Combine(TestData.Models, "reid", "osnet_x0_25_msmt17.onnx");

    public static Dictionary<string, string> Env => new() { ["MOTTRACK_MODELS"] = TestData.Models };

    public string Root { get; }

    public string Clip { get; }

    public string CacheFolder => Path.Combine(Root, "cache", "clip");

    /// <summary><c>track</c> of the clip with no detector setting given: default.txt and default.json in <see cref="Root"/>.</summary>
    internal CliRunner.Result Default { get; }

    internal CliRunner.Result Detect { get; }

    public byte[] DefaultRows => File.ReadAllBytes(Path.Combine(Root, "default.txt"));
}

/// <summary>
/// A settings file carries the detector's conf, nms and imgsz: track, batch and detect take them where the flag
/// is not given, a cache is checked against them, public detections ignore them, and a sidecar replays them.
/// </summary>
public sealed class DetectorConfigTests(DetectorConfigFixture clip) : IClassFixture<DetectorConfigFixture>
{
    private static readonly string Mot17_09 = TestData.Mot17Sequence("MOT17-09-FRCNN");

    private static string WriteFile(string dir, string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_files_conf_reaches_the_detector_as_the_flag_does_and_changes_the_rows()
    {
        clip.Default.ExitCode.ShouldBe(0, clip.Default.Error);
        string dir = TestData.NewTempDirectory();
        // 0.7: on three frames the boxes a lower threshold drops would not yet have changed a row.
        WriteFile(dir, "f.yaml", "tracker: bytetrack\nconf: 0.7\n");

        var fromFile = CliRunner.Run(dir, DetectorConfigFixture.Env, "track", clip.Clip, "--config", "f.yaml", "-o", "file.txt");
        var fromFlag = CliRunner.Run(dir, DetectorConfigFixture.Env, "track", clip.Clip, "--conf", "0.7", "-o", "flag.txt");

        fromFile.ExitCode.ShouldBe(0, fromFile.Error);
        fromFlag.ExitCode.ShouldBe(0, fromFlag.Error);
        byte[] rows = File.ReadAllBytes(Path.Combine(dir, "file.txt"));
        rows.ShouldBe(File.ReadAllBytes(Path.Combine(dir, "flag.txt")));
        rows.ShouldNotBe(clip.DefaultRows, "conf 0.7 drops boxes the default 0.1 keeps");
    }

    [Fact]
    public void The_command_line_wins_over_the_files_detector_settings()
    {
        clip.Default.ExitCode.ShouldBe(0, clip.Default.Error);
        string dir = TestData.NewTempDirectory();
        WriteFile(dir, "f.yaml", "conf: 0.3\nnms: 0.6\n");

        var result = CliRunner.Run(dir, DetectorConfigFixture.Env, "track", clip.Clip, "--config", "f.yaml", "--conf", "0.1", "--nms", "0.45", "-o", "r.txt");

        result.ExitCode.ShouldBe(0, result.Error);
        File.ReadAllBytes(Path.Combine(dir, "r.txt")).ShouldBe(clip.DefaultRows);
    }

    [Theory]
    [InlineData("conf: 2", "field 'conf': '2': give a number at least 0 and below 1")]
    [InlineData("nms: 0", "field 'nms': '0': give a number above 0 and at most 1")]
    [InlineData("imgsz: 33", "field 'imgsz': '33': give N or WxH with positive multiples of 32")]
    public void A_bad_detector_setting_in_the_file_is_a_usage_error_naming_file_line_and_key_and_writes_nothing(string line, string message)
    {
        string dir = TestData.NewTempDirectory();
        WriteFile(dir, "bad.yaml", "tracker: bytetrack\n" + line + "\n");

        var result = CliRunner.Run(dir, DetectorConfigFixture.Env, "track", clip.Clip, "-o", "out.txt", "--config", "bad.yaml");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(Path.Combine(dir, "bad.yaml") + ":2: " + message);
        Directory.GetFiles(dir).Select(Path.GetFileName).ShouldBe(["bad.yaml"]);
    }

    [Fact]
    public void On_public_detections_the_files_detector_settings_are_ignored_with_one_warning()
    {
        string dir = TestData.NewTempDirectory();
        WriteFile(dir, "f.yaml", "tracker: bytetrack\nconf: 0.3\nnms: 0.6\n");
        CliRunner.Run(dir, "track", Mot17_09, "--max-frames", "30", "-o", "plain.txt").ExitCode.ShouldBe(0);

        var result = CliRunner.Run(dir, "track", Mot17_09, "--max-frames", "30", "--config", "f.yaml", "-o", "file.txt");

        result.ExitCode.ShouldBe(0, result.Error);
        File.ReadAllBytes(Path.Combine(dir, "file.txt")).ShouldBe(File.ReadAllBytes(Path.Combine(dir, "plain.txt")));
        File.ReadAllText(Path.Combine(dir, "file.json")).ShouldBe(File.ReadAllText(Path.Combine(dir, "plain.json")), "a public-detection sidecar records no detector setting");
        result.Error.Split('\n').Count(l => l.Contains("do not apply to public detections")).ShouldBe(1, result.Error);
        string file = Path.Combine(dir, "f.yaml");
        result.Error.ShouldContain($"detector settings (conf at {file}:2, nms at {file}:3) do not apply to public detections (MOT17-09-FRCNN); ignored");
    }

    [Fact]
    public void A_cache_made_with_the_counting_sample_replays_with_it_and_is_refused_with_a_files_other_conf()
    {
        clip.Detect.ExitCode.ShouldBe(0, clip.Detect.Error);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(clip.CacheFolder, "cache.json"))))
        {
            json.RootElement.GetProperty("conf").GetDouble().ShouldBe(0.03);
            json.RootElement.GetProperty("options").GetProperty("--conf").GetString().ShouldBe("0.03");
        }
        string dir = TestData.NewTempDirectory();
        WriteFile(dir, "other.yaml", "tracker: bytetrack\n\nconf: 0.2\n");

        var same = CliRunner.Run(dir, DetectorConfigFixture.Env, "track", clip.CacheFolder, "--config", DetectorConfigFixture.CountingSample, "-o", "same.txt");
        var other = CliRunner.Run(dir, DetectorConfigFixture.Env, "track", clip.CacheFolder, "--config", "other.yaml", "-o", "other.txt");

        same.ExitCode.ShouldBe(0, same.Error);
        other.ExitCode.ShouldBe(2, other.Out + other.Error);
        other.Error.ShouldContain($"conf 0.2 (from {Path.Combine(dir, "other.yaml")}:3) (the cache: 0.03)");
        File.Exists(Path.Combine(dir, "other.txt")).ShouldBeFalse();
    }

    [Fact]
    public void Mtmc_checks_a_cache_against_the_files_conf_too()
    {
        clip.Detect.ExitCode.ShouldBe(0, clip.Detect.Error);
        string dir = TestData.NewTempDirectory();
        WriteFile(dir, "other.yaml", "conf: 0.2\n");

        var same = CliRunner.Run(dir, DetectorConfigFixture.Env, "mtmc", clip.CacheFolder, "--reid", DetectorConfigFixture.Reid, "--config", DetectorConfigFixture.CountingSample, "-o", "same");
        var other = CliRunner.Run(dir, DetectorConfigFixture.Env, "mtmc", clip.CacheFolder, "--reid", DetectorConfigFixture.Reid, "--config", "other.yaml", "-o", "other");

        same.ExitCode.ShouldBe(0, same.Error);
        other.ExitCode.ShouldBe(2, other.Out + other.Error);
        other.Error.ShouldContain($"conf 0.2 (from {Path.Combine(dir, "other.yaml")}:1) (the cache: 0.03)");
        Directory.Exists(Path.Combine(dir, "other")).ShouldBeFalse();
    }

    [Fact]
    public void Detect_with_the_file_makes_the_cache_that_the_conf_flag_makes()
    {
        clip.Detect.ExitCode.ShouldBe(0, clip.Detect.Error);

        var again = CliRunner.Run(clip.Root, DetectorConfigFixture.Env, "detect", clip.Clip, "--conf", "0.03", "--reid", DetectorConfigFixture.Reid, "-o", "cache");

        again.ExitCode.ShouldBe(0, again.Error);
        again.Out.ShouldContain("clip: done (already complete)");
    }

    [Fact]
    public void A_video_runs_sidecar_records_the_detector_settings_and_replays_byte_identically()
    {
        clip.Default.ExitCode.ShouldBe(0, clip.Default.Error);
        string sidecar = File.ReadAllText(Path.Combine(clip.Root, "default.json"));
        sidecar.ShouldContain("\"conf\": 0.1,");
        sidecar.ShouldContain("\"nms\": 0.45");
        sidecar.ShouldNotContain("imgsz", customMessage: "not given: the replay's detector picks it as this run's did");
        string dir = TestData.NewTempDirectory();
        // 416: the test detector's own fixed size, the only one it accepts.
        var run = CliRunner.Run(dir, DetectorConfigFixture.Env, "track", clip.Clip, "--conf", "0.7", "--imgsz", "416", "-o", "a.txt");
        run.ExitCode.ShouldBe(0, run.Error);
        string given = File.ReadAllText(Path.Combine(dir, "a.json"));
        given.ShouldContain("\"conf\": 0.7,");
        given.ShouldContain("\"imgsz\": \"416x416\"");

        var replay = CliRunner.Run(dir, DetectorConfigFixture.Env, "track", clip.Clip, "--config", "a.json", "-o", "b.txt");

        replay.ExitCode.ShouldBe(0, replay.Error);
        File.ReadAllBytes(Path.Combine(dir, "b.txt")).ShouldBe(File.ReadAllBytes(Path.Combine(dir, "a.txt")));
        File.ReadAllText(Path.Combine(dir, "b.json")).ShouldBe(given);
        File.ReadAllBytes(Path.Combine(dir, "a.txt")).ShouldNotBe(clip.DefaultRows);
    }

    [Fact]
    public void Batch_takes_the_files_conf_records_it_and_asks_for_overwrite_when_it_changes()
    {
        clip.Default.ExitCode.ShouldBe(0, clip.Default.Error);
        string dir = TestData.NewTempDirectory();
        WriteFile(dir, "f.yaml", "tracker: bytetrack\nconf: 0.3\n");
        CliRunner.Run(dir, DetectorConfigFixture.Env, "track", clip.Clip, "--conf", "0.3", "-o", "flag.txt").ExitCode.ShouldBe(0);
        string inputs = Path.GetDirectoryName(clip.Clip)!;

        var batch = CliRunner.Run(dir, DetectorConfigFixture.Env, "batch", inputs, "-o", "out", "--config", "f.yaml", "-q");

        batch.ExitCode.ShouldBe(0, batch.Error);
        File.ReadAllBytes(Path.Combine(dir, "out", "clip.txt")).ShouldBe(File.ReadAllBytes(Path.Combine(dir, "flag.txt")));
        File.ReadAllText(Path.Combine(dir, "out", "run.json")).ShouldContain("\"--conf\": \"0.3\"");
        var same = CliRunner.Run(dir, DetectorConfigFixture.Env, "batch", inputs, "-o", "out", "--conf", "0.3", "-q");
        same.ExitCode.ShouldBe(0, same.Error);
        same.Out.ShouldContain("(already complete)");
        var other = CliRunner.Run(dir, DetectorConfigFixture.Env, "batch", inputs, "-o", "out", "--config", "f.yaml", "--conf", "0.2", "-q");
        other.ExitCode.ShouldBe(2, "another conf made the finished result differently");
        other.Error.ShouldContain("--overwrite");
    }

    [Fact]
    public void A_batch_made_with_the_imgsz_flag_is_complete_for_a_file_giving_the_same_square_size()
    {
        clip.Default.ExitCode.ShouldBe(0, clip.Default.Error);
        string dir = TestData.NewTempDirectory();
        WriteFile(dir, "f.yaml", "tracker: bytetrack\nimgsz: 416\n");
        string inputs = Path.GetDirectoryName(clip.Clip)!;
        CliRunner.Run(dir, DetectorConfigFixture.Env, "batch", inputs, "-o", "out", "--imgsz", "416", "-q").ExitCode.ShouldBe(0);

        var withFile = CliRunner.Run(dir, DetectorConfigFixture.Env, "batch", inputs, "-o", "out", "--config", "f.yaml", "-q");

        withFile.ExitCode.ShouldBe(0, withFile.Error);
        withFile.Out.ShouldContain("(already complete)");
        File.ReadAllText(Path.Combine(dir, "out", "run.json")).ShouldContain("\"--imgsz\": \"416\"");
    }

    [Fact]
    public void A_batch_of_videos_and_public_detections_records_the_files_conf_for_the_detector_it_runs()
    {
        clip.Default.ExitCode.ShouldBe(0, clip.Default.Error);
        string dir = TestData.NewTempDirectory();
        WriteFile(dir, "f.yaml", "tracker: bytetrack\nconf: 0.3\n");
        // A folder holding a MOTChallenge sequence (public detections, sorted first) and an image folder (detected).
        string inputs = Path.Combine(dir, "inputs");
        string sequence = Path.Combine(inputs, "MOT17-09-FRCNN");
        Directory.CreateDirectory(Path.Combine(sequence, "det"));
        string source = Path.Combine(TestData.Mot17Train, "MOT17-09-FRCNN");
        File.Copy(Path.Combine(source, "seqinfo.ini"), Path.Combine(sequence, "seqinfo.ini"));
        File.Copy(Path.Combine(source, "det", "det.txt"), Path.Combine(sequence, "det", "det.txt"));
        Directory.CreateDirectory(Path.Combine(inputs, "clip"));
        foreach (string frame in Directory.GetFiles(clip.Clip))
            File.Copy(frame, Path.Combine(inputs, "clip", Path.GetFileName(frame)));

        var batch = CliRunner.Run(dir, DetectorConfigFixture.Env, "batch", inputs, "-o", "out", "--config", "f.yaml");

        batch.ExitCode.ShouldBe(0, batch.Error);
        batch.Error.ShouldContain("do not apply to public detections (MOT17-09-FRCNN)");
        File.ReadAllText(Path.Combine(dir, "out", "run.json")).ShouldContain("\"--conf\": \"0.3\"", customMessage: "the clip was detected at the file's conf");
    }

    [Fact]
    public void A_public_detection_batch_keeps_its_results_whatever_the_files_conf()
    {
        string dir = TestData.NewTempDirectory();
        WriteFile(dir, "seqmap.txt", "name\nMOT17-09-FRCNN\n");
        WriteFile(dir, "f.yaml", "tracker: bytetrack\nconf: 0.3\n");
        CliRunner.Run(dir, "batch", TestData.Mot17Train, "--seqmap", "seqmap.txt", "-o", "out", "-q").ExitCode.ShouldBe(0);

        var withFile = CliRunner.Run(dir, "batch", TestData.Mot17Train, "--seqmap", "seqmap.txt", "-o", "out", "--config", "f.yaml");

        withFile.ExitCode.ShouldBe(0, withFile.Error);
        withFile.Out.ShouldContain("MOT17-09-FRCNN: done (already complete)");
        withFile.Error.ShouldContain("do not apply to public detections");
        File.ReadAllText(Path.Combine(dir, "out", "run.json")).ShouldContain("\"--conf\": \"0.1\"");
    }
}
