using MotTracker.Core.MotChallenge;

namespace MotTracker.Core.Tests.MotChallenge;

public sealed class ResultFileWriterTests
{
    [Fact]
    public void Results_are_sorted_by_frame_then_id_in_the_motchallenge_format()
    {
        string dir = TestData.NewTempDirectory();
        string path = Path.Combine(dir, "out.txt");
        ResultFileWriter.Write(path, [
            new MotRow(2, 1, new BoundingBox(1, 2, 3, 4), 0.5, -1, -1),
            new MotRow(1, 3, new BoundingBox(-5.126, 2.5, 30, 40.004), 0.876, -1, -1),
            new MotRow(1, 2, new BoundingBox(0, 0, 10, 10), 1, -1, -1),
        ]);
        File.ReadAllText(path).ShouldBe(
            "1,2,0.00,0.00,10.00,10.00,1.00,-1,-1,-1\n" +
            "1,3,-5.13,2.50,30.00,40.00,0.88,-1,-1,-1\n" +
            "2,1,1.00,2.00,3.00,4.00,0.50,-1,-1,-1\n");
        Directory.GetFiles(dir).Length.ShouldBe(1, "no temporary file is left behind");
    }

    [Fact]
    public void A_failed_write_leaves_the_previous_file_untouched()
    {
        string dir = TestData.NewTempDirectory();
        string path = Path.Combine(dir, "out.txt");
        File.WriteAllText(path, "previous");
        Should.Throw<InvalidOperationException>(() => AtomicFile.Write(path, w =>
        {
            w.Write("half a file");
            throw new InvalidOperationException("disk gone");
        }));
        File.ReadAllText(path).ShouldBe("previous");
        Directory.GetFiles(dir).ShouldBe([path]);
    }

    [Fact]
    public void Written_results_read_back_as_results()
    {
        string path = Path.Combine(TestData.NewTempDirectory(), "r.txt");
        ResultFileWriter.Write(path, [new MotRow(4, 9, new BoundingBox(1.25, 2, 3, 4), 0.75, -1, -1)]);
        var row = MotFileReader.Read(path, MotFileKind.Results).Single();
        (row.Frame, row.Id, row.Box, row.Score).ShouldBe((4, 9, new BoundingBox(1.25, 2, 3, 4), 0.75));
    }

    [Fact]
    public void A_multi_class_file_holds_the_coco_class_in_column_8_and_eval_keeps_only_its_people()
    {
        string path = Path.Combine(TestData.NewTempDirectory(), "multi.txt");
        ResultFileWriter.Write(path, [
            new MotRow(1, 1, new BoundingBox(0, 0, 10, 20), 0.9, CocoClasses.Person, -1),
            new MotRow(1, 2, new BoundingBox(5, 0, 30, 20), 0.8, 2, -1),
            new MotRow(2, 1, new BoundingBox(1, 0, 10, 20), 0.9, CocoClasses.Person, -1),
        ], classColumn: true);
        File.ReadAllText(path).ShouldBe(
            "1,1,0.00,0.00,10.00,20.00,0.90,0,-1,-1\n" +
            "1,2,5.00,0.00,30.00,20.00,0.80,2,-1,-1\n" +
            "2,1,1.00,0.00,10.00,20.00,0.90,0,-1,-1\n");

        var rows = MotFileReader.Read(path, MotFileKind.Results);
        var persons = MotTracker.Core.Evaluation.ResultRowSelection.Select(rows, path, MotTracker.Core.Evaluation.ResultRows.CocoPersonRows);
        persons.Select(r => (r.Frame, r.Id, r.ClassId)).ShouldBe([(1, 1, 1), (2, 1, 1)]);
        MotTracker.Core.Evaluation.ResultRowSelection.Select(rows, path, MotTracker.Core.Evaluation.ResultRows.Pedestrian).ShouldBeSameAs(rows);
    }
}
