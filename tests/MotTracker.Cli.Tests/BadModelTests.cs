using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

/// <summary>
/// A model file that cannot serve its option is bad input: exit 2, one message naming the option, the file
/// and what is wrong, no stack trace, and no result file left behind.
/// </summary>
public sealed class BadModelTests
{
    private static Dictionary<string, string> ModelsEnv() => new() { ["MOTTRACK_MODELS"] = Path.Combine(TestData.Shared, "models") };

    private static string Sequence => TestData.Mot17Sequence("MOT17-09-FRCNN");

    private static void ShouldBeBadInput(CliRunner.Result result, string dir, params string[] expected)
    {
        result.ExitCode.ShouldBe(2, result.Error);
        // One error (a warning about the partly staged sequence may come before it).
        result.Error.Split('\n').Count(l => l.StartsWith("error: ", StringComparison.Ordinal)).ShouldBe(1, result.Error);
        foreach (string text in expected)
            result.Error.ShouldContain(text);
        result.Error.ShouldNotContain("   at ");
        result.Error.ShouldNotContain("Exception");
        File.Exists(Path.Combine(dir, "r.txt")).ShouldBeFalse();
    }

    [Fact]
    public void A_missing_detector_file_names_the_path()
    {
        string dir = TestData.NewTempDirectory();
        string path = Path.Combine(dir, "missing.onnx");

        var result = CliRunner.Run(dir, ModelsEnv(), "track", Sequence, "--detector", path, "-o", "r.txt");

        ShouldBeBadInput(result, dir, path);
    }

    [Theory]
    [InlineData("random bytes")]
    [InlineData("text")]
    [InlineData("empty")]
    public void A_detector_file_that_is_not_an_onnx_model_names_the_file(string kind)
    {
        string dir = TestData.NewTempDirectory();
        string path = Path.Combine(dir, "broken.onnx");
        switch (kind)
        {
            case "random bytes":
                var bytes = new byte[4096];
                new Random(7).NextBytes(bytes);
                File.WriteAllBytes(path, bytes);
                break;
            case "text":
                File.WriteAllText(path, "frame,id,x,y,w,h\n1,1,2,3,4,5\n");
                break;
            default:
                File.WriteAllBytes(path, []);
                break;
        }

        var result = CliRunner.Run(dir, ModelsEnv(), "track", Sequence, "--detector", path, "-o", "r.txt");

        ShouldBeBadInput(result, dir, "--detector", path, "cannot be loaded by ONNX Runtime");
    }

    [Fact]
    public void A_reid_model_given_as_detector_is_recognised_by_its_output_shape()
    {
        string dir = TestData.NewTempDirectory();
        // Under a name the manifest does not know, so only the file's own shapes can tell.
        string path = Path.Combine(dir, "mystery.onnx");
        File.Copy(Path.Combine(TestData.Shared, "models", "reid", "osnet_x0_25_msmt17.onnx"), path);

        var result = CliRunner.Run(dir, ModelsEnv(), "track", Sequence, "--detector", path, "-o", "r.txt");

        ShouldBeBadInput(result, dir, "--detector", path, "output 'output' [N,512]", "looks like a ReID model");
    }

    [Fact]
    public void A_detector_given_as_reid_model_is_recognised_by_its_output_shape()
    {
        string dir = TestData.NewTempDirectory();
        string path = Path.Combine(dir, "mystery.onnx");
        File.Copy(Path.Combine(TestData.Shared, "models", "detector", "yolox_nano.onnx"), path);

        var result = CliRunner.Run(dir, ModelsEnv(), "track", Sequence, "--detector", "yolox_nano", "--reid", path, "-o", "r.txt");

        ShouldBeBadInput(result, dir, "--reid", path, "[1,3549,85]", "looks like a detector");
    }

    [Fact]
    public void A_known_detector_named_as_reid_model_is_refused_by_its_manifest_entry()
    {
        string dir = TestData.NewTempDirectory();

        var result = CliRunner.Run(dir, ModelsEnv(), "track", Sequence, "--detector", "yolox_nano", "--reid", "yolox_nano", "-o", "r.txt");

        ShouldBeBadInput(result, dir, "--reid", "yolox_nano", "not a ReID model");
    }

    [Fact]
    public void An_input_size_a_fixed_model_cannot_take_is_refused()
    {
        string dir = TestData.NewTempDirectory();

        var result = CliRunner.Run(dir, ModelsEnv(), "track", Sequence, "--detector", "yolox_nano", "--imgsz", "640x384", "-o", "r.txt");

        ShouldBeBadInput(result, dir, "--detector", "yolox_nano.onnx", "fixed at 416x416", "640x384");
    }

    [Theory]
    [InlineData("--imgsz", "abc")]
    [InlineData("--imgsz", "630")]
    [InlineData("--conf", "1")]
    [InlineData("--nms", "0")]
    public void An_out_of_range_detector_option_is_reported_with_its_flag(string flag, string value)
    {
        string dir = TestData.NewTempDirectory();

        var result = CliRunner.Run(dir, ModelsEnv(), "track", Sequence, "--detector", "yolox_nano", flag, value, "-o", "r.txt");

        ShouldBeBadInput(result, dir, flag, value);
    }
}
