using MotTracker.Core.MotChallenge;

namespace MotTracker.Core.Tests.MotChallenge;

public sealed class LiveResultWriterTests
{
    private static MotRow Row(int frame, int id) => new(frame, id, new BoundingBox(1, 2, 3, 4), 0.5, -1, -1);

    private static string[] Frames(string path) => File.ReadAllLines(path).Select(l => l.Split(',')[0]).ToArray();

    [Fact]
    public void A_live_result_is_on_disk_after_each_frame_before_the_writer_is_closed()
    {
        using var temp = new TempDirectory();
        string path = temp.File("live.txt");
        using var writer = ResultStreamWriter.Live(path);

        writer.WriteFrame(1, [Row(1, 1)]);
        writer.WriteFrame(4, [Row(4, 2), Row(4, 1)]);

        using var tail = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        tail.ReadToEnd().ShouldBe("1,1,1.00,2.00,3.00,4.00,0.50,-1,-1,-1\n4,1,1.00,2.00,3.00,4.00,0.50,-1,-1,-1\n4,2,1.00,2.00,3.00,4.00,0.50,-1,-1,-1\n");
        Directory.GetFiles(temp.Path).ShouldBe([path], "no temporary file: written in place");
    }

    [Fact]
    public void A_rotated_live_result_puts_each_range_of_frame_numbers_in_its_own_part()
    {
        using var temp = new TempDirectory();
        string path = temp.File("cam.txt");
        using (var writer = ResultStreamWriter.Live(path, rotateFrames: 10))
        {
            foreach (int frame in (int[])[1, 2, 9, 10, 11, 35]) writer.WriteFrame(frame, [Row(frame, 1)]);
            writer.Parts.ShouldBe(3);
            writer.Path.ShouldBe(temp.File("cam.000004.txt"));
        }

        string.Join(" ", Directory.GetFiles(temp.Path).Select(Path.GetFileName).Order()).ShouldBe("cam.000001.txt cam.000002.txt cam.000004.txt",
            "part 3 (frames 21-30) had no frame: an outage skipped it");
        Frames(temp.File("cam.000001.txt")).ShouldBe(["1", "2", "9", "10"]);
        Frames(temp.File("cam.000002.txt")).ShouldBe(["11"]);
        Frames(temp.File("cam.000004.txt")).ShouldBe(["35"]);
    }

    [Fact]
    public void A_live_result_never_replaces_an_existing_file_unless_told()
    {
        using var temp = new TempDirectory();
        string path = temp.File("live.txt");
        File.WriteAllText(path, "keep");

        Should.Throw<IOException>(() => ResultStreamWriter.Live(path));
        File.ReadAllText(path).ShouldBe("keep");
        using (var writer = ResultStreamWriter.Live(path, replace: true)) writer.WriteFrame(1, [Row(1, 1)]);
        Frames(path).ShouldBe(["1"]);
    }
}
