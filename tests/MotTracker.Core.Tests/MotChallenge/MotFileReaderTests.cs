using MotTracker.Core.MotChallenge;

namespace MotTracker.Core.Tests.MotChallenge;

public sealed class MotFileReaderTests
{
    private static List<MotRow> Parse(string text, MotFileKind kind) => MotFileReader.Read(new StringReader(text), "test.txt", kind);

    private static MotFormatException Fails(string text, MotFileKind kind) =>
        Should.Throw<MotFormatException>(() => Parse(text, kind));

    [Fact]
    public void Detections_with_seven_or_ten_columns_and_float_ids_are_read_in_file_order()
    {
        var rows = Parse("3,-1,1.5,2,30,60,0.9\n1,-1.000,10,20,30,40,0.25,-1,-1,-1\r\n\n2 -1 5 6 7 8 1\n", MotFileKind.Detections);
        rows.Select(r => r.Frame).ShouldBe([3, 1, 2]);
        rows[0].Box.ShouldBe(new BoundingBox(1.5, 2, 30, 60));
        rows[1].Score.ShouldBe(0.25);
        rows.ShouldAllBe(r => r.Id == -1);
        rows.Select(r => r.Line).ShouldBe([1, 2, 4]);
    }

    [Fact]
    public void Mot17_ground_truth_keeps_flag_class_and_visibility()
    {
        var row = Parse("1,7,912,484,97,109,0,7,1", MotFileKind.GroundTruth).Single();
        row.ShouldBe(new MotRow(1, 7, new BoundingBox(912, 484, 97, 109), 0, 7, 1) { Line = 1 });
    }

    [Fact]
    public void Mot15_ground_truth_has_ten_columns()
    {
        var row = Parse("1,1,-9,200,50,100,1,-1,-1,-1", MotFileKind.GroundTruth).Single();
        row.Box.X.ShouldBe(-9);
        row.Score.ShouldBe(1);
    }

    [Theory]
    [InlineData("1,2,3,4,5,6", MotFileKind.Detections, null, "6 columns; expected 7 or 10")]
    [InlineData("1,-1,3,4,5,6,0.5,1", MotFileKind.Detections, null, "8 columns")]
    [InlineData("1,2,3,4,5,6,1", MotFileKind.GroundTruth, null, "7 columns; expected 9")]
    [InlineData("1,-1,3,abc,5,6,0.5", MotFileKind.Detections, "bb_top", "'abc' is not a number")]
    [InlineData("1,-1,3,4,NaN,6,0.5", MotFileKind.Detections, "bb_width", "not a finite number")]
    [InlineData("1,-1,3,4,5,-6,0.5", MotFileKind.Detections, "bb_height", "negative height")]
    [InlineData("1,-1,3,4,1e30,6,0.5", MotFileKind.Detections, "bb_width", "1E+30 is beyond 1000000 pixels")]
    [InlineData("1,-1,3,4,5,Infinity,0.5", MotFileKind.Detections, "bb_height", "not a finite number")]
    [InlineData("1,-1,3,4,5,1000000.5,0.5", MotFileKind.Detections, "bb_height", "is beyond 1000000 pixels")]
    [InlineData("1,-1,-2e6,4,5,6,0.5", MotFileKind.Detections, "bb_left", "is beyond 1000000 pixels")]
    [InlineData("1,1,3,4,5e7,6,1,1,1", MotFileKind.GroundTruth, "bb_width", "is beyond 1000000 pixels")]
    [InlineData("0,-1,3,4,5,6,0.5", MotFileKind.Detections, "frame", "below 1")]
    [InlineData("1.5,-1,3,4,5,6,0.5", MotFileKind.Detections, "frame", "not a whole number")]
    [InlineData("1,2.5,3,4,5,6,1,-1,-1,-1", MotFileKind.Results, "id", "not a whole number")]
    [InlineData("1,2,3,,5,6,1", MotFileKind.Results, "bb_top", "empty field")]
    public void Malformed_lines_name_file_line_and_field(string line, MotFileKind kind, string? field, string reason)
    {
        // A valid first line of the same kind, so the error must point at line 2.
        string valid = kind switch
        {
            MotFileKind.Detections => "1,-1,3,4,5,6,0.5,-1,-1,-1",
            MotFileKind.GroundTruth => "1,1,3,4,5,6,1,1,1",
            _ => "1,1,3,4,5,6,1,-1,-1,-1",
        };
        var ex = Fails(valid + "\n" + line + "\n", kind);
        ex.File.ShouldBe("test.txt");
        ex.Line.ShouldBe(2);
        ex.Field.ShouldBe(field);
        ex.Message.ShouldContain(reason);
        ex.Message.ShouldStartWith($"test.txt:{ex.Line}");
    }

    [Fact]
    public void A_missing_file_is_reported_by_name()
    {
        var ex = Should.Throw<MotFormatException>(() => MotFileReader.Read("/no/such/det.txt", MotFileKind.Detections));
        ex.Message.ShouldContain("/no/such/det.txt");
    }

    [Fact]
    public void Rows_group_by_frame_keeping_file_order()
    {
        var rows = Parse("2,-1,0,0,1,1,0.1\n1,-1,0,0,1,1,0.2\n2,-1,0,0,1,1,0.3\n", MotFileKind.Detections);
        var frames = MotRows.GroupByFrame(rows, 3);
        frames.Length.ShouldBe(4);
        frames[1].Select(r => r.Score).ShouldBe([0.2]);
        frames[2].Select(r => r.Score).ShouldBe([0.1, 0.3]);
        frames[3].ShouldBeEmpty();
    }

    [Fact]
    public void All_staged_mot17_detection_and_ground_truth_files_parse()
    {
        foreach (string seq in TestData.Mot17Sequences)
        {
            string dir = TestData.Mot17Sequence(seq);
            var info = SeqInfo.ReadFromDirectory(dir);
            info.Name.ShouldBe(seq);
            var det = MotFileReader.Read(Path.Combine(dir, "det", "det.txt"), MotFileKind.Detections);
            var gt = MotFileReader.Read(Path.Combine(dir, "gt", "gt.txt"), MotFileKind.GroundTruth);
            det.ShouldAllBe(r => r.Frame >= 1 && r.Frame <= info.SequenceLength);
            gt.ShouldAllBe(r => r.Frame >= 1 && r.Frame <= info.SequenceLength);
            if (seq == "MOT17-04-FRCNN")
            {
                det.Count.ShouldBe(28406);
                gt.Count.ShouldBe(108005);
                gt.Count(r => r.Score != 0 && r.ClassId == 1).ShouldBe(47557);
                (info.FrameRate, info.SequenceLength, info.ImageWidth, info.ImageHeight).ShouldBe((30.0, 1050, 1920, 1080));
            }
        }
    }

    [Fact]
    public void Clipping_to_the_image_trims_boxes_and_drops_those_left_outside()
    {
        MotRow Row(double x, double y, double w, double h) => new(1, 1, new BoundingBox(x, y, w, h), 0.9, -1, -1);
        var clipped = MotRows.ClipToImage([Row(-10, 5, 30, 40), Row(90, 90, 20, 20), Row(120, 10, 5, 5)], 100, 100);
        clipped.Select(r => r.Box).ShouldBe([new BoundingBox(0, 5, 20, 40), new BoundingBox(90, 90, 10, 10)]);
    }
}
