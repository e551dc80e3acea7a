using MotTracker.Core.MotChallenge;
using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

public sealed class TrackCommandTests
{
    private static readonly string Mot17_04 = TestData.Mot17Sequence("MOT17-04-FRCNN");

    [Fact]
    public void Tracking_public_detections_writes_a_valid_sorted_result_file()
    {
        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, "track", Mot17_04, "-o", "out.txt");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("MOT17-04-FRCNN: 1050 frames, 28406 detections, 101 tracks, 27874 boxes");
        string path = Path.Combine(dir, "out.txt");
        var rows = MotFileReader.Read(path, MotFileKind.Results);
        rows.Count.ShouldBe(27874);
        rows.ShouldAllBe(r => r.Frame >= 1 && r.Frame <= 1050);
        rows.Select(r => (r.Frame, r.Id)).ShouldBe(rows.Select(r => (r.Frame, r.Id)).Order().ToList());
        rows.Select(r => (r.Frame, r.Id)).Distinct().Count().ShouldBe(rows.Count);
        File.ReadLines(path).First().ShouldEndWith(",-1,-1,-1");
    }

    [Fact]
    public void Without_an_output_option_results_go_under_runs_and_never_replace_earlier_runs()
    {
        string dir = TestData.NewTempDirectory();
        string seq = TestData.Mot17Sequence("MOT17-09-FRCNN");
        CliRunner.Run(dir, "track", seq).ExitCode.ShouldBe(0);
        CliRunner.Run(dir, "track", seq).ExitCode.ShouldBe(0);
        File.Exists(Path.Combine(dir, "runs", "track", "MOT17-09-FRCNN.txt")).ShouldBeTrue();
        File.Exists(Path.Combine(dir, "runs", "track2", "MOT17-09-FRCNN.txt")).ShouldBeTrue();
    }

    [Fact]
    public void An_existing_output_file_is_kept_unless_overwrite_is_given()
    {
        string dir = TestData.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "out.txt"), "mine");
        var refused = CliRunner.Run(dir, "track", Mot17_04, "-o", "out.txt");
        refused.ExitCode.ShouldBe(2);
        refused.Error.ShouldContain("already exists; pass --overwrite");
        File.ReadAllText(Path.Combine(dir, "out.txt")).ShouldBe("mine");

        CliRunner.Run(dir, "track", Mot17_04, "-o", "out.txt", "--overwrite").ExitCode.ShouldBe(0);
        File.ReadAllText(Path.Combine(dir, "out.txt")).ShouldStartWith("1,1,");
    }

    [Theory]
    [InlineData("1,-1,10,20,30,x,0.9", "det.txt:2: field 'bb_height': 'x' is not a number")]
    [InlineData("1,-1,10,20,30", "det.txt:2: 5 columns; expected 7 or 10")]
    [InlineData("1,-1,10,20,NaN,40,0.9", "det.txt:2: field 'bb_width': NaN is not a finite number")]
    [InlineData("1,-1,10,20,-30,40,0.9", "det.txt:2: field 'bb_width': negative width -30")]
    [InlineData("0,-1,10,20,30,40,0.9", "det.txt:2: field 'frame': 0 is below 1")]
    [InlineData("9999,-1,10,20,30,40,0.9", "det.txt:2: field 'frame': 9999 is beyond seqLength 1050")]
    public void Malformed_detections_fail_with_file_line_and_field_and_write_nothing(string badLine, string expected)
    {
        string dir = TestData.NewTempDirectory();
        string det = Path.Combine(dir, "det.txt");
        File.WriteAllText(det, "1,-1,10,20,30,40,0.9\n" + badLine + "\n");
        var result = CliRunner.Run(dir, "track", Mot17_04, "--detections", det, "-o", "out.txt");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(expected);
        File.Exists(Path.Combine(dir, "out.txt")).ShouldBeFalse();
        Directory.GetFiles(dir).ShouldBe([det]);
    }

    [Fact]
    public void Tracker_parameters_are_validated_as_usage_errors()
    {
        var result = CliRunner.Run(TestData.NewTempDirectory(), "track", Mot17_04, "--track-thresh", "1.5", "-o", "x.txt");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--track-thresh");
    }

    [Fact]
    public void A_missing_sequence_is_a_usage_error()
    {
        var result = CliRunner.Run(TestData.NewTempDirectory(), "track", "no-such-folder");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("no-such-folder");
    }

    [Fact]
    public void Unknown_options_are_usage_errors()
    {
        CliRunner.Run(TestData.NewTempDirectory(), "track", Mot17_04, "--no-such-option", "3").ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Help_documents_every_tracker_option()
    {
        var result = CliRunner.Run(TestData.NewTempDirectory(), "track", "--help");
        result.ExitCode.ShouldBe(0);
        foreach (string option in new[] { "--output", "--detections", "--track-thresh", "--low-thresh", "--match-thresh", "--track-buffer", "--fps", "--min-box-area", "--aspect-ratio-thresh", "--no-fuse-score" })
            result.Out.ShouldContain(option);
    }

    [Fact]
    public void A_lower_frame_rate_shortens_the_lost_track_buffer()
    {
        string dir = TestData.NewTempDirectory();
        string seq = TestData.Mot17Sequence("MOT17-05-FRCNN");
        CliRunner.Run(dir, "track", seq, "-o", "a.txt").ExitCode.ShouldBe(0);
        CliRunner.Run(dir, "track", seq, "-o", "b.txt", "--fps", "30").ExitCode.ShouldBe(0);
        // seqinfo says 14 fps, so the default buffer is 14 frames; forcing 30 fps keeps lost tracks longer.
        File.ReadAllText(Path.Combine(dir, "a.txt")).ShouldNotBe(File.ReadAllText(Path.Combine(dir, "b.txt")));
    }

    [Theory]
    [InlineData("--reid", "osnet_x0_25_msmt17")]
    [InlineData("--cmc", "sparse")]
    public void Pixel_needing_options_on_a_sequence_without_all_its_frames_are_exit_2_naming_the_first_missing_frame(string option, string value)
    {
        string dir = TestData.NewTempDirectory();
        string seq = TestData.Mot17Sequence("MOT17-09-FRCNN");
        var result = CliRunner.Run(dir, "track", seq, option, value, "-o", "r.txt");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("frame 5 of 525 is missing (" + Path.Combine(seq, "img1", "000005.jpg") + ")");
        result.Error.ShouldContain(option);
        Directory.GetFiles(dir).ShouldBeEmpty();
    }

    [Fact]
    public void Camera_motion_off_needs_no_frames()
    {
        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, "track", TestData.Mot17Sequence("MOT17-09-FRCNN"), "--cmc", "none", "-o", "r.txt");
        result.ExitCode.ShouldBe(0, result.Error);
    }

    [Theory]
    [InlineData("--conf", "0.3", "--conf is a detector option")]
    [InlineData("--nms", "0.5", "--nms is a detector option")]
    [InlineData("--classes", "car", "public detections (det.txt) have no class: they are people")]
    [InlineData("--imgsz", "640", "--imgsz is a detector option")]
    [InlineData("--threads", "1", "--threads is a model option")]
    [InlineData("--device", "cpu", "--device is a model option")]
    public void Model_options_on_public_detections_without_frames_are_usage_errors(string option, string value, string expected)
    {
        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, "track", TestData.Mot17Sequence("MOT17-05-FRCNN"), option, value, "-o", "r.txt");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(expected);
        Directory.GetFiles(dir).ShouldBeEmpty();
    }

    [Fact]
    public void Public_detections_with_a_video_are_a_usage_error()
    {
        string dir = TestData.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "det.txt"), "1,-1,10,20,30,40,0.9\n");
        var result = CliRunner.Run(dir, "track", TestData.Vtest, "--detections", "det.txt", "-o", "r.txt");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--detections:");
        result.Error.ShouldContain("not a video");
    }

    [Theory]
    [InlineData("--track-thresh", "-0.5")]
    [InlineData("--low-thresh", "-1")]
    [InlineData("--track-buffer", "-3")]
    [InlineData("--min-box-area", "-10")]
    [InlineData("--aspect-ratio-thresh", "0")]
    [InlineData("--fps", "0")]
    [InlineData("--tracker", "nosuchtracker")]
    [InlineData("--cmc", "wobbly")]
    public void Rejected_values_are_reported_with_the_flags_name(string option, string value)
    {
        var result = CliRunner.Run(TestData.NewTempDirectory(), "track", TestData.Mot17Sequence("MOT17-05-FRCNN"), option, value, "-o", "r.txt");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(option);
    }

    [Fact]
    public void Help_lists_the_trackers_and_camera_motion_modes()
    {
        var result = CliRunner.Run(TestData.NewTempDirectory(), "track", "--help");
        result.Out.ShouldContain("--tracker");
        result.Out.ShouldContain("bytetrack");
        result.Out.ShouldContain("--cmc");
        result.Out.ShouldContain("sparse");
    }
}
