using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

/// <summary>The live-stream options on input they do not apply to: exit 2 naming the flag, nothing written.</summary>
public sealed class TrackLiveOptionsTests
{
    private static Dictionary<string, string> ModelsEnv() => new() { ["MOTTRACK_MODELS"] = Path.Combine(TestData.Shared, "models") };

    [Theory]
    [InlineData("--live", "", "--live: applies to stream URLs")]
    [InlineData("--reconnect-timeout", "5", "--reconnect-timeout: applies to live input")]
    [InlineData("--rotate", "100", "--rotate applies to live input")]
    [InlineData("--rotate", "0", "--rotate 0: a result file holds at least 1 frame")]
    [InlineData("--summary-every", "10", "--summary-every rewrites the --summary file")]
    public void A_live_option_on_a_video_file_is_exit_2_naming_it_with_no_output(string option, string value, string message)
    {
        string dir = TestData.NewTempDirectory();
        string[] args = value.Length == 0 ? ["track", TestData.Vtest, "-o", "r.txt", option] : ["track", TestData.Vtest, "-o", "r.txt", option, value];

        var result = CliRunner.Run(dir, ModelsEnv(), args);

        result.ExitCode.ShouldBe(2, result.Out + result.Error);
        result.Error.ShouldContain(message);
        Directory.GetFileSystemEntries(dir).ShouldBeEmpty();
    }
}
