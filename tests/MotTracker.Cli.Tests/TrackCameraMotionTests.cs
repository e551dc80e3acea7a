using MotTracker.Core.MotChallenge;

namespace MotTracker.Cli.Tests;

/// <summary>--cmc auto/file/none and --save-cmc through the whole command.</summary>
public sealed class TrackCameraMotionTests
{
    private static readonly string Seq09 = TestData.Mot17Sequence("MOT17-09-FRCNN");

    private static string Text(string dir, string file) => File.ReadAllText(Path.Combine(dir, file));

    [Fact]
    public void Auto_reads_the_sequence_folders_gmc_file_which_changes_botsorts_tracks()
    {
        string dir = TestData.NewTempDirectory();
        CliRunner.Run(dir, "track", Seq09, "--tracker", "botsort", "-o", "auto.txt").ExitCode.ShouldBe(0);
        CliRunner.Run(dir, "track", Seq09, "--tracker", "botsort", "--cmc", "file", "-o", "file.txt").ExitCode.ShouldBe(0);
        CliRunner.Run(dir, "track", Seq09, "--tracker", "botsort", "--cmc", "file:" + Path.Combine(Seq09, "gmc.txt"), "-o", "path.txt").ExitCode.ShouldBe(0);
        var none = CliRunner.Run(dir, "track", Seq09, "--tracker", "botsort", "--cmc", "none", "-o", "none.txt");
        none.ExitCode.ShouldBe(0);

        Text(dir, "auto.txt").ShouldBe(Text(dir, "file.txt"));
        Text(dir, "path.txt").ShouldBe(Text(dir, "file.txt"));
        Text(dir, "none.txt").ShouldNotBe(Text(dir, "file.txt"));
        none.Error.ShouldNotContain("camera-motion");
    }

    [Fact]
    public void A_gmc_file_shorter_than_the_sequence_is_exit_2_naming_the_file_and_the_first_missing_line()
    {
        string dir = TestData.NewTempDirectory();
        File.WriteAllLines(Path.Combine(dir, "short.txt"), File.ReadLines(Path.Combine(Seq09, "gmc.txt")).Take(100));
        var result = CliRunner.Run(dir, "track", Seq09, "--tracker", "botsort", "--cmc", "file:short.txt", "-o", "r.txt");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(Path.Combine(dir, "short.txt") + ":101");
        result.Error.ShouldContain("525 frames");
        File.Exists(Path.Combine(dir, "r.txt")).ShouldBeFalse();
    }

    [Fact]
    public void A_malformed_gmc_line_is_exit_2_naming_the_file_and_line()
    {
        string dir = TestData.NewTempDirectory();
        var lines = File.ReadLines(Path.Combine(Seq09, "gmc.txt")).ToList();
        lines[2] = "2\t1.0\t0.0\toops\t0.0\t1.0\t0.0\t";
        File.WriteAllLines(Path.Combine(dir, "bad.txt"), lines);
        var result = CliRunner.Run(dir, "track", Seq09, "--tracker", "botsort", "--cmc", "file:bad.txt", "-o", "r.txt");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(Path.Combine(dir, "bad.txt") + ":3");
        result.Error.ShouldContain("'tx'");
        File.Exists(Path.Combine(dir, "r.txt")).ShouldBeFalse();
    }

    [Fact]
    public void A_gmc_file_longer_than_the_sequence_is_a_warning()
    {
        string dir = TestData.NewTempDirectory();
        var lines = File.ReadLines(Path.Combine(Seq09, "gmc.txt")).ToList();
        lines.Add("525\t1\t0\t0\t0\t1\t0\t");
        File.WriteAllLines(Path.Combine(dir, "long.txt"), lines);
        var result = CliRunner.Run(dir, "track", Seq09, "--tracker", "botsort", "--cmc", "file:long.txt", "-o", "r.txt");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Error.ShouldContain("526 lines of camera motion for 525 frames");
    }

    [Fact]
    public void Camera_motion_saved_from_a_run_on_frames_replays_to_byte_identical_tracks()
    {
        // A 4-frame copy of MOT17-09 whose img1/ holds every frame, so sparse optical flow can run.
        string dir = TestData.NewTempDirectory();
        string seq = Path.Combine(dir, "MOT17-09-mini");
        Directory.CreateDirectory(Path.Combine(seq, "det"));
        Directory.CreateSymbolicLink(Path.Combine(seq, "img1"), Path.Combine(Seq09, "img1"));
        File.WriteAllText(Path.Combine(seq, "seqinfo.ini"),
            File.ReadAllText(Path.Combine(Seq09, "seqinfo.ini")).Replace("seqLength=525", "seqLength=4", StringComparison.Ordinal));
        File.WriteAllLines(Path.Combine(seq, "det", "det.txt"),
            File.ReadLines(Path.Combine(Seq09, "det", "det.txt")).Where(l => int.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture) <= 4));

        var saved = CliRunner.Run(dir, "track", seq, "--tracker", "botsort", "--cmc", "sparse", "--save-cmc", "cmc.txt", "-o", "a.txt");
        saved.ExitCode.ShouldBe(0, saved.Error);
        saved.Out.ShouldContain("camera motion, 4 frames -> " + Path.Combine(dir, "cmc.txt"));
        var replay = CliRunner.Run(dir, "track", seq, "--tracker", "botsort", "--cmc", "file:cmc.txt", "-o", "b.txt");
        replay.ExitCode.ShouldBe(0, replay.Error);

        File.ReadAllBytes(Path.Combine(dir, "b.txt")).ShouldBe(File.ReadAllBytes(Path.Combine(dir, "a.txt")));
        var file = GmcFile.Read(Path.Combine(dir, "cmc.txt"));
        file.FrameCount.ShouldBe(4);
        file.Into(1).IsIdentity.ShouldBeTrue();
        Enumerable.Range(2, 3).ShouldContain(f => !file.Into(f).IsIdentity, "the camera of MOT17-09 moves");
        File.ReadLines(Path.Combine(dir, "cmc.txt")).ShouldAllBe(l => l.EndsWith('\t') && l.Split('\t').Length == 8);
    }

    [Fact]
    public void Saving_camera_motion_from_a_run_without_any_is_exit_2()
    {
        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, "track", Seq09, "--cmc", "none", "--save-cmc", "cmc.txt", "-o", "r.txt");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--save-cmc");
        Directory.GetFiles(dir).ShouldBeEmpty();
    }
}
