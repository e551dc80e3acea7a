using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MotTracker.Tests;

namespace MotTracker.Cli.Tests;

public sealed class EvalCommandTests
{
    private static readonly string Gt = TestData.Mot17Train;
    private static readonly string Results = Path.Combine(TestData.Shared, "data", "trackers", "MOT17-train", "imzhangyd_MoTT", "data");
    private static readonly string Mot15 = Path.Combine(TestData.Shared, "data", "MOT15", "train");
    private static readonly string Cem = Path.Combine(TestData.Shared, "data", "trackers", "MOT15-train", "CEM", "data");

    [Fact]
    public void Evaluating_a_benchmark_folder_prints_a_row_per_sequence_and_the_combined_row()
    {
        var result = CliRunner.Run(TestData.NewTempDirectory(), "eval", "--gt", Gt, "--results", Results, "--benchmark", "MOT17");
        result.ExitCode.ShouldBe(0, result.Error);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("Sequence");
        lines.Count(l => l.StartsWith("MOT17-", StringComparison.Ordinal)).ShouldBe(7);
        // HOTA, DetA, AssA, MOTA, MOTP, IDF1, IDSW ... as TrackEval's summary has them (percent).
        lines.Last().ShouldStartWith("COMBINED");
        lines.Last().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..8]
            .ShouldBe(["75.272", "79.750", "71.465", "90.320", "88.466", "81.859", "535"]);
    }

    [Fact]
    public void Json_output_has_every_field_as_fractions_and_counts()
    {
        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, "eval", "--gt", Mot15, "--results", Cem, "--benchmark", "MOT15",
            "--seqmap", WriteSeqmap(dir, "TUD-Campus", "TUD-Stadtmitte"), "--format", "json");
        result.ExitCode.ShouldBe(0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        json.RootElement.GetProperty("benchmark").GetString().ShouldBe("MOT15");
        json.RootElement.GetProperty("sequences").GetArrayLength().ShouldBe(2);
        var combined = json.RootElement.GetProperty("combined");
        combined.GetProperty("CLR_TP").GetInt64().ShouldBe(913);
        combined.GetProperty("IDSW").GetInt64().ShouldBe(14);
        Math.Round(combined.GetProperty("MOTA").GetDouble() * 100, 3).ShouldBe(55.512);
        combined.EnumerateObject().Count().ShouldBe(1 + 243 + 22 + 6 + 4 + 1);
    }

    [Fact]
    public void Json_output_has_headline_keys_on_the_summary_scale()
    {
        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, "eval", "--gt", Mot15, "--results", Cem, "--benchmark", "MOT15",
            "--seqmap", WriteSeqmap(dir, "TUD-Campus", "TUD-Stadtmitte"), "--format", "json");
        result.ExitCode.ShouldBe(0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var combined = json.RootElement.GetProperty("combined").GetProperty("summary");
        Math.Round(combined.GetProperty("MOTA").GetDouble(), 3).ShouldBe(55.512);
        Math.Round(combined.GetProperty("IDF1").GetDouble(), 3).ShouldBe(62.430);
        combined.GetProperty("IDSW").GetInt64().ShouldBe(14);
        combined.GetProperty("CLR_FP").GetInt64().ShouldBe(58);
        combined.TryGetProperty("HOTA", out _).ShouldBeTrue();
        combined.TryGetProperty("AssA", out _).ShouldBeTrue();
        var campus = json.RootElement.GetProperty("sequences")[0];
        campus.GetProperty("name").GetString().ShouldBe("TUD-Campus");
        Math.Round(campus.GetProperty("summary").GetProperty("MOTA").GetDouble(), 3).ShouldBe(52.646);
        Math.Round(campus.GetProperty("summary").GetProperty("HOTA").GetDouble(), 6)
            .ShouldBe(Math.Round(campus.GetProperty("HOTA___AUC").GetDouble() * 100, 6));
    }

    [Fact]
    public void Csv_output_to_a_file_is_TrackEvals_detailed_layout()
    {
        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, "eval", "--gt", Mot15, "--results", Cem, "--benchmark", "MOT15",
            "--seqmap", WriteSeqmap(dir, "TUD-Campus"), "--format", "csv", "-o", "out.csv");
        result.ExitCode.ShouldBe(0, result.Error);
        var lines = File.ReadAllLines(Path.Combine(dir, "out.csv"));
        lines.Length.ShouldBe(3);
        lines[0].ShouldStartWith("seq,HOTA(0),LocA(0),HOTALocA(0),HOTA___5,");
        lines[0].ShouldEndWith(",Dets,GT_Dets,IDs,GT_IDs");
        lines[1].ShouldStartWith("TUD-Campus,");
        lines[2].ShouldStartWith("COMBINED,");
        lines[2].ShouldEndWith(",222,359,13,8");
    }

    [Fact]
    public void The_single_sequence_form_reads_seqinfo_beside_the_gt_folder()
    {
        string seq = Path.Combine(Mot15, "TUD-Campus");
        var result = CliRunner.Run(TestData.NewTempDirectory(), "eval", "--gt", Path.Combine(seq, "gt", "gt.txt"),
            "--results", Path.Combine(Cem, "TUD-Campus.txt"), "--benchmark", "MOT15", "--format", "json");
        result.ExitCode.ShouldBe(0, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var campus = json.RootElement.GetProperty("sequences")[0];
        campus.GetProperty("name").GetString().ShouldBe("TUD-Campus");
        (campus.GetProperty("CLR_FP").GetInt64(), campus.GetProperty("CLR_FN").GetInt64(), campus.GetProperty("IDSW").GetInt64())
            .ShouldBe((13L, 150L, 7L));
    }

    [Fact]
    public void TrackEval_files_are_written_and_never_replaced_without_overwrite()
    {
        string dir = TestData.NewTempDirectory();
        string seqmap = WriteSeqmap(dir, "TUD-Campus", "TUD-Stadtmitte");
        string[] args = ["eval", "--gt", Mot15, "--results", Cem, "--benchmark", "MOT15", "--seqmap", seqmap, "--trackeval-files", "te"];
        CliRunner.Run(dir, args).ExitCode.ShouldBe(0);
        string summary = Path.Combine(dir, "te", "pedestrian_summary.txt");
        File.ReadAllLines(summary)[0].ShouldStartWith("HOTA DetA AssA DetRe DetPr AssRe AssPr LocA RHOTA HOTA(0)");
        File.ReadAllLines(summary)[1].Split(' ')[12].ShouldBe("55.512"); // MOTA
        File.Exists(Path.Combine(dir, "te", "pedestrian_detailed.csv")).ShouldBeTrue();

        File.WriteAllText(summary, "mine");
        var refused = CliRunner.Run(dir, args);
        refused.ExitCode.ShouldBe(2);
        refused.Error.ShouldContain("already exists; pass --overwrite");
        File.ReadAllText(summary).ShouldBe("mine");
        CliRunner.Run(dir, [.. args, "--overwrite"]).ExitCode.ShouldBe(0);
        File.ReadAllText(summary).ShouldStartWith("HOTA ");
    }

    [Fact]
    public void Fail_under_exits_3_and_names_each_metric_that_fell_short()
    {
        var result = CliRunner.Run(TestData.NewTempDirectory(), "eval", "--gt", Gt, "--results", Results,
            "--fail-under", "MOTA=91,IDF1=80,HOTA=76");
        result.ExitCode.ShouldBe(3);
        result.Error.ShouldContain("fail-under: MOTA 90.320 is below 91 (short by 0.680)");
        result.Error.ShouldContain("fail-under: HOTA 75.272 is below 76 (short by 0.728)");
        result.Error.ShouldNotContain("IDF1");
    }

    [Fact]
    public void Fail_under_passes_with_exit_0_when_every_threshold_is_met()
    {
        var result = CliRunner.Run(TestData.NewTempDirectory(), "eval", "--gt", Gt, "--results", Results,
            "--fail-under", "MOTA=55,IDF1=60,HOTA=45");
        result.ExitCode.ShouldBe(0, result.Error);
    }

    [Theory]
    [InlineData("--fail-under", "MOTX=5", "unknown metric 'MOTX'")]
    [InlineData("--fail-under", "MOTA", "'MOTA' is not METRIC=PERCENT")]
    [InlineData("--benchmark", "MOT18", "unknown benchmark 'MOT18'")]
    [InlineData("--format", "xml", "unknown format 'xml'")]
    public void Bad_options_exit_2_with_a_clear_message(string option, string value, string message)
    {
        var result = CliRunner.Run(TestData.NewTempDirectory(), "eval", "--gt", Gt, "--results", Results, option, value);
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain(message);
    }

    [Fact]
    public void A_duplicate_track_id_exits_2_naming_file_and_line()
    {
        string dir = TestData.NewTempDirectory();
        string results = Path.Combine(dir, "res");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "TUD-Campus.txt"), "1,3,113.84,274.5,57.307,130.05,-1,-1,-1,-1\n1,3,273.05,203.83,77.366,175.56,-1,-1,-1,-1\n");
        var result = CliRunner.Run(dir, "eval", "--gt", Mot15, "--results", results, "--benchmark", "MOT15", "--seqmap", WriteSeqmap(dir, "TUD-Campus"));
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("TUD-Campus.txt:2: field 'id': track id 3 appears more than once in frame 1 (also on line 1)");
    }

    [Fact]
    public void A_seqmap_sequence_without_a_result_file_exits_2()
    {
        string dir = TestData.NewTempDirectory();
        var result = CliRunner.Run(dir, "eval", "--gt", Mot15, "--results", Cem, "--benchmark", "MOT15", "--seqmap", WriteSeqmap(dir, "TUD-Campus", "ETH-Bahnhof"));
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("no result file for sequence 'ETH-Bahnhof'");
    }

    [Fact]
    public void The_html_report_shows_exactly_the_numbers_of_the_json_report()
    {
        string dir = TestData.NewTempDirectory();
        string seqmap = WriteSeqmap(dir, "TUD-Campus", "TUD-Stadtmitte");
        var result = CliRunner.Run(dir, "eval", "--gt", Mot15, "--results", Cem, "--benchmark", "MOT15", "--seqmap", seqmap,
            "--format", "json", "-o", "report.json", "--report", "report.html");
        result.ExitCode.ShouldBe(0, result.Error);
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json")));
        var expected = json.RootElement.GetProperty("sequences").EnumerateArray()
            .Append(json.RootElement.GetProperty("combined"))
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e);

        // Self-contained: nothing is fetched (no script files, links, or external images or fonts); the
        // error timelines' inline script and data are part of the page.
        Regex.IsMatch(html, @"<script[^>]*\ssrc\s*=", RegexOptions.IgnoreCase).ShouldBeFalse();
        Regex.IsMatch(html, @"<img[^>]*\ssrc\s*=\s*""(?!data:)", RegexOptions.IgnoreCase).ShouldBeFalse();
        html.ShouldNotContain("<link", Case.Insensitive);
        html.ShouldNotContain("http://");
        html.ShouldNotContain("https://");

        var rows = Regex.Matches(html, "<tr(?: class=\"combined\")? data-sequence=\"([^\"]+)\">(.*?)</tr>");
        rows.Select(r => r.Groups[1].Value).ShouldBe(["TUD-Campus", "TUD-Stadtmitte", "COMBINED"]);
        int cells = 0;
        foreach (Match row in rows)
        {
            var scores = expected[row.Groups[1].Value];
            foreach (Match cell in Regex.Matches(row.Groups[2].Value, "<td data-field=\"([^\"]+)\" data-value=\"([^\"]+)\">([^<]*)</td>"))
            {
                var want = scores.GetProperty(cell.Groups[1].Value);
                double.Parse(cell.Groups[2].Value, CultureInfo.InvariantCulture).ShouldBe(want.GetDouble(), cell.Groups[1].Value);
                cells++;
            }
        }
        cells.ShouldBe(3 * 19);
        // The table text shows what the terminal table shows: HOTA of COMBINED as a percentage.
        Regex.Match(html, "<tr class=\"combined\".*?data-field=\"HOTA___AUC\" data-value=\"[^\"]+\">([^<]*)<").Groups[1].Value
            .ShouldBe((100 * expected["COMBINED"].GetProperty("HOTA___AUC").GetDouble()).ToString("0.000", CultureInfo.InvariantCulture));

        // The α plot of the combination carries the 19 per-α values of HOTA, DetA and AssA.
        string combinedChart = Regex.Match(html, "<svg id=\"alpha-combined\".*?</svg>", RegexOptions.Singleline).Value;
        foreach (string field in new[] { "HOTA", "DetA", "AssA" })
        {
            var points = Regex.Matches(combinedChart, $"<circle [^>]*data-field=\"({field}___\\d+)\" data-value=\"([^\"]+)\"");
            points.Count.ShouldBe(19);
            foreach (Match p in points)
                double.Parse(p.Groups[2].Value, CultureInfo.InvariantCulture).ShouldBe(expected["COMBINED"].GetProperty(p.Groups[1].Value).GetDouble());
        }
        // One bar per sequence for each of IDSW, FP and FN, with the JSON counts.
        foreach (string field in new[] { "IDSW", "CLR_FP", "CLR_FN" })
        {
            var bars = Regex.Matches(html, $"<rect [^>]*data-sequence=\"([^\"]+)\" data-field=\"{field}\" data-value=\"(\\d+)\"");
            bars.Count.ShouldBe(2);
            foreach (Match b in bars)
                long.Parse(b.Groups[2].Value, CultureInfo.InvariantCulture).ShouldBe(expected[b.Groups[1].Value].GetProperty(field).GetInt64());
        }
    }

    [Fact]
    public void The_html_report_is_not_replaced_without_overwrite()
    {
        string dir = TestData.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "report.html"), "mine");
        var result = CliRunner.Run(dir, "eval", "--gt", Mot15, "--results", Cem, "--benchmark", "MOT15",
            "--seqmap", WriteSeqmap(dir, "TUD-Campus"), "--report", "report.html");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("already exists");
        File.ReadAllText(Path.Combine(dir, "report.html")).ShouldBe("mine");
    }

    [Fact]
    public void Person_rows_of_a_multi_class_file_score_as_the_same_people_in_an_ordinary_file()
    {
        string dir = TestData.NewTempDirectory();
        string gt = Path.Combine(TestData.Mot17Sequence("MOT17-09-FRCNN"), "gt", "gt.txt");
        string ordinary = Path.Combine(Results, "MOT17-09-FRCNN.txt");
        // The same people with COCO class 0 in column 8, plus cars (class 2) and bicycles (class 1) on top
        // of them that must not count as false positives.
        var multi = new List<string>();
        foreach (string line in File.ReadLines(ordinary))
        {
            var f = line.Split(',');
            multi.Add(string.Join(',', f[..7]) + ",0,-1,-1");
            if (int.Parse(f[1], CultureInfo.InvariantCulture) % 3 == 0)
                multi.Add(string.Join(',', [f[0], "9" + f[1], .. f[2..7]]) + (f[1].EndsWith('0') ? ",1,-1,-1" : ",2,-1,-1"));
        }
        string multiFile = Path.Combine(dir, "multi.txt");
        File.WriteAllLines(multiFile, multi);

        var plain = CliRunner.Run(dir, "eval", "--gt", gt, "--results", ordinary, "--format", "json");
        var persons = CliRunner.Run(dir, "eval", "--gt", gt, "--results", multiFile, "--format", "json", "--person-rows");
        plain.ExitCode.ShouldBe(0, plain.Error);
        persons.ExitCode.ShouldBe(0, persons.Error);
        persons.Out.ShouldBe(plain.Out);
        using var json = JsonDocument.Parse(persons.Out);
        json.RootElement.GetProperty("combined").GetProperty("CLR_FP").GetInt64().ShouldBeGreaterThan(0);
    }

    [Fact]
    public void A_multi_class_file_without_person_rows_fails_TrackEvals_class_check()
    {
        string dir = TestData.NewTempDirectory();
        string gt = Path.Combine(TestData.Mot17Sequence("MOT17-09-FRCNN"), "gt", "gt.txt");
        File.WriteAllText(Path.Combine(dir, "multi.txt"), "1,1,10,10,50,100,0.9,0,-1,-1\n1,2,100,10,50,100,0.9,2,-1,-1\n");
        var result = CliRunner.Run(dir, "eval", "--gt", gt, "--results", "multi.txt");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("multi.txt");
        result.Error.ShouldContain("class 0: pedestrian results must have class 1 or -1 in column 8");
    }

    [Fact]
    public void Person_rows_refuses_an_ordinary_file_naming_the_line()
    {
        string dir = TestData.NewTempDirectory();
        string gt = Path.Combine(TestData.Mot17Sequence("MOT17-09-FRCNN"), "gt", "gt.txt");
        File.WriteAllText(Path.Combine(dir, "plain.txt"), "1,1,10,10,50,100,0.9,0,-1,-1\n1,2,100,10,50,100,0.9,-1,-1,-1\n");
        var result = CliRunner.Run(dir, "eval", "--gt", gt, "--results", "plain.txt", "--person-rows");
        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("plain.txt");
        result.Error.ShouldContain("plain.txt:2");
        result.Error.ShouldContain("class -1 is not a COCO class id");
    }

    private static string WriteSeqmap(string dir, params string[] names)
    {
        string path = Path.Combine(dir, "seqmap.txt");
        File.WriteAllText(path, "name\n" + string.Join("\n", names) + "\n");
        return path;
    }
}
