using MotTracker.Media.Synthesis;

namespace MotTracker.Media.Tests.Synthesis;

public sealed class SceneOptionsTests
{
    [Theory]
    [InlineData("../up", "holds a path separator")]
    [InlineData("/tmp/abs", "holds a path separator")]
    [InlineData("..", "is a folder reference")]
    [InlineData("C:scene", "starts with a drive")]
    [InlineData("tab\there", "holds a control character")]
    [InlineData(".hidden", "starts with '.'")]
    public void A_scene_name_must_be_a_plain_visible_folder_name(string name, string why)
    {
        Should.Throw<ArgumentException>(() => new SceneOptions { Name = name }.Validate()).Message.ShouldContain(why);
    }

    [Fact]
    public void The_default_name_is_plain()
    {
        var options = new SceneOptions { Seed = 3 };
        Should.NotThrow(options.Validate);
        PlainName.IsPlain(options.ResolvedName).ShouldBeTrue();
    }
}
