namespace MotTracker.Core.Tests;

public sealed class PlainNameTests
{
    [Theory]
    [InlineData("MOT17-04-FRCNN")]
    [InlineData("cam.example.org_entrance")]
    [InlineData("with space")]
    [InlineData("..hidden")]
    [InlineData("a..b")]
    [InlineData(".jpg")]
    [InlineData("straße-ü")]
    public void A_single_file_name_is_plain(string name)
    {
        PlainName.IsPlain(name).ShouldBeTrue();
        PlainName.Check(name, "seqinfo.ini", 2, "name").ShouldBe(name);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData(".", "is a folder reference")]
    [InlineData("..", "is a folder reference")]
    [InlineData("../../x", "holds a path separator")]
    [InlineData("/tmp/x", "holds a path separator")]
    [InlineData("sub/dir", "holds a path separator")]
    [InlineData("back\\slash", "holds a path separator")]
    [InlineData("C:", "starts with a drive")]
    [InlineData("c:evil", "starts with a drive")]
    [InlineData("bell\u0007", "holds a control character")]
    [InlineData("line\nbreak", "holds a control character")]
    [InlineData("nul\0", "holds a control character")]
    public void Anything_that_could_name_a_path_is_refused_naming_file_line_field_and_value(string name, string why)
    {
        PlainName.IsPlain(name).ShouldBeFalse();

        var error = Should.Throw<MotFormatException>(() => PlainName.Check(name, "/data/seq/seqinfo.ini", 3, "name"));

        error.File.ShouldBe("/data/seq/seqinfo.ini");
        error.Line.ShouldBe(3);
        error.Field.ShouldBe("name");
        error.Message.ShouldStartWith($"/data/seq/seqinfo.ini:3: field 'name': '{PlainName.Printable(name)}' {why}");
    }

    [Fact]
    public void Control_characters_are_shown_escaped_in_messages()
    {
        PlainName.Printable("a\u0007b\nc").ShouldBe("a\\u0007b\\u000ac");
        PlainName.Printable("plain").ShouldBe("plain");
    }

    [Theory]
    [InlineData("detector/yolox_nano.onnx")]
    [InlineData("yolox_nano.onnx")]
    [InlineData("a/b/c.onnx")]
    public void A_relative_path_with_sub_folders_resolves_inside_the_folder(string relative)
    {
        PlainName.CheckRelativePath(relative, "models.json", 4, "models[0].file").ShouldBe(relative);
        PlainName.ResolveUnder("/srv/models", relative, "models.json", 4, "models[0].file")
            .ShouldBe("/srv/models/" + relative);
    }

    [Theory]
    [InlineData("../x.onnx", "has a segment '..' that is a folder reference")]
    [InlineData("detector/../../x.onnx", "has a segment '..'")]
    [InlineData("./x.onnx", "has a segment '.'")]
    [InlineData("/etc/x.onnx", "is an absolute path")]
    [InlineData("detector//x.onnx", "has an empty segment")]
    [InlineData("detector/", "has an empty segment")]
    [InlineData("detector\\x.onnx", "has a segment 'detector\\x.onnx' that holds a path separator")]
    [InlineData("C:/x.onnx", "has a segment 'C:' that starts with a drive")]
    [InlineData("", "is empty")]
    public void A_relative_path_that_could_leave_its_folder_is_refused(string relative, string why)
    {
        var error = Should.Throw<MotFormatException>(() => PlainName.ResolveUnder("/srv/models", relative, "models.json", 4, "models[0].file"));

        error.Line.ShouldBe(4);
        error.Field.ShouldBe("models[0].file");
        error.Message.ShouldContain($"'{relative}' {why}");
    }
}
