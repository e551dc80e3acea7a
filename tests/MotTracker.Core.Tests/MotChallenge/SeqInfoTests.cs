using MotTracker.Core.MotChallenge;

namespace MotTracker.Core.Tests.MotChallenge;

public sealed class SeqInfoTests
{
    private static string Ini(string name, string imDir = "img1", string imExt = ".jpg") =>
        $"[Sequence]\nname={name}\nimDir={imDir}\nframeRate=30\nseqLength=10\nimWidth=640\nimHeight=480\nimExt={imExt}\n";

    [Fact]
    public void A_plain_name_is_read_as_written()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("seq/seqinfo.ini", Ini("Cam 01"));

        var info = SeqInfo.Read(path);

        (info.Name, info.ImageDirectory, info.ImageExtension, info.SequenceLength).ShouldBe(("Cam 01", "img1", ".jpg", 10));
    }

    [Theory]
    [InlineData("../../x")]
    [InlineData("/tmp/x")]
    [InlineData("..")]
    [InlineData("a\\b")]
    [InlineData("C:x")]
    [InlineData("esc\u001b[2J")]
    public void A_name_that_is_not_a_plain_file_name_is_refused_naming_file_line_and_value(string name)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("seq/seqinfo.ini", Ini(name));

        var error = Should.Throw<MotFormatException>(() => SeqInfo.Read(path));

        (error.File, error.Line, error.Field).ShouldBe((path, 2, "name"));
        error.Message.ShouldContain($"'{PlainName.Printable(name)}'");
    }

    [Theory]
    [InlineData("../../elsewhere", ".jpg", 3, "imDir")]
    [InlineData("img1", "/../../x.jpg", 8, "imExt")]
    public void Frame_folder_and_extension_cannot_point_outside_the_sequence(string imDir, string imExt, int line, string field)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("seq/seqinfo.ini", Ini("seq", imDir, imExt));

        var error = Should.Throw<MotFormatException>(() => SeqInfo.Read(path));

        (error.Line, error.Field).ShouldBe((line, field));
    }

    [Fact]
    public void Without_a_name_the_folder_name_is_used()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("MOT-X/seqinfo.ini", "[Sequence]\nframeRate=30\nseqLength=5\nimWidth=64\nimHeight=48\n");

        SeqInfo.Read(path).Name.ShouldBe("MOT-X");
    }
}
