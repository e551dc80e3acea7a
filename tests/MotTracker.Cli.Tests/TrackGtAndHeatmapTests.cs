namespace MotTracker.Cli.Tests;

/// <summary>
/// <c>track --save-video --gt</c> and <c>track --heatmap</c> through the whole CLI, on MOT17-09 cut to
/// its four staged frames (seqLength, det.txt, gt.txt and img1 agree).
/// </summary>
public sealed class TrackGtAndHeatmapTests
{
    private static string CutSequence(string dir)
    {
        string source = TestData.Mot17Sequence("MOT17-09-FRCNN");
        string sequence = Path.Combine(dir, "MOT17-09-first4");
        foreach (string sub in new[] { "img1", "det", "gt" }) Directory.CreateDirectory(Path.Combine(sequence, sub));
        File.WriteAllText(Path.Combine(sequence, "seqinfo.ini"),
            File.ReadAllText(Path.Combine(source, "seqinfo.ini")).Replace("seqLength=525", "seqLength=4", StringComparison.Ordinal));
        for (int f = 1; f <= 4; f++)
            File.Copy(Path.Combine(source, "img1", $"{f:D6}.jpg"), Path.Combine(sequence, "img1", $"{f:D6}.jpg"));
        static bool Early(string line) => int.Parse(line.AsSpan(0, line.IndexOf(','))) <= 4;
        File.WriteAllLines(Path.Combine(sequence, "det", "det.txt"), File.ReadLines(Path.Combine(source, "det", "det.txt")).Where(Early));
        File.WriteAllLines(Path.Combine(sequence, "gt", "gt.txt"), File.ReadLines(Path.Combine(source, "gt", "gt.txt")).Where(Early));
        return sequence;
    }

    [Fact]
    public void Track_with_gt_writes_the_video_and_a_malformed_gt_line_is_exit_2_naming_file_and_line_with_nothing_written()
    {
        string dir = TestData.NewTempDirectory();
        string sequence = CutSequence(dir);
        var good = CliRunner.Run(dir, "track", sequence, "-o", "r.txt", "--save-video", "v.avi", "--gt", Path.Combine(sequence, "gt", "gt.txt"));
        good.ExitCode.ShouldBe(0, good.Error);
        File.Exists(Path.Combine(dir, "v.avi")).ShouldBeTrue();

        string bad = Path.Combine(dir, "bad.txt");
        File.WriteAllText(bad, "1,1,10,20,30,40,1,1,1\n2,1,10,twenty,30,40,1,1,1\n");
        var refused = CliRunner.Run(dir, "track", sequence, "-o", "r2.txt", "--save-video", "v2.avi", "--gt", bad);
        refused.ExitCode.ShouldBe(2, refused.Error);
        refused.Error.ShouldContain($"{bad}:2: ");
        refused.Error.ShouldNotContain("   at ");
        File.Exists(Path.Combine(dir, "r2.txt")).ShouldBeFalse();
        File.Exists(Path.Combine(dir, "v2.avi")).ShouldBeFalse();

        var missing = CliRunner.Run(dir, "track", sequence, "-o", "r3.txt", "--save-video", "v3.avi", "--gt", "nothere.txt");
        missing.ExitCode.ShouldBe(2);
        missing.Error.ShouldContain("nothere.txt");
        var noVideo = CliRunner.Run(dir, "track", sequence, "-o", "r4.txt", "--gt", bad);
        noVideo.ExitCode.ShouldBe(2);
        noVideo.Error.ShouldContain("--save-video");
    }

    [Fact]
    public void Track_writes_the_heat_map_as_a_png_and_refuses_another_extension_or_an_existing_file()
    {
        string dir = TestData.NewTempDirectory();
        string sequence = CutSequence(dir);
        var run = CliRunner.Run(dir, "track", sequence, "-o", "r.txt", "--heatmap", "heat.png");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("heat map -> ");
        File.ReadAllBytes(Path.Combine(dir, "heat.png")).Take(4).ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });

        var jpeg = CliRunner.Run(dir, "track", sequence, "-o", "r2.txt", "--heatmap", "heat.jpg");
        jpeg.ExitCode.ShouldBe(2);
        jpeg.Error.ShouldContain(".png");
        var again = CliRunner.Run(dir, "track", sequence, "-o", "r3.txt", "--heatmap", "heat.png");
        again.ExitCode.ShouldBe(2);
        again.Error.ShouldContain("--overwrite");
    }
}
