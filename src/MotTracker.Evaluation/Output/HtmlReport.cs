using System.Globalization;
using System.Net;
using System.Text;
using MotTracker.Evaluation.Metrics;

namespace MotTracker.Evaluation.Output;

/// <summary>
/// The report as one self-contained HTML page: the per-sequence table, HOTA/DetA/AssA against the
/// localisation threshold α (TrackEval's plots) and per-sequence IDSW / FP / FN bars.
/// </summary>
/// <remarks>
/// The charts are inline SVG written here by hand: the page must open without a network (no scripts,
/// fonts or styles fetched; the error timelines are drawn by an inline script on canvas, because a
/// thousand lanes of SVG elements open slowly), and the few line and bar charts it needs are simpler to draw than to pull
/// a plotting package (and its reflection or JavaScript) into an AOT-compiled tool.
/// Every number shown in the table also sits in a <c>data-value</c> attribute with the exact value of
/// the JSON report (fractions for percentages, whole numbers for counts), so tools and tests can read
/// the page back without parsing the rounded text.
/// </remarks>
public static partial class HtmlReport
{
    private sealed record Column(string Header, string Field, bool IsPercent, string Help);

    private static readonly Column[] Columns =
    [
        new("HOTA", "HOTA___AUC", true, "Higher Order Tracking Accuracy, mean over α"),
        new("DetA", "DetA___AUC", true, "Detection accuracy, mean over α"),
        new("AssA", "AssA___AUC", true, "Association accuracy, mean over α"),
        new("DetRe", "DetRe___AUC", true, "Detection recall, mean over α"),
        new("DetPr", "DetPr___AUC", true, "Detection precision, mean over α"),
        new("AssRe", "AssRe___AUC", true, "Association recall, mean over α"),
        new("AssPr", "AssPr___AUC", true, "Association precision, mean over α"),
        new("LocA", "LocA___AUC", true, "Localisation accuracy, mean over α"),
        new("MOTA", "MOTA", true, "Multiple Object Tracking Accuracy (CLEAR)"),
        new("MOTP", "MOTP", true, "Multiple Object Tracking Precision (CLEAR)"),
        new("IDF1", "IDF1", true, "Identity F1"),
        new("IDSW", "IDSW", false, "Identity switches"),
        new("Frag", "Frag", false, "Fragmentations"),
        new("FP", "CLR_FP", false, "False positives (CLEAR)"),
        new("FN", "CLR_FN", false, "False negatives (CLEAR)"),
        new("MT", "MT", false, "Mostly tracked ground-truth ids"),
        new("ML", "ML", false, "Mostly lost ground-truth ids"),
        new("GT IDs", "GT_IDs", false, "Ground-truth ids"),
        new("IDs", "IDs", false, "Tracker ids"),
    ];

    private static readonly (string Field, string Colour)[] AlphaSeries =
    [
        ("HOTA", "#d62728"), ("DetA", "#1f77b4"), ("AssA", "#2ca02c"), ("LocA", "#7f7f7f"),
    ];

    // A colour-blind-friendly qualitative palette (Okabe-Ito, without its yellow, which is too pale on
    // white) for one line per sequence.
    private static readonly string[] SequenceColours =
        ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#8C6D31"];

    private static readonly (string Field, string Label, string Colour)[] CountBars =
    [
        ("IDSW", "ID switches (IDSW)", "#9467bd"), ("CLR_FP", "False positives (FP)", "#ff7f0e"), ("CLR_FN", "False negatives (FN)", "#1f77b4"),
    ];

