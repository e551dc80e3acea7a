using MotTracker.Core.MotChallenge;
using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

/// <summary>Bad video and image input through the whole command: exit codes, messages naming the path, no output left.</summary>
public sealed class TrackBadMediaTests
{
    private static Dictionary<string, string> ModelsEnv() => new() { ["MOTTRACK_MODELS"] = Path.Combine(TestData.Shared, "models") };

    [Fact]
    public void A_truncated_video_is_tracked_as_far_as_it_decodes_with_one_warning_naming_it()
    {
        string dir = TestData.NewTempDirectory();
        string video = Path.Combine(dir, "cut.avi");
        // The AVI header (which announces 795 frames) and the first few dozen frames of vtest.avi.
        File.WriteAllBytes(video, File.ReadAllBytes(TestData.Vtest).AsSpan(0, 400_000).ToArray());

        var result = CliRunner.Run(dir, ModelsEnv(), "track", video, "-o", "cut.txt");

        result.ExitCode.ShouldBe(0, result.Error);
        var warning = result.Error.Split('\n').Single(l => l.Contains("fewer frames than announced"));
        warning.ShouldContain(video);
        warning.ShouldContain("of 795 frames");
        int frames = int.Parse(result.Out.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        frames.ShouldBeInRange(10, 60);
        MotFileReader.Read(Path.Combine(dir, "cut.txt"), MotFileKind.Results).ShouldAllBe(r => r.Frame <= frames);
        // FFmpeg's own complaints about the damaged data are silenced; mottrack's warning says what matters.
        (result.Out + result.Error).ShouldNotContain("OPENCV");
        (result.Out + result.Error).ShouldNotContain("damaged at");
    }

    [Theory]
    [InlineData("notes.txt", "this is not a video\n", "not a readable video")]
    [InlineData("empty.mp4", "", "is empty")]
    public void A_file_that_is_no_video_is_exit_2_naming_it_with_no_output(string name, string content, string reason)
    {
        string dir = TestData.NewTempDirectory();
        string input = Path.Combine(dir, name);
        File.WriteAllText(input, content);

        var result = CliRunner.Run(dir, ModelsEnv(), "track", input, "-o", "out.txt");

        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldContain(input + ": " + reason);
        File.Exists(Path.Combine(dir, "out.txt")).ShouldBeFalse();
    }

    [Fact]
    public void An_empty_image_folder_is_exit_2_naming_it()
    {
        string dir = TestData.NewTempDirectory();
        string folder = Directory.CreateDirectory(Path.Combine(dir, "frames")).FullName;

        var result = CliRunner.Run(dir, ModelsEnv(), "track", folder, "-o", "out.txt");

        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldContain(folder);
        File.Exists(Path.Combine(dir, "out.txt")).ShouldBeFalse();
    }

    [Fact]
    public void A_corrupt_image_in_a_folder_is_exit_2_naming_that_image_with_no_output()
    {
        string dir = TestData.NewTempDirectory();
        string folder = Directory.CreateDirectory(Path.Combine(dir, "frames")).FullName;
        string img1 = Path.Combine(TestData.Mot17Sequence("MOT17-05-FRCNN"), "img1");
        File.Copy(Path.Combine(img1, "000001.jpg"), Path.Combine(folder, "1.jpg"));
        File.Copy(Path.Combine(img1, "000002.jpg"), Path.Combine(folder, "2.jpg"));
        string corrupt = Path.Combine(folder, "3.jpg");
        File.WriteAllBytes(corrupt, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4]);

        var result = CliRunner.Run(dir, ModelsEnv(), "track", folder, "-o", "out.txt");

        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldContain(corrupt + ": not a readable image");
        File.Exists(Path.Combine(dir, "out.txt")).ShouldBeFalse();
    }
}
