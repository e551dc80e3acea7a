using MotTracker.Core.MotChallenge;

namespace MotTracker.Core.Tests.MotChallenge;

public sealed class DetectionFrameReaderTests
{
    private static List<(int Frame, MotRow[] Rows)> Collect(DetectionFrameReader reader) =>
        reader.Frames().Select(f => (f.Frame, f.Rows.ToArray())).ToList();

    [Fact]
    public void A_file_larger_than_one_chunk_with_frames_across_chunk_borders_reads_exactly()
    {
        using var dir = new TempDirectory();
        // 120,000 lines (about 3 MiB, several 1 MiB chunks), frames shuffled within blocks of 50.
        var random = new Random(7);
        var lines = new List<string>();
        for (int block = 0; block < 240; block++)
        {
            var frames = Enumerable.Range(block * 50 + 1, 50).SelectMany(f => Enumerable.Repeat(f, 10)).OrderBy(_ => random.Next()).ToList();
            lines.AddRange(frames.Select((f, k) => $"{f},-1,{k},{block},20,40,0.9"));
        }
        string path = dir.Write("det.txt", string.Join("\n", lines) + "\n");
        var expected = MotRows.GroupByFrame(MotFileReader.Read(path, MotFileKind.Detections), 12_000);
        var reader = DetectionFrameReader.Open(path, 12_000);
        reader.IsHeldWhole.ShouldBeFalse("a file of several chunks is streamed a second time, not held");
        var served = Collect(reader);
        served.Count.ShouldBe(12_000);
        for (int f = 1; f <= 12_000; f++) served[f - 1].Rows.ShouldBe(expected[f], $"frame {f}");
    }

    [Fact]
    public void A_file_of_one_chunk_read_once_gives_every_frame_exactly_as_reading_the_whole_file()
    {
        string det = Path.Combine(TestData.Mot17Sequence("MOT17-04-FRCNN"), "det", "det.txt");
        var expected = MotRows.GroupByFrame(MotFileReader.Read(det, MotFileKind.Detections), 1050);

        var reader = DetectionFrameReader.Open(det, 1050);
        reader.IsHeldWhole.ShouldBeTrue("MOT17-04's 0.9 MB fit one chunk: its rows are kept from the checking pass");
        reader.RowCount.ShouldBe(28_406);
        var frames = Collect(reader);

        frames.Select(f => f.Frame).ShouldBe(Enumerable.Range(1, 1050));
        for (int f = 1; f <= 1050; f++)
            frames[f - 1].Rows.ShouldBe(expected[f], $"frame {f}");
    }

    [Fact]
    public void A_bad_line_deep_in_the_file_is_named_by_its_line()
    {
        using var dir = new TempDirectory();
        var lines = Enumerable.Range(1, 60_000).Select(i => $"{i % 500 + 1},-1,10,20,30,40,0.9").ToList();
        lines[45_000] = "7,-1,10,20,abc,40,0.9";
        string path = dir.Write("det.txt", string.Join("\n", lines) + "\n");
        var error = Should.Throw<MotFormatException>(() => DetectionFrameReader.Open(path, 0));
        error.Line.ShouldBe(45_001);
        error.Field.ShouldBe("bb_width");
    }

    [Fact]
    public void A_frame_beyond_the_sequence_length_names_its_line()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("det.txt", "1,-1,1,1,5,5,1\n9,-1,1,1,5,5,1\n");
        var error = Should.Throw<MotFormatException>(() => DetectionFrameReader.Open(path, 5));
        error.Line.ShouldBe(2);
        error.Message.ShouldContain("beyond seqLength 5");
    }

    [Fact]
    public void A_file_the_fast_parser_declines_is_still_read_exactly()
    {
        using var dir = new TempDirectory();
        // A byte order mark and CRLF line ends go to the general reader.
        string path = dir.Write("det.txt", "\uFEFF2,-1,1,1,5,5,0.5\r\n1,-1,2,2,6,6,0.7\r\n");
        var frames = Collect(DetectionFrameReader.Open(path, 3));
        frames.Select(f => (f.Frame, f.Rows.Length)).ShouldBe([(1, 1), (2, 1), (3, 0)]);
        frames[0].Rows[0].Score.ShouldBe(0.7);
    }

    [Fact]
    public void A_frame_is_served_only_after_its_last_row_even_when_rows_come_out_of_order()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("det.txt", "3,-1,1,1,5,5,1\n1,-1,1,1,5,5,1\n3,-1,2,2,5,5,1\n2,-1,1,1,5,5,1\n3,-1,3,3,5,5,1\n");
        var frames = Collect(DetectionFrameReader.Open(path, 0));
        frames.Select(f => (f.Frame, f.Rows.Length)).ShouldBe([(1, 1), (2, 1), (3, 3)]);
        frames[2].Rows.Select(r => r.Box.X).ShouldBe([1.0, 2.0, 3.0]);
        frames[2].Rows.Select(r => r.Line).ShouldBe([1, 3, 5]);
    }

    [Fact]
    public void A_held_file_in_reverse_frame_order_is_served_by_frame_with_each_frames_rows_in_file_order()
    {
        using var dir = new TempDirectory();
        // Frames 200..1, three rows each: every row is out of place, so grouping in place follows long cycles.
        var lines = Enumerable.Range(1, 200).Reverse().SelectMany(f => Enumerable.Range(0, 3).Select(k => $"{f},-1,{k},{f},20,40,0.9"));
        string path = dir.Write("det.txt", string.Join("\n", lines) + "\n");
        var expected = MotRows.GroupByFrame(MotFileReader.Read(path, MotFileKind.Detections), 201);

        var reader = DetectionFrameReader.Open(path, 201);
        reader.IsHeldWhole.ShouldBeTrue();
        var frames = Collect(reader);

        frames.Count.ShouldBe(201);
        for (int f = 1; f <= 201; f++) frames[f - 1].Rows.ShouldBe(expected[f], $"frame {f}");
        frames[0].Rows.Select(r => r.Box.X).ShouldBe([0.0, 1.0, 2.0]);
        frames[200].Rows.ShouldBeEmpty();
    }
}