    /// <summary>Writes the page; <paramref name="title"/> names what was evaluated (escaped here).</summary>
    /// <param name="extras">Crops of the frames around each ID switch, a comparison with another run:
    /// parts that need more than the report itself.</param>
    public static void Write(TextWriter writer, EvaluationReport report, string title, HtmlReportExtras? extras = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(title);
        var sequences = report.SequencesByName();
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<title>").Append(Escape(title)).Append("</title>\n");
        html.Append(Style);
        html.Append("</head>\n<body>\n");
        html.Append("<h1>").Append(Escape(title)).Append("</h1>\n");
        html.Append("<p class=\"meta\">Benchmark rules: ").Append(Escape(report.Benchmark.ToString()))
            .Append(" · ").Append(sequences.Count.ToString(CultureInfo.InvariantCulture))
            .Append(sequences.Count == 1 ? " sequence" : " sequences")
            .Append(" · percentages as TrackEval prints them (100 × value)</p>\n");

        WriteTable(html, report, sequences);
        if (extras?.Mtmc is { } mtmc) Mtmc.MultiCameraOutput.WriteHtml(html, mtmc);

        if (report.Combined.TryGet(HotaMetric.FieldAt("HOTA", 0), out _))
        {
            html.Append("<h2>HOTA, DetA and AssA against the localisation threshold α</h2>\n<div class=\"charts\">\n");
            WriteAlphaChart(html, "COMBINED", AlphaSeries.Select(s => (s.Field, s.Field, s.Colour, Values(report.Combined, s.Field))).ToArray(), "combined");
            foreach (var field in new[] { "HOTA", "DetA", "AssA" })
            {
                var lines = sequences.Select((s, i) => (field, s.Name, SequenceColours[i % SequenceColours.Length], Values(s, field))).ToArray();
                WriteAlphaChart(html, field + " per sequence", lines, field);
            }
            html.Append("</div>\n");
        }

        if (CountBars.All(b => report.Combined.TryGet(b.Field, out _)))
        {
            html.Append("<h2>Errors per sequence</h2>\n<div class=\"charts\">\n");
            foreach (var (field, label, colour) in CountBars) WriteBars(html, label, field, colour, sequences);
            html.Append("</div>\n");
        }
        if (extras?.Comparison is { } comparison) WriteComparison(html, comparison);
        if (sequences.Any(s => s.Errors is not null)) WriteErrors(html, sequences, extras);
        html.Append("<p class=\"meta\">Written by mottrack eval. The page needs no network: charts are inline SVG, timelines and maps inline canvas scripts, crops inline images.</p>\n");
        html.Append("</body>\n</html>\n");
        writer.Write(html.ToString());
    }

    /// <summary>The page style, shared by the other pages that look like this report (mottrack tune's).</summary>
    public const string Style = """
        <style>
        body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; margin: 24px; color: #222; background: #fff; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 28px 0 8px; }
        .meta { color: #666; font-size: 13px; margin: 4px 0 12px; }
        table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
        th, td { padding: 4px 8px; border-bottom: 1px solid #ddd; text-align: right; white-space: nowrap; }
        th { background: #f3f3f3; position: sticky; top: 0; cursor: help; }
        th:first-child, td:first-child { text-align: left; }
        tr.combined td { font-weight: 600; border-top: 2px solid #999; background: #fafafa; }
        .charts { display: flex; flex-wrap: wrap; gap: 16px; }
        svg { background: #fff; border: 1px solid #e4e4e4; }
        svg text { font-family: inherit; font-size: 12px; fill: #333; }
        svg .title { font-size: 14px; font-weight: 600; }
        svg .grid { stroke: #e6e6e6; stroke-width: 1; }
        svg .axis { stroke: #666; stroke-width: 1; }
        </style>

        """;

