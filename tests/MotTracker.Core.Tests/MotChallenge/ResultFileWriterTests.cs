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
        var persons = MotTracker.Evaluation.ResultRowSelection.Select(rows, path, MotTracker.Evaluation.ResultRows.CocoPersonRows);
        persons.Select(r => (r.Frame, r.Id, r.ClassId)).ShouldBe([(1, 1, 1), (2, 1, 1)]);
        MotTracker.Evaluation.ResultRowSelection.Select(rows, path, MotTracker.Evaluation.ResultRows.Pedestrian).ShouldBeSameAs(rows);
    }

    [Theory]
    [InlineData(0.995)] // stored just below the half cent: .NET's 15-digit pre-rounding makes it 1.00
    [InlineData(1.005)]
    [InlineData(2.675)]
    [InlineData(0.125)] // an exact half cent: away from zero
    [InlineData(-0.125)]
    [InlineData(-0.004)] // a negative that rounds to zero
    [InlineData(-1e-300)]
    [InlineData(0.0)]
    [InlineData(999999.995)]
    [InlineData(1e6 + 0.375)]
    [InlineData(123456789.126)] // beyond the fast range
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void Two_decimals_are_written_exactly_as_the_runtimes_custom_format(double value)
    {
        Span<char> buffer = stackalloc char[64];
        TwoDecimals.TryFormat(value, buffer, out int written).ShouldBeTrue();
        buffer[..written].ToString().ShouldBe(value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Negative_zero_is_written_as_the_runtime_writes_it()
    {
        Span<char> buffer = stackalloc char[16];
        TwoDecimals.TryFormat(-0.0, buffer, out int written).ShouldBeTrue();
        buffer[..written].ToString().ShouldBe((-0.0).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Two_decimals_agree_with_the_runtimes_custom_format_on_many_random_values()
    {
        var random = new Random(20261125);
        Span<char> buffer = stackalloc char[64];
        for (int i = 0; i < 200_000; i++)
        {
            // Three-decimal scores and half-cent values are the ones near a rounding boundary.
            double value = (i % 4) switch
            {
                0 => Math.Round(random.NextDouble(), 3),
                1 => (random.Next(-200_000_000, 200_000_000) + 0.5) / 100,
                2 => (random.NextDouble() - 0.3) * 4000,
                _ => random.NextDouble() * Math.Pow(10, random.Next(-3, 8)),
            };
            TwoDecimals.TryFormat(value, buffer, out int written).ShouldBeTrue();
            string expected = value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
            if (!buffer[..written].SequenceEqual(expected))
                buffer[..written].ToString().ShouldBe(expected, value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
