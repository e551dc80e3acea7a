using System.Text;

namespace MotTracker.Cli.Tests;

/// <summary>
/// One table of broken inputs run through the whole CLI: every case must be exit code 2, a message that
/// names the file (and the line, for a bad row) and no output file left behind. A tiny three-frame
/// sequence is written for each case and one of its files is spoiled.
/// </summary>
public sealed class BadInputTableTests
{
    private const string SeqInfo = "[Sequence]\nname=TINY-01\nimDir=img1\nframeRate=30\nseqLength=3\nimWidth=640\nimHeight=480\nimExt=.jpg\n";
    private const string DetRow = "1,-1,10,20,30,40,0.9";
    private const string GtRow = "1,1,10,20,30,40,1,1,1";
    private const string ResultRow = "1,1,10,20,30,40,1,-1,-1,-1";

    /// <summary>Which file of the sequence a case spoils.</summary>
    public enum Target
    {
        /// <summary>det/det.txt, read by <c>track</c>; the bad line follows one good row (so it is line 2).</summary>
        Det,
        /// <summary>gt/gt.txt, read by <c>eval</c>; the bad line is line 2.</summary>
        Gt,
        /// <summary>The result file given to <c>eval</c>; the bad line is line 2.</summary>
        Results,
        /// <summary>seqinfo.ini for <c>track</c>; the content replaces the whole file.</summary>
        SeqInfoTrack,
        /// <summary>seqinfo.ini for <c>eval</c> (single-file form reads seqLength from it); the whole file.</summary>
        SeqInfoEval,
    }