    private static void WriteTable(StringBuilder html, EvaluationReport report, IReadOnlyList<SequenceScores> sequences)
    {
        var columns = Columns.Where(c => report.Combined.TryGet(c.Field, out _)).ToArray();
        html.Append("<table id=\"metrics\">\n<thead><tr><th title=\"Sequence name\">Sequence</th>");
        foreach (var c in columns)
            html.Append("<th data-field=\"").Append(c.Field).Append("\" title=\"").Append(Escape(c.Help)).Append("\">").Append(Escape(c.Header)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in sequences.Append(report.Combined))
        {
            bool combined = ReferenceEquals(row, report.Combined);
            html.Append(combined ? "<tr class=\"combined\"" : "<tr").Append(" data-sequence=\"").Append(Escape(row.Name)).Append("\"><td>")
                .Append(Escape(row.Name)).Append("</td>");
            foreach (var c in columns)
            {
                var value = row[c.Field];
                html.Append("<td data-field=\"").Append(c.Field).Append("\" data-value=\"").Append(Exact(value)).Append("\">")
                    .Append(Shown(value.Value, c.IsPercent)).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    // Chart geometry (SVG user units = CSS px).
    private const int ChartWidth = 440, ChartHeight = 300, Left = 44, Right = 16, Top = 30, Bottom = 40;

    private static void WriteAlphaChart(StringBuilder html, string title, IReadOnlyList<(string Field, string Label, string Colour, double[] Values)> series, string id)
    {
        int legendRows = series.Count;
        int legendHeight = 16 * legendRows + 8;
        int height = ChartHeight + legendHeight;
        double plotW = ChartWidth - Left - Right, plotH = ChartHeight - Top - Bottom;
        double X(double alpha) => Left + alpha * plotW;
        double Y(double percent) => Top + (1 - percent / 100) * plotH;

        html.Append(Inv($"<svg id=\"alpha-{Escape(id)}\" width=\"{ChartWidth}\" height=\"{height}\" viewBox=\"0 0 {ChartWidth} {height}\" role=\"img\" aria-label=\"{Escape(title)} against alpha\">\n"));
        html.Append(Inv($"<text class=\"title\" x=\"{Left}\" y=\"18\">{Escape(title)}</text>\n"));
        for (int p = 0; p <= 100; p += 20)
        {
            html.Append(Inv($"<line class=\"grid\" x1=\"{Left}\" y1=\"{Y(p):0.#}\" x2=\"{ChartWidth - Right}\" y2=\"{Y(p):0.#}\"/>"));
            html.Append(Inv($"<text x=\"{Left - 6}\" y=\"{Y(p) + 4:0.#}\" text-anchor=\"end\">{p}%</text>\n"));
        }
        for (int a = 0; a <= 10; a += 2)
        {
            double alpha = a / 10.0;
            html.Append(Inv($"<line class=\"grid\" x1=\"{X(alpha):0.#}\" y1=\"{Top}\" x2=\"{X(alpha):0.#}\" y2=\"{Top + plotH}\"/>"));
            html.Append(Inv($"<text x=\"{X(alpha):0.#}\" y=\"{Top + plotH + 16}\" text-anchor=\"middle\">{alpha:0.0}</text>\n"));
        }
        html.Append(Inv($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top + plotH}\" x2=\"{ChartWidth - Right}\" y2=\"{Top + plotH}\"/>"));
        html.Append(Inv($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotH}\"/>\n"));
        html.Append(Inv($"<text x=\"{Left + plotW / 2:0.#}\" y=\"{Top + plotH + 32}\" text-anchor=\"middle\">localisation threshold α</text>\n"));

        for (int s = 0; s < series.Count; s++)
        {
            var (field, label, colour, values) = series[s];
            var points = new StringBuilder();
            for (int a = 0; a < values.Length; a++)
                points.Append(Inv($"{X(HotaMetric.Alphas[a]):0.##},{Y(100 * values[a]):0.##} "));
            html.Append(Inv($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{points.ToString().TrimEnd()}\" data-series=\"{Escape(label)}\" data-field=\"{field}\">"))
                .Append("<title>").Append(Escape(label)).Append("</title></polyline>\n");
            for (int a = 0; a < values.Length; a++)
            {
                html.Append(Inv($"<circle cx=\"{X(HotaMetric.Alphas[a]):0.##}\" cy=\"{Y(100 * values[a]):0.##}\" r=\"2.5\" fill=\"{colour}\" data-field=\"{HotaMetric.FieldAt(field, a)}\" data-value=\"{values[a]:R}\">"))
                    .Append(Inv($"<title>{Escape(label)} at α = {HotaMetric.Alphas[a]:0.00}: {100 * values[a]:0.000}</title></circle>"));
            }
            html.Append('\n');
            double legendY = ChartHeight + 8 + 16 * s;
            html.Append(Inv($"<line x1=\"{Left}\" y1=\"{legendY:0.#}\" x2=\"{Left + 22}\" y2=\"{legendY:0.#}\" stroke=\"{colour}\" stroke-width=\"3\"/>"));
            html.Append(Inv($"<text x=\"{Left + 28}\" y=\"{legendY + 4:0.#}\">{Escape(label)} (mean over α {100 * values.Average():0.000})</text>\n"));
        }
        html.Append("</svg>\n");
    }

    private static void WriteBars(StringBuilder html, string title, string field, string colour, IReadOnlyList<SequenceScores> sequences)
    {
        const int BarHeight = 18, Gap = 6, LabelWidth = 150, ValueWidth = 60, BarChartWidth = 400;
        int height = Top + sequences.Count * (BarHeight + Gap) + 10;
        double plotW = BarChartWidth - LabelWidth - ValueWidth;
        double max = Math.Max(1, sequences.Count == 0 ? 1 : sequences.Max(s => s[field].Value));
        html.Append(Inv($"<svg id=\"bars-{field}\" width=\"{BarChartWidth}\" height=\"{height}\" viewBox=\"0 0 {BarChartWidth} {height}\" role=\"img\" aria-label=\"{Escape(title)} per sequence\">\n"));
        html.Append(Inv($"<text class=\"title\" x=\"8\" y=\"18\">{Escape(title)}</text>\n"));
        for (int i = 0; i < sequences.Count; i++)
        {
            var seq = sequences[i];
            double value = seq[field].Value;
            double y = Top + i * (BarHeight + Gap);
            double w = value / max * plotW;
            html.Append(Inv($"<text x=\"{LabelWidth - 6}\" y=\"{y + 13:0.#}\" text-anchor=\"end\">{Escape(seq.Name)}</text>"));
            html.Append(Inv($"<rect x=\"{LabelWidth}\" y=\"{y:0.#}\" width=\"{w:0.##}\" height=\"{BarHeight}\" fill=\"{colour}\" data-sequence=\"{Escape(seq.Name)}\" data-field=\"{field}\" data-value=\"{Exact(seq[field])}\">"))
                .Append(Inv($"<title>{Escape(seq.Name)}: {Shown(value, false)}</title></rect>"));
            html.Append(Inv($"<text x=\"{LabelWidth + w + 4:0.##}\" y=\"{y + 13:0.#}\">{Shown(value, false)}</text>\n"));
        }
        html.Append("</svg>\n");
    }

    private static double[] Values(SequenceScores scores, string arrayField)
    {
        var values = new double[HotaMetric.AlphaCount];
        for (int a = 0; a < values.Length; a++) values[a] = scores[HotaMetric.FieldAt(arrayField, a)].Value;
        return values;
    }

    /// <summary>The value exactly as the JSON report holds it: a whole number for counts, else round-trip digits.</summary>
    private static string Exact(MetricValue value) =>
        value.IsInteger ? ((long)value.Value).ToString(CultureInfo.InvariantCulture)
        : double.IsFinite(value.Value) ? value.Value.ToString("R", CultureInfo.InvariantCulture) : "null";

    private static string Shown(double value, bool isPercent) =>
        !double.IsFinite(value) ? "–"
        : isPercent ? (100 * value).ToString("0.000", CultureInfo.InvariantCulture)
        : ((long)value).ToString("N0", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
