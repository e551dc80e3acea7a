namespace MotTracker.Cli.Tests;

public sealed class MtmcCommandTests
{
    [Fact]
    public void Mtmc_without_a_reid_model_is_a_usage_error_naming_the_option()
    {
        string dir = TestData.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "a.avi"), "");

        var result = CliRunner.Run(dir, "mtmc", "a.avi", "-o", "out");

        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain("--reid");
        Directory.Exists(Path.Combine(dir, "out")).ShouldBeFalse();
    }

    [Fact]
    public void Mtmc_refuses_a_link_threshold_outside_minus_one_to_one()
    {
        string dir = TestData.NewTempDirectory();

        var result = CliRunner.Run(dir, "mtmc", TestData.Vtest, "-o", "out", "--reid", "osnet_x0_25_msmt17", "--link-thresh", "1.5");

        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain("--link-thresh");
    }

    [Fact]
    public void Mtmc_refuses_two_cameras_with_one_name()
    {
        string dir = TestData.NewTempDirectory();

        var result = CliRunner.Run(dir, "mtmc", TestData.Vtest, TestData.Vtest, "-o", "out", "--reid", "osnet_x0_25_msmt17");

        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain("same name");
        Directory.Exists(Path.Combine(dir, "out")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("--min-travel", "-1")]
    [InlineData("--min-tracklet-score", "1.5")]
    public void Mtmc_refuses_tracklet_filters_out_of_range_naming_the_option(string option, string value)
    {
        string dir = TestData.NewTempDirectory();

        var result = CliRunner.Run(dir, "mtmc", TestData.Vtest, "-o", "out", "--reid", "osnet_x0_25_msmt17", option, value);

        result.ExitCode.ShouldBe(ExitCodes.BadInput);
        result.Error.ShouldContain(option);
        Directory.Exists(Path.Combine(dir, "out")).ShouldBeFalse();
    }
}
