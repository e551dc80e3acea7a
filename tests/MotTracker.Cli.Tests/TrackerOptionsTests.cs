using MotTracker.Tests;
using MotTracker.Tracking;

namespace MotTracker.Cli.Tests;

/// <summary>The tracker options the command line builds from the registry's options tables.</summary>
public sealed class TrackerOptionsTests
{
    private static readonly string Mot17_05 = TestData.Mot17Sequence("MOT17-05-FRCNN");

    [Theory]
    [InlineData("track")]
    [InlineData("batch")]
    public void Every_registered_trackers_flag_is_an_option_with_its_help(string command)
    {
        var result = CliRunner.Run(TestData.NewTempDirectory(), command, "--help");
        result.ExitCode.ShouldBe(0);
        string help = string.Join(" ", result.Out.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));
        TrackerRegistry.Catalog.Flags.Count.ShouldBeGreaterThan(20);
        foreach (var flag in TrackerRegistry.Catalog.Flags)
        {
            help.ShouldContain($"--{flag.Name} ");
            help.ShouldContain(flag.Help);
        }
    }

    [Theory]
    [InlineData("bytetrack", "--det-thresh", "0.5", "--det-thresh applies to --tracker ocsort/ocsort-offline/boosttrack/boosttrack-plus/deepocsort/hybridsort, not bytetrack")]
    [InlineData("ocsort", "--no-fuse-score", null, "--no-fuse-score applies to --tracker bytetrack/botsort, not ocsort")]
    [InlineData("bytetrack", "--max-age", "10", "--max-age applies to --tracker deepsort/ocsort/ocsort-offline/boosttrack/boosttrack-plus/deepocsort/strongsort/hybridsort, not bytetrack")]
    public void A_flag_of_another_tracker_is_a_usage_error(string tracker, string flag, string? value, string message)
    {
        string[] args = value is null ? ["track", Mot17_05, "--tracker", tracker, flag, "-o", "r.txt"] : ["track", Mot17_05, "--tracker", tracker, flag, value, "-o", "r.txt"];
        var result = CliRunner.Run(TestData.NewTempDirectory(), args);
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(message);
    }

    [Theory]
    [InlineData("botsort", "--low-thresh", "0.7", "--low-thresh: low-thresh must be between 0 and track-thresh")]
    [InlineData("botsort", "--ema-alpha", "1", "--ema-alpha: ema-alpha must be in [0, 1)")]
    [InlineData("bytetrack", "--new-track-thresh", "1.5", "--new-track-thresh: new-track-thresh must be between 0 and 1")]
    [InlineData("deepsort", "--nn-budget", "-1", "--nn-budget: nn-budget must be 0 (unbounded) or positive")]
    [InlineData("deepsort", "--max-age", "0", "--max-age: max-age must be at least 1")]
    [InlineData("ocsort-offline", "--inertia", "-1", "--inertia: inertia must be a non-negative number")]
    [InlineData("ocsort", "--iou-thresh", "0", "--iou-thresh: iou-thresh must be in (0, 1]")]
    public void A_value_out_of_range_names_its_flag_and_rule(string tracker, string flag, string value, string message)
    {
        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, "track", Mot17_05, "--tracker", tracker, flag, value, "-o", "r.txt");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(message);
        File.Exists(Path.Combine(dir, "r.txt")).ShouldBeFalse();
    }

    [Fact]
    public void A_shared_flag_reaches_the_chosen_tracker()
    {
        // --min-hits 0 reports every match from its first frame, so OC-SORT writes more boxes than with its default 3.
        string dir = TestData.NewTempDirectory();
        CliRunner.Run(dir, "track", Mot17_05, "--tracker", "ocsort", "-o", "a.txt").ExitCode.ShouldBe(0);
        CliRunner.Run(dir, "track", Mot17_05, "--tracker", "ocsort", "--min-hits", "0", "-o", "b.txt").ExitCode.ShouldBe(0);
        File.ReadAllLines(Path.Combine(dir, "b.txt")).Length.ShouldBeGreaterThan(File.ReadAllLines(Path.Combine(dir, "a.txt")).Length);
    }
}
