using MotTracker.Core.MotChallenge;

namespace MotTracker.Core.Tests.MotChallenge;

public sealed class ResultStreamWriterTests
{
    private static MotRow Row(int frame, int id, double x) => new(frame, id, new BoundingBox(x, 2, 3, 4), 0.5, -1, -1);

    [Fact]
    public void Each_frames_rows_are_written_sorted_by_id_and_the_file_appears_only_on_commit()
    {
        using var temp = new TempDirectory();
        string path = temp.File("out.txt");
        using (var writer = new ResultStreamWriter(path))
        {
            writer.WriteFrame(1, [Row(1, 3, 30), Row(1, 1, 10)]);
            writer.WriteFrame(2, []);
            writer.WriteFrame(4, [Row(4, 2, 20)]);
            File.Exists(path).ShouldBeFalse("the target is only renamed into place at the end");
            writer.Rows.ShouldBe(3);
            writer.Commit();
        }

        File.ReadAllText(path).ShouldBe(
            "1,1,10.00,2.00,3.00,4.00,0.50,-1,-1,-1\n" +
            "1,3,30.00,2.00,3.00,4.00,0.50,-1,-1,-1\n" +
            "4,2,20.00,2.00,3.00,4.00,0.50,-1,-1,-1\n");
        Directory.GetFiles(temp.Path).ShouldBe([path]);
    }

    [Fact]
    public void Disposed_without_a_commit_it_deletes_its_temporary_file_and_keeps_the_old_target()
    {
        using var temp = new TempDirectory();
        string path = temp.Write("out.txt", "previous");
        using (var writer = new ResultStreamWriter(path))
            writer.WriteFrame(1, [Row(1, 1, 10)]);

        Directory.GetFiles(temp.Path).ShouldBe([path]);
        File.ReadAllText(path).ShouldBe("previous");
    }

    [Fact]
    public void Frames_must_come_in_increasing_order()
    {
        using var temp = new TempDirectory();
        using var writer = new ResultStreamWriter(temp.File("out.txt"));
        writer.WriteFrame(5, [Row(5, 1, 10)]);
        Should.Throw<InvalidOperationException>(() => writer.WriteFrame(5, [Row(5, 2, 10)])).Message.ShouldContain("frames must increase");
    }
}
