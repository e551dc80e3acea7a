using MotTracker.Evaluation;

namespace MotTracker.Evaluation.Tests;

/// <summary>The input errors TrackEval refuses, reported with file, line and reason.</summary>
public sealed class InputCheckTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _gt;

    public InputCheckTests()
    {
        string seq = _temp.Combine("bench", "SEQ-01");
        Directory.CreateDirectory(Path.Combine(seq, "gt"));
        File.WriteAllText(Path.Combine(seq, "seqinfo.ini"), "[Sequence]\nname=SEQ-01\nimDir=img1\nframeRate=30\nseqLength=3\nimWidth=640\nimHeight=480\nimExt=.jpg\n");
        _gt = Path.Combine(seq, "gt", "gt.txt");
        File.WriteAllText(_gt, "1,1,10,10,50,100,1,1,1\n2,1,12,10,50,100,1,1,1\n3,1,14,10,50,100,1,1,1\n");
        Directory.CreateDirectory(_temp.Combine("res"));
    }

    public void Dispose() => _temp.Dispose();

    private MotFormatException Fails(string results)
    {
        string path = _temp.Combine("res", "SEQ-01.txt");
        File.WriteAllText(path, results);
        var sequences = MotChallengeLayout.Discover(_temp.Combine("bench"), _temp.Combine("res"), null);
        return Should.Throw<MotFormatException>(() => MotEvaluator.Evaluate(MotChallengeBenchmark.For(MotBenchmark.MOT17), sequences));
    }

    [Fact]
    public void A_track_id_used_twice_in_one_frame_names_both_lines()
    {
        var ex = Fails("1,5,10,10,50,100,1,-1,-1,-1\n\n2,5,12,10,50,100,1,-1,-1,-1\n2,5,40,10,50,100,1,-1,-1,-1\n");
        ex.File.ShouldEndWith("SEQ-01.txt");
        ex.Line.ShouldBe(4); // the blank line 2 still counts
        ex.Reason.ShouldContain("track id 5 appears more than once in frame 2 (also on line 3)");
    }

    [Fact]
    public void A_frame_beyond_seqLength_is_rejected_with_its_line()
    {
        var ex = Fails("1,5,10,10,50,100,1,-1,-1,-1\n4,5,10,10,50,100,1,-1,-1,-1\n");
        (ex.Line, ex.Field).ShouldBe((2, "frame"));
        ex.Reason.ShouldContain("frame 4 is outside the sequence (frames 1-3");
    }

    [Fact]
    public void A_non_pedestrian_class_in_results_is_rejected()
    {
        var ex = Fails("1,5,10,10,50,100,1,3,-1,-1\n");
        (ex.Line, ex.Field).ShouldBe((1, "class"));
        ex.Reason.ShouldContain("class 3");
    }

    [Fact]
    public void A_malformed_row_names_file_line_and_field()
    {
        var ex = Fails("1,5,10,10,50,100,1,-1,-1,-1\n2,5,abc,10,50,100,1,-1,-1,-1\n");
        (ex.Line, ex.Field).ShouldBe((2, "bb_left"));
    }

    [Fact]
    public void A_seqmap_sequence_without_a_result_file_is_an_error()
    {
        string seqmap = _temp.Combine("map.txt");
        File.WriteAllText(seqmap, "name\nSEQ-01\n");
        var ex = Should.Throw<MotFormatException>(() => MotChallengeLayout.Discover(_temp.Combine("bench"), _temp.Combine("res"), seqmap));
        ex.File.ShouldEndWith("SEQ-01.txt");
        ex.Reason.ShouldContain("no result file for sequence 'SEQ-01'");
    }

    [Fact]
    public void A_seqmap_sequence_without_ground_truth_points_at_the_seqmap_line()
    {
        string seqmap = _temp.Combine("map.txt");
        File.WriteAllText(seqmap, "name\nSEQ-01\nSEQ-02\n");
        File.WriteAllText(_temp.Combine("res", "SEQ-01.txt"), "");
        var ex = Should.Throw<MotFormatException>(() => MotChallengeLayout.Discover(_temp.Combine("bench"), _temp.Combine("res"), seqmap));
        (ex.File, ex.Line).ShouldBe((seqmap, 3));
        ex.Reason.ShouldContain("sequence 'SEQ-02' has no ground truth");
    }

    [Fact]
    public void An_empty_result_file_is_valid_and_scores_every_gt_box_as_missed()
    {
        File.WriteAllText(_temp.Combine("res", "SEQ-01.txt"), "");
        var sequences = MotChallengeLayout.Discover(_temp.Combine("bench"), _temp.Combine("res"), null);
        var report = MotEvaluator.Evaluate(MotChallengeBenchmark.For(MotBenchmark.MOT17), sequences);
        ((long)report.Combined["CLR_FN"].Value, report.Combined["MOTA"].Value).ShouldBe((3L, 0.0));
    }

    [Fact]
    public void The_full_MOT17_seqmap_over_FRCNN_only_folders_explains_the_DPM_names()
    {
        string seqmap = Path.Combine(SharedData.DataDirectory, "seqmaps", "MOT17-train.txt");
        var ex = Should.Throw<MotFormatException>(() =>
            MotChallengeLayout.Discover(SharedData.Path17Train, Path.Combine(SharedData.MoTTDirectory, "data"), seqmap));
        (ex.File, ex.Line).ShouldBe((seqmap, 2));
        ex.Reason.ShouldContain("'MOT17-02-DPM' has no ground truth");
        ex.Reason.ShouldContain("only MOT17-02-FRCNN is present");
    }
}