    /// <summary>Target, content, the line the message must name (0: none) and a fragment of the reason.</summary>
    public static TheoryData<Target, string, int, string> Cases => new()
    {
        // det.txt rows (track)
        { Target.Det, "1,-1,10,abc,30,40,0.9", 2, "field 'bb_top': 'abc' is not a number" },
        { Target.Det, "1,-1,10,20,30,40", 2, "6 columns; expected 7 or 10" },
        { Target.Det, "1,-1,10,20,30,40,0.9,-1", 2, "8 columns" },
        { Target.Det, "1,-1,10,20,30,40,0.9,-1,-1,-1,7", 2, "more than 10 columns" },
        { Target.Det, "1,-1,10,,30,40,0.9", 2, "empty field" },
        { Target.Det, "1,-1,10,20,NaN,40,0.9", 2, "field 'bb_width': NaN is not a finite number" },
        { Target.Det, "1,-1,10,20,30,Infinity,0.9", 2, "field 'bb_height': Infinity is not a finite number" },
        { Target.Det, "1,-1,-Infinity,20,30,40,0.9", 2, "field 'bb_left'" },
        { Target.Det, "1,-1,10,20,1e30,40,0.9", 2, "field 'bb_width': 1E+30 is beyond 1000000 pixels" },
        { Target.Det, "1,-1,10,20,30,-40,0.9", 2, "field 'bb_height': negative height -40" },
        { Target.Det, "0,-1,10,20,30,40,0.9", 2, "field 'frame': 0 is below 1" },
        { Target.Det, "1.5,-1,10,20,30,40,0.9", 2, "field 'frame': '1.5' is not a whole number" },
        { Target.Det, "4,-1,10,20,30,40,0.9", 2, "field 'frame': 4 is beyond seqLength 3" },
        { Target.Det, "1,-1,10,20,30,40,high", 2, "field 'conf': 'high' is not a number" },
        // gt.txt rows (eval)
        { Target.Gt, "1,1,10,20,30,40,1", 2, "7 columns; expected 9" },
        { Target.Gt, "1,x,10,20,30,40,1,1,1", 2, "field 'id': 'x' is not a number" },
        { Target.Gt, "1,2.5,10,20,30,40,1,1,1", 2, "field 'id': '2.5' is not a whole number" },
        { Target.Gt, "1,2,10,20,30,40,1,1,NaN", 2, "field 'visibility/y': NaN is not a finite number" },
        { Target.Gt, "1,2,10,20,30,40,1,1.5,1", 2, "field 'class': '1.5' is not a whole number" },
        { Target.Gt, "1,2,10,20,-30,40,1,1,1", 2, "field 'bb_width': negative width -30" },
        { Target.Gt, "-1,2,10,20,30,40,1,1,1", 2, "field 'frame': -1 is below 1" },
        { Target.Gt, "9,2,10,20,30,40,1,1,1", 2, "field 'frame': frame 9 is outside the sequence (frames 1-3" },
        { Target.Gt, "1,1,60,70,30,40,1,1,1", 2, "field 'id': gt id 1 appears more than once in frame 1 (also on line 1)" },
        // result rows (eval)
        { Target.Results, "1,1,50,60,30,40,1,-1,-1,-1", 2, "field 'id': track id 1 appears more than once in frame 1 (also on line 1)" },
        { Target.Results, "1,2,10,20,30", 2, "5 columns; expected 6 to 10" },
        { Target.Results, "1,2,left,20,30,40,1,-1,-1,-1", 2, "field 'bb_left': 'left' is not a number" },
        { Target.Results, "7,2,10,20,30,40,1,-1,-1,-1", 2, "field 'frame': frame 7 is outside the sequence" },
        { Target.Results, "1,1.5,10,20,30,40,1,-1,-1,-1", 2, "field 'id': '1.5' is not a whole number" },
        { Target.Results, "1,2,10,20,30,40,1,2,-1,-1", 2, "field 'class': class 2: pedestrian results must have class 1 or -1" },
        { Target.Results, "1,2,10,20,30,1e30,1,-1,-1,-1", 2, "field 'bb_height': 1E+30 is beyond 1000000 pixels" },
        { Target.Results, "1,2,10,20,30,40,-Infinity,-1,-1,-1", 2, "field 'conf': -Infinity is not a finite number" },
        // seqinfo.ini
        { Target.SeqInfoTrack, SeqInfo.Replace("seqLength=3\n", ""), 0, "field 'seqLength': missing key" },
        { Target.SeqInfoTrack, SeqInfo.Replace("seqLength=3", "seqLength=three"), 5, "field 'seqLength': 'three' is not a number" },
        { Target.SeqInfoTrack, SeqInfo.Replace("seqLength=3", "seqLength=0"), 5, "field 'seqLength': 0 is below the minimum 1" },
        { Target.SeqInfoTrack, SeqInfo.Replace("seqLength=3", "seqLength=2.5"), 5, "field 'seqLength': '2.5' is not a whole number" },
        { Target.SeqInfoTrack, SeqInfo.Replace("frameRate=30\n", ""), 0, "field 'frameRate': missing key" },
        { Target.SeqInfoTrack, SeqInfo.Replace("frameRate=30", "frameRate=NaN"), 4, "field 'frameRate': 'NaN' is not a number" },
        { Target.SeqInfoTrack, SeqInfo + "this line has no equals sign\n", 9, "expected 'key=value'" },
        { Target.SeqInfoEval, "", 0, "field 'frameRate': missing key" },
        { Target.SeqInfoEval, SeqInfo.Replace("imWidth=640", "imWidth=wide"), 6, "field 'imWidth': 'wide' is not a number" },
        { Target.SeqInfoEval, SeqInfo.Replace("seqLength=3", "seqLength=-3"), 5, "field 'seqLength': -3 is below the minimum 1" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_is_exit_code_2_naming_file_and_line_with_no_output_left(Target target, string content, int line, string reason)
    {
        using var dir = new TempDirectory();
        var files = TinySequence.Write(dir, SeqInfo, DetRow + "\n", GtRow + "\n", ResultRow + "\n");
        string spoiled = target switch
        {
            Target.Det => files.Det,
            Target.Gt => files.Gt,
            Target.Results => files.Results,
            _ => files.SeqInfo,
        };
        string good = target switch
        {
            Target.Det => DetRow + "\n",
            Target.Gt => GtRow + "\n",
            Target.Results => ResultRow + "\n",
            _ => "",
        };
        File.WriteAllText(spoiled, good + content + (target is Target.Det or Target.Gt or Target.Results ? "\n" : ""));

        var result = target is Target.Det or Target.SeqInfoTrack ? files.Track() : files.Eval();

        result.ExitCode.ShouldBe(2, result.Error);
        result.Error.ShouldContain(line > 0 ? $"{spoiled}:{line}: " : $"{spoiled}: ");
        result.Error.ShouldContain(reason);
        result.Error.ShouldNotContain("   at "); // a message, not a stack trace
        files.OutputsLeft().ShouldBeEmpty();
    }

    [Fact]
    public void Crlf_line_endings_and_a_utf8_bom_in_every_input_still_track_like_plain_files()
    {
        using var plainDir = new TempDirectory();
        using var windowsDir = new TempDirectory();
        const string det = "1,-1,10,20,30,40,0.9\n2,-1,12,21,30,40,0.8\n3,-1,14,22,30,40,0.9\n";
        var plain = TinySequence.Write(plainDir, SeqInfo, det, GtRow + "\n", ResultRow + "\n");
        var windows = TinySequence.Write(windowsDir, WindowsText(SeqInfo), WindowsText(det), GtRow, ResultRow);

        var expected = plain.Track();
        var actual = windows.Track();

        expected.ExitCode.ShouldBe(0, expected.Error);
        actual.ExitCode.ShouldBe(0, actual.Error);
        string plainOut = File.ReadAllText(plain.Output("track.txt"));
        plainOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(3);
        File.ReadAllText(windows.Output("track.txt")).ShouldBe(plainOut);
    }

    [Fact]
    public void Crlf_line_endings_and_a_utf8_bom_in_gt_results_and_seqinfo_still_evaluate_like_plain_files()
    {
        using var plainDir = new TempDirectory();
        using var windowsDir = new TempDirectory();
        const string gt = "1,1,10,20,30,40,1,1,1\n2,1,12,20,30,40,1,1,1\n3,1,14,20,30,40,1,1,1\n";
        const string results = "1,5,10,20,30,40,1,-1,-1,-1\n2,5,12,20,30,40,1,-1,-1,-1\n3,6,14,20,30,40,1,-1,-1,-1\n";
        var plain = TinySequence.Write(plainDir, SeqInfo, DetRow + "\n", gt, results);
        var windows = TinySequence.Write(windowsDir, WindowsText(SeqInfo), DetRow, WindowsText(gt), WindowsText(results));

        var expected = plain.Eval("--format", "csv");
        var actual = windows.Eval("--format", "csv");

        expected.ExitCode.ShouldBe(0, expected.Error);
        actual.ExitCode.ShouldBe(0, actual.Error);
        // The same numbers either way, not merely an exit code.
        File.ReadAllText(plain.Output("eval.txt")).ShouldContain("TINY-01");
        File.ReadAllText(windows.Output("eval.txt")).ShouldBe(File.ReadAllText(plain.Output("eval.txt")));
    }

    /// <summary>CRLF line endings and a UTF-8 byte order mark, as Windows editors save text.</summary>
    private static string WindowsText(string text) => "\uFEFF" + text.Replace("\n", "\r\n");

    /// <summary>A three-frame sequence on disk with det, gt, a result file and an empty output folder.</summary>
    private sealed record TinySequence(string Root, string Sequence, string SeqInfo, string Det, string Gt, string Results, string OutputFolder)
    {
        public static TinySequence Write(TempDirectory dir, string seqInfo, string det, string gt, string results)
        {
            string seq = dir.Combine("TINY-01");
            var files = new TinySequence(dir.Path, seq, Path.Combine(seq, "seqinfo.ini"), Path.Combine(seq, "det", "det.txt"),
                Path.Combine(seq, "gt", "gt.txt"), dir.Combine("results", "TINY-01.txt"), dir.Combine("out"));
            // BOM-carrying content is written byte for byte: WriteAllText with the default encoding would not add one.
            foreach (var (path, text) in new[] { (files.SeqInfo, seqInfo), (files.Det, det), (files.Gt, gt), (files.Results, results) })
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, new UTF8Encoding(false).GetBytes(text));
            }
            Directory.CreateDirectory(files.OutputFolder);
            return files;
        }

        public string Output(string name) => Path.Combine(OutputFolder, name);

        public CliRunner.Result Track() => CliRunner.Run(Root, "track", Sequence, "-o", Output("track.txt"));

        public CliRunner.Result Eval(params string[] extra) =>
            CliRunner.Run(Root, ["eval", "--gt", Gt, "--results", Results, "-o", Output("eval.txt"), .. extra]);

        /// <summary>Anything written into the output folder (results, or a temporary file left half-way).</summary>
        public string[] OutputsLeft() => Directory.GetFileSystemEntries(OutputFolder);
    }
}
