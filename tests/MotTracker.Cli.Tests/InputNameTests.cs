using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

/// <summary>
/// A name read from an input (seqinfo.ini, a seqmap, a folder or video name, a model manifest) never
/// becomes a path: a name that is not a plain file name is exit 2 naming the file, line and value, and
/// nothing is written, inside runs/ or outside it.
/// </summary>
public sealed class InputNameTests
{
    /// <summary>A copy of MOT17-09's public detections whose seqinfo.ini says <c>name=<paramref name="name"/></c>.</summary>
    private static string SequenceNamed(TempDirectory dir, string name)
    {
        string from = TestData.Mot17Sequence("MOT17-09-FRCNN");
        string seq = dir.Combine("data", "seq");
        Directory.CreateDirectory(Path.Combine(seq, "det"));
        File.Copy(Path.Combine(from, "det", "det.txt"), Path.Combine(seq, "det", "det.txt"));
        File.WriteAllText(Path.Combine(seq, "seqinfo.ini"),
            File.ReadAllText(Path.Combine(from, "seqinfo.ini")).Replace("name=MOT17-09-FRCNN", "name=" + name));
        return seq;
    }

    /// <summary>Every file under <paramref name="root"/>, relative, sorted.</summary>
    private static string[] Files(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Track_refuses_a_seqinfo_name_that_climbs_out_of_runs_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        string seq = SequenceNamed(dir, "../../x");
        string work = Directory.CreateDirectory(dir.Combine("work", "here")).FullName;
        var before = Files(dir.Path);

        var result = CliRunner.Run(work, "track", seq);

        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldContain($"{Path.Combine(seq, "seqinfo.ini")}:2: field 'name': '../../x' holds a path separator");
        result.Error.ShouldNotContain("   at ");
        Files(dir.Path).ShouldBe(before);
        Directory.EnumerateFileSystemEntries(work).ShouldBeEmpty();
    }

    [Fact]
    public void Track_refuses_an_absolute_seqinfo_name_and_creates_no_folder_there()
    {
        using var dir = new TempDirectory();
        string target = dir.Combine("abs", "x");
        string seq = SequenceNamed(dir, target);
        string work = Directory.CreateDirectory(dir.Combine("work")).FullName;

        var result = CliRunner.Run(work, "track", seq);

        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldContain($"seqinfo.ini:2: field 'name': '{target}'");
        Directory.Exists(dir.Combine("abs")).ShouldBeFalse();
        File.Exists(target + ".txt").ShouldBeFalse();
        Directory.EnumerateFileSystemEntries(work).ShouldBeEmpty();
    }

    [Fact]
    public void Track_with_an_explicit_output_still_refuses_a_bad_seqinfo_name()
    {
        // The name also labels logs and outputs: it is refused where it is read, whatever -o says.
        using var dir = new TempDirectory();
        string seq = SequenceNamed(dir, "..");

        var result = CliRunner.Run(dir.Path, "track", seq, "-o", "out.txt");

        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldContain("field 'name': '..' is a folder reference");
        File.Exists(dir.Combine("out.txt")).ShouldBeFalse();
    }

    [Fact]
    public void Track_refuses_a_folder_whose_name_would_be_an_unprintable_result_name()
    {
        using var dir = new TempDirectory();
        string folder = Directory.CreateDirectory(dir.Combine("cam\u001b[2J")).FullName;
        string det = dir.Combine("det.txt");
        File.Copy(Path.Combine(TestData.Mot17Sequence("MOT17-09-FRCNN"), "det", "det.txt"), det);
        string work = Directory.CreateDirectory(dir.Combine("work")).FullName;

        var result = CliRunner.Run(work, "track", folder, "--detections", det);

        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldContain($"'cam\\u001b[2J' holds a control character");
        Directory.EnumerateFileSystemEntries(work).ShouldBeEmpty();
    }

    [Fact]
    public void Batch_refuses_a_video_whose_name_holds_a_control_character_before_anything_runs()
    {
        using var dir = new TempDirectory();
        dir.Write("in/fine.mp4", "x");
        dir.Write("in/bell\u0007.mp4", "x");

        var result = CliRunner.Run(dir.Path, "batch", dir.Combine("in"), "-o", "out");

        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldContain("'bell\\u0007' holds a control character");
        Directory.Exists(dir.Combine("out")).ShouldBeFalse();
    }

    [Fact]
    public void Eval_refuses_a_seqmap_line_that_is_a_path()
    {
        using var dir = new TempDirectory();
        string seqmap = dir.Write("seqmap.txt", "name\nMOT17-09-FRCNN\n/etc/passwd\n");
        Directory.CreateDirectory(dir.Combine("results"));

        var result = CliRunner.Run(dir.Path, "eval", "--gt", TestData.Mot17Train, "--results", dir.Combine("results"), "--seqmap", seqmap, "-o", "eval.txt");

        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldContain($"{seqmap}:3: field 'name': '/etc/passwd' holds a path separator");
        File.Exists(dir.Combine("eval.txt")).ShouldBeFalse();
    }

    private static string Manifest(TempDirectory dir, string file) => dir.Write("models.json", $$"""
        { "models": [
          { "name": "tiny", "task": "detector", "format": "yolox",
            "file": "{{file}}",
            "inputWidth": 64, "inputHeight": 64, "size": 5, "url": "http://127.0.0.1:9/tiny.onnx",
            "sha256": "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" } ] }
        """);

    [Theory]
    [InlineData("list")]
    [InlineData("pull")]
    public void A_manifest_model_file_outside_the_models_folder_is_refused_and_nothing_is_downloaded(string command)
    {
        using var dir = new TempDirectory();
        string manifest = Manifest(dir, "../../escaped.onnx");
        var env = new Dictionary<string, string> { ["MOTTRACK_MODELS"] = dir.Combine("store") };
        string[] args = command == "pull" ? ["models", "pull", "tiny", "--manifest", manifest] : ["models", "list", "--manifest", manifest];

        var result = CliRunner.Run(dir.Path, env, args);

        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldContain($"{manifest}:3: field 'models[0].file': '../../escaped.onnx' has a segment '..'");
        Files(dir.Path).ShouldBe(["models.json"]);
    }

    [Fact]
    public void A_manifest_model_whose_sha256_differs_is_refused_where_it_is_loaded_naming_the_file()
    {
        using var dir = new TempDirectory();
        // Another model's bytes under yolox_nano's name: loading it would run YOLOX pre-processing on the wrong network.
        string fake = dir.Combine("models", "detector", "yolox_nano.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(fake)!);
        File.Copy(Path.Combine(TestData.Models, "detector", "yolov8n_int8_320.onnx"), fake);
        var env = new Dictionary<string, string> { ["MOTTRACK_MODELS"] = dir.Combine("models"), ["XDG_CACHE_HOME"] = dir.Combine("cache") };

        var result = CliRunner.Run(dir.Path, env, "track", TestData.Mot17Sequence("MOT17-09-FRCNN"), "--detector", "yolox_nano", "-o", "r.txt");

        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldContain($"model '{fake}' is not the manifest's yolox_nano");
        result.Error.ShouldContain("mottrack models pull yolox_nano --force");
        File.Exists(dir.Combine("r.txt")).ShouldBeFalse();
        // The verdict is remembered in the user's cache, never beside the model.
        Directory.GetFiles(dir.Combine("models", "detector")).ShouldBe([fake]);
        File.Exists(dir.Combine("cache", "mottrack", "model-sha256.tsv")).ShouldBeTrue();
    }
}
