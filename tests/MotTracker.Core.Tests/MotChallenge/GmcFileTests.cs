using MotTracker.Core.MotChallenge;

namespace MotTracker.Core.Tests.MotChallenge;

public sealed class GmcFileTests
{
    // Published layout: index, six numbers, each followed by a tab.
    private const string ThreeFrames =
        "0\t1.000000\t0.000000\t0.000000\t0.000000\t1.000000\t0.000000\t\n" +
        "1\t1.000000\t0.000000\t5.000000\t0.000000\t1.000000\t-2.000000\t\n" +
        "2\t2.000000\t0.000000\t1.000000\t0.000000\t2.000000\t3.000000\t\n";

    [Fact]
    public void Line_zero_is_the_identity_and_line_i_is_the_warp_into_frame_i_plus_one()
    {
        using var dir = new TempDirectory();
        var file = GmcFile.Read(dir.Write("gmc.txt", ThreeFrames));
        file.FrameCount.ShouldBe(3);
        file.Into(1).IsIdentity.ShouldBeTrue();
        file.Into(2).ShouldBe(AffineWarp.Translation(5, -2));
        file.Into(3).ShouldBe(new AffineWarp(2, 0, 1, 0, 2, 3));
        file.Between(0, 1).IsIdentity.ShouldBeTrue();
        file.Between(1, 2).ShouldBe(AffineWarp.Translation(5, -2));
    }

    [Fact]
    public void The_warp_over_frames_skipped_for_having_no_detections_is_the_composition_of_theirs()
    {
        using var dir = new TempDirectory();
        var file = GmcFile.Read(dir.Write("gmc.txt", ThreeFrames));
        // Frame 1 -> 3: first shift by (5, -2), then scale by 2 and shift by (1, 3).
        var warp = file.Between(1, 3);
        warp.ShouldBe(new AffineWarp(2, 0, 11, 0, 2, -1));
        warp.Apply(10, 20).ShouldBe((31.0, 39.0));
        var (x, y) = file.Into(3).Apply(file.Into(2).Apply(10, 20).X, file.Into(2).Apply(10, 20).Y);
        warp.Apply(10, 20).ShouldBe((x, y));
    }

    [Fact]
    public void Space_separated_lines_without_the_trailing_tab_and_a_final_blank_line_read_too()
    {
        using var dir = new TempDirectory();
        var file = GmcFile.Read(dir.Write("gmc.txt", "0 1 0 0 0 1 0\n1 1 0 0.5 0 1 0.25\n\n"));
        file.FrameCount.ShouldBe(2);
        file.Into(2).ShouldBe(AffineWarp.Translation(0.5, 0.25));
    }

    [Theory]
    [InlineData("1\t1\t0\t0\t0\t1\t0\t\n", 1, "expected 0")]
    [InlineData("0\t1\t0\t0\t0\t1\t0\t\n1\t1\t0\tx\t0\t1\t0\t\n", 2, "field 'tx'")]
    [InlineData("0\t1\t0\t0\t0\t1\t0\t\n1\t1\t0\t0\t0\t1\t\n", 2, "found 6")]
    [InlineData("0\t1\t0\t0\t0\t1\t0\t\n2\t1\t0\t0\t0\t1\t0\t\n", 2, "expected 1")]
    [InlineData("0\t1\t0\t0\t0\t1\t0\t\n\n1\t1\t0\t0\t0\t1\t0\t\n", 2, "blank line")]
    [InlineData("0\t1\t0\t0\t0\t1\t0\t1\t\n", 1, "found 8")]
    [InlineData("0\t1\t0\tNaN\t0\t1\t0\t\n", 1, "finite")]
    public void A_malformed_line_is_an_error_naming_the_file_and_its_line(string text, int line, string reason)
    {
        using var dir = new TempDirectory();
        string path = dir.Write("gmc.txt", text);
        var ex = Should.Throw<MotFormatException>(() => GmcFile.Read(path));
        ex.File.ShouldBe(path);
        ex.Line.ShouldBe(line);
        ex.Message.ShouldContain(reason);
    }

    [Fact]
    public void Asking_past_the_last_line_names_the_first_missing_line()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("gmc.txt", ThreeFrames);
        var ex = Should.Throw<MotFormatException>(() => GmcFile.Read(path).Between(3, 5));
        ex.Line.ShouldBe(4);
        ex.Message.ShouldContain("at least 5 frames");
    }

    [Fact]
    public void Written_warps_read_back_as_the_very_same_doubles_in_the_published_layout()
    {
        using var dir = new TempDirectory();
        var random = new Random(3);
        var warps = new List<AffineWarp> { AffineWarp.Identity };
        for (int i = 0; i < 200; i++)
            warps.Add(new AffineWarp(1 + random.NextDouble() * 1e-3, random.NextDouble() * 1e-4, random.NextDouble() * 40 - 20,
                -random.NextDouble() * 1e-4, 1 - random.NextDouble() * 1e-3, Math.PI * random.NextDouble() - 1e-300));
        warps.Add(new AffineWarp(-0.0, double.Epsilon, 1e300, 0.1 + 0.2, 1, -7));
        string path = Path.Combine(dir.Path, "saved.txt");
        GmcFile.Write(path, warps);
        var back = GmcFile.Read(path);
        back.FrameCount.ShouldBe(warps.Count);
        for (int f = 1; f <= warps.Count; f++) back.Into(f).ShouldBe(warps[f - 1], $"frame {f}");
        File.ReadAllLines(path)[0].ShouldBe("0\t1\t0\t0\t0\t1\t0\t");
        // Writing what was read gives the same bytes.
        string again = Path.Combine(dir.Path, "again.txt");
        GmcFile.Write(again, Enumerable.Range(1, back.FrameCount).Select(back.Into).ToList());
        File.ReadAllBytes(again).ShouldBe(File.ReadAllBytes(path));
    }

    [Fact]
    public void The_published_val_half_file_of_MOT17_02_reads_one_line_per_frame()
    {
        string path = Path.Combine(SharedData.DataDirectory, "MOT17", "val-half", "MOT17-02", GmcFile.FileName);
        var file = GmcFile.Read(path);
        file.FrameCount.ShouldBe(299);
        file.Into(1).IsIdentity.ShouldBeTrue();
        file.Into(2).M13.ShouldBe(-0.056213);
    }
}
