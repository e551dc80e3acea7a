using MotTracker.Core;
using MotTracker.Inference.Models;

namespace MotTracker.Inference.Tests.Models;

public sealed class ModelManifestTests
{
    [Fact]
    public void The_built_in_manifest_lists_the_five_supported_models()
    {
        var manifest = ModelManifest.Embedded;

        manifest.Models.Select(m => m.Name).ShouldBe(
            ["yolox_nano", "yolov8n_int8_640", "yolov8n_int8_320", "osnet_x0_25_msmt17", "osnet_x0_5_msmt17"]);
        var yolox = manifest.Find("YOLOX_NANO.onnx").ShouldNotBeNull();
        yolox.Task.ShouldBe(ModelTask.Detector);
        yolox.Format.ShouldBe(ModelFormat.Yolox);
        yolox.File.ShouldBe("detector/yolox_nano.onnx");
        yolox.InputWidth.ShouldBe(416);
        manifest.Find("osnet_x0_25_msmt17")!.InputHeight.ShouldBe(256);
        manifest.Find("nope").ShouldBeNull();
    }

    [Fact]
    public void Every_checksum_and_size_in_the_manifest_matches_the_staged_file()
    {
        foreach (var entry in ModelManifest.Embedded.Models)
        {
            string path = Path.Combine(TestData.Models, entry.File);
            File.Exists(path).ShouldBeTrue(path);
            new FileInfo(path).Length.ShouldBe(entry.Size, entry.Name);
            FileHash.Sha256OfFile(path).ShouldBe(entry.Sha256, entry.Name);
        }
    }

    [Fact]
    public void The_built_in_manifest_is_the_one_in_the_models_folder()
    {
        string onDisk = Path.Combine(TestData.RepoRoot, "models", "models.json");
        // Equal but for where each was read from.
        ModelManifest.Load(onDisk).Models.Select(m => m with { ManifestSource = "" })
            .ShouldBe(ModelManifest.Embedded.Models.Select(m => m with { ManifestSource = "" }));
    }

    private const string Valid = """
        { "models": [ { "name": "tiny", "task": "detector", "format": "yolox", "file": "detector/tiny.onnx",
          "inputWidth": 64, "inputHeight": 64, "size": 5,
          "sha256": "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
          "url": "http://127.0.0.1/tiny.onnx", "license": "none" } ] }
        """;

    [Fact]
    public void A_valid_manifest_parses()
    {
        var entry = ModelManifest.Parse(Valid, "test.json").Models.ShouldHaveSingleItem();
        entry.FileName.ShouldBe("tiny.onnx");
        entry.Size.ShouldBe(5);
    }

    [Theory]
    [InlineData("\"sha256\": \"2cf2", "\"sha256\": \"zz", "models[0].sha256")]
    [InlineData("\"file\": \"detector/tiny.onnx\"", "\"file\": \"../tiny.onnx\"", "models[0].file")]
    [InlineData("\"url\": \"http://127.0.0.1/tiny.onnx\"", "\"url\": \"file:///tiny.onnx\"", "models[0].url")]
    [InlineData("\"format\": \"yolox\"", "\"format\": \"osnet\"", "models[0].format")]
    [InlineData("\"size\": 5,", "", "models[0].size")]
    public void Manifest_errors_name_the_file_and_the_field(string find, string replace, string field)
    {
        var ex = Should.Throw<MotFormatException>(() => ModelManifest.Parse(Valid.Replace(find, replace), "test.json"));

        ex.File.ShouldBe("test.json");
        ex.Field.ShouldBe(field);
    }

    [Theory]
    [InlineData("../../outside.onnx", "has a segment '..'")]
    [InlineData("/etc/outside.onnx", "is an absolute path")]
    [InlineData("detector\\\\x.onnx", "holds a path separator")]
    public void A_model_file_that_could_leave_the_models_folder_is_refused_naming_its_line(string file, string why)
    {
        string json = $$"""
            { "models": [
              { "name": "tiny", "task": "detector", "format": "yolox", "file": "detector/tiny.onnx",
                "inputWidth": 64, "inputHeight": 64, "size": 5, "url": "http://127.0.0.1/tiny.onnx",
                "sha256": "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" },
              { "name": "bad", "task": "detector", "format": "yolox",
                "file": "{{file}}",
                "inputWidth": 64, "inputHeight": 64, "size": 5, "url": "http://127.0.0.1/bad.onnx",
                "sha256": "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824" } ] }
            """;

        var ex = Should.Throw<MotFormatException>(() => ModelManifest.Parse(json, "test.json"));

        (ex.File, ex.Line, ex.Field).ShouldBe(("test.json", 6, "models[1].file"));
        ex.Message.ShouldContain(why);
    }

    [Theory]
    [InlineData("\"task\": \"detector\"", "\"task\": 0")] // an enum's number would silently change meaning if the enum did
    [InlineData("\"task\": \"detector\"", "\"task\": \"tracker\"")]
    [InlineData("\"format\": \"yolox\"", "\"format\": 2")]
    public void Task_and_format_are_names_never_numbers(string find, string replace)
    {
        Should.Throw<MotFormatException>(() => ModelManifest.Parse(Valid.Replace(find, replace), "test.json"))
            .Message.ShouldStartWith("test.json");
    }

    [Fact]
    public void Keys_and_enum_names_are_read_in_any_case_with_comments_and_trailing_commas()
    {
        string relaxed = Valid.Replace("\"task\": \"detector\"", "\"Task\": \"Detector\" /* a comment */")
            .Replace("\"format\": \"yolox\"", "\"FORMAT\": \"Yolox\"")
            .Replace("\"license\": \"none\" }", "\"license\": \"none\", }");
        var entry = ModelManifest.Parse(relaxed, "test.json").Models.ShouldHaveSingleItem();
        entry.Task.ShouldBe(ModelTask.Detector);
        entry.Format.ShouldBe(ModelFormat.Yolox);
    }

    [Fact]
    public void A_name_listed_twice_is_an_error()
    {
        string twice = Valid.Replace("} ] }", "}, " + Valid[(Valid.IndexOf('[') + 1)..]);
        Should.Throw<MotFormatException>(() => ModelManifest.Parse(twice, "test.json")).Message.ShouldContain("listed twice");
    }

    [Fact]
    public void Malformed_json_is_reported_with_its_line()
    {
        var ex = Should.Throw<MotFormatException>(() => ModelManifest.Parse("{\n \"models\": [ {,\n", "broken.json"));
        ex.Line.ShouldBe(2);
        ex.Message.ShouldStartWith("broken.json:2");
    }
}
