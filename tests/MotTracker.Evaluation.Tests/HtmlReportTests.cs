using MotTracker.Evaluation;
using MotTracker.Evaluation.Output;

namespace MotTracker.Evaluation.Tests;

public sealed class HtmlReportTests
{
    private static string Render(string sequenceName, string title)
    {
        string gt = Path.Combine(SharedData.Path15Train, "TUD-Campus", "gt", "gt.txt");
        string results = Path.Combine(SharedData.CemDirectory, "data", "TUD-Campus.txt");
        var report = MotEvaluator.Evaluate(MotChallengeBenchmark.For(MotBenchmark.MOT15),
            [new EvaluationSequence(sequenceName, gt, results, 71)]);
        var writer = new StringWriter();
        HtmlReport.Write(writer, report, title);
        return writer.ToString();
    }

    [Fact]
    public void Names_and_titles_are_escaped_so_they_cannot_inject_markup()
    {
        string html = Render("cam<script>&1", "runs/<b>\"x\"");
        html.ShouldNotContain("<script>");
        html.ShouldNotContain("<b>");
        html.ShouldContain("data-sequence=\"cam&lt;script&gt;&amp;1\"");
        html.ShouldContain("<h1>runs/&lt;b&gt;&quot;x&quot;</h1>");
    }

    [Fact]
    public void The_page_is_one_html_document_with_a_table_row_per_sequence_and_the_charts()
    {
        string html = Render("TUD-Campus", "t");
        html.ShouldStartWith("<!DOCTYPE html>");
        html.TrimEnd().ShouldEndWith("</html>");
        System.Text.RegularExpressions.Regex.Matches(html, "<tr[^>]* data-sequence=").Count.ShouldBe(2);
        // The α chart of COMBINED plus HOTA, DetA and AssA per sequence; bars for IDSW, FP and FN.
        foreach (string id in new[] { "alpha-combined", "alpha-HOTA", "alpha-DetA", "alpha-AssA", "bars-IDSW", "bars-CLR_FP", "bars-CLR_FN" })
            html.ShouldContain($"<svg id=\"{id}\"");
        // TUD-Campus with CEM: 7 ID switches (TrackEval), shown as the IDSW cell of the sequence row.
        html.ShouldContain("<td data-field=\"IDSW\" data-value=\"7\">7</td>");
    }
}

public sealed class HtmlErrorsTests
{
    [Fact]
    public void A_report_with_error_listings_carries_each_sequences_errors_as_json_for_its_timeline()
    {
        string gt = Path.Combine(SharedData.Path15Train, "TUD-Campus", "gt", "gt.txt");
        string results = Path.Combine(SharedData.CemDirectory, "data", "TUD-Campus.txt");
        var report = MotEvaluator.Evaluate(MotChallengeBenchmark.For(MotBenchmark.MOT15),
            [new EvaluationSequence("cam<x>", gt, results, 71)], listErrors: true);
        var writer = new StringWriter();
        HtmlReport.Write(writer, report, "t");
        string html = writer.ToString();
        html.ShouldContain("<section class=\"errseq\" data-sequence=\"cam&lt;x&gt;\" data-switches=\"7\"");
        html.ShouldContain("<canvas class=\"timeline\" id=\"timeline-0\">");
        var match = System.Text.RegularExpressions.Regex.Match(html, "<script type=\"application/json\" class=\"errdata\">(.*?)</script>");
        match.Success.ShouldBeTrue();
        match.Groups[1].Value.ShouldNotContain("<");
        using var json = System.Text.Json.JsonDocument.Parse(match.Groups[1].Value);
        json.RootElement.GetProperty("switches").GetArrayLength().ShouldBe(7);
        json.RootElement.GetProperty("name").GetString().ShouldBe("cam<x>");
    }
}
