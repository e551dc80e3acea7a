using System.Globalization;
using System.Net;
using System.Text;
using MotTracker.Evaluation;
using MotTracker.Evaluation.Output;
using MotTracker.Tracking;

namespace MotTracker.Engine.Tuning;

/// <summary>
/// The search as one self-contained HTML page in the eval report's style: TRAIN and VAL scores of the
/// defaults and of the best setting, the best setting against the defaults, the objective of every trial
/// with the best so far, and for each searched option its value against the objective (its effect).
/// Charts are inline SVG, as in the eval report: the page opens without a network.
/// </summary>
public static class TuneHtml
{
    private const int Width = 640, Height = 260, Left = 56, Right = 16, Top = 28, Bottom = 36;

    public static void Write(TextWriter writer, TuneResult result)
    {
        var r = result.Request;
        var html = new StringBuilder(64 * 1024);
        string title = $"mottrack tune: {result.Entry.Name} on {Path.GetFileName(Path.TrimEndingDirectorySeparator(r.Split))}";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Escape(title)).Append("</title>\n");
        html.Append(HtmlReport.Style);
        html.Append("</head>\n<body>\n<h1>").Append(Escape(title)).Append("</h1>\n");
        html.Append("<p class=\"meta\">").Append(Escape(Invariant(
            $"Objective {r.Objective} (combined over the split, percent) · {result.Trials.Count} trials ({r.Sampler.ToString().ToLowerInvariant()} sampler, seed {r.Seed}, batches of {TuneSearch.BatchSize}) · TRAIN {string.Join(", ", result.TrainSequences)} · VAL {string.Join(", ", result.ValSequences)}")))
            .Append("</p>\n");

        html.Append("<h2>Scores</h2>\n<p class=\"meta\">VAL was not seen by the search: it is the number to quote.</p>\n");
        html.Append("<table id=\"scores\">\n<thead><tr><th>Setting</th><th>Split</th><th>Objective</th><th>HOTA</th><th>MOTA</th><th>IDF1</th><th>IDSW</th><th>FP</th><th>FN</th></tr></thead>\n<tbody>\n");
        foreach (var (name, split, scores) in new[]
        {
            ("defaults", "TRAIN", result.DefaultTrain), ("defaults", "VAL", result.DefaultVal),
            ($"best (trial {result.Best.Index})", "TRAIN", result.BestTrain), ($"best (trial {result.Best.Index})", "VAL", result.BestVal),
        })
        {
            html.Append("<tr").Append(name.StartsWith("best", StringComparison.Ordinal) && split == "VAL" ? " class=\"combined\"" : "").Append("><td>")
                .Append(Escape(name)).Append("</td><td>").Append(split).Append("</td>");
            Cell(html, r.Objective.Of(scores), "F3");
            foreach (string metric in new[] { "HOTA", "MOTA", "IDF1" }) Cell(html, TuneObjective.Percent(scores, metric), "F3");
            foreach (string field in new[] { "IDSW", "CLR_FP", "CLR_FN" }) Cell(html, scores[field].Value, "F0");
            html.Append("</tr>\n");
        }
        html.Append("</tbody></table>\n");

        html.Append("<h2>Best setting</h2>\n<table id=\"best\">\n<thead><tr><th>Option</th><th>Default</th><th>Best</th><th>Searched</th></tr></thead>\n<tbody>\n");
        foreach (var option in result.Entry.Options)
        {
            html.Append("<tr><td>").Append(Escape(option.Name)).Append("</td><td>").Append(Escape(option.FormatDefault(result.Entry.DefaultOptions)))
                .Append("</td><td>").Append(Escape(TrackerConfig.FormatScalar(option.Read(result.BestOptions)))).Append("</td><td>")
                .Append(option.Search is { } s ? Escape(Invariant($"{s.Low} … {s.High}{(s.Log ? " (log)" : "")}")) : "no").Append("</td></tr>\n");
        }
        html.Append("</tbody></table>\n");

        var ok = result.Trials.Where(t => t.Objective is not null).ToList();
        int failed = result.Trials.Count - ok.Count;
        html.Append("<h2>Trial history</h2>\n");
        if (failed > 0) html.Append("<p class=\"meta\">").Append(failed.ToString(CultureInfo.InvariantCulture)).Append(" trials were invalid settings and are not drawn.</p>\n");
        html.Append("<div class=\"charts\">\n");
        History(html, result, ok);
        html.Append("</div>\n");

        html.Append("<h2>Each option's effect</h2>\n<p class=\"meta\">Every trial's objective against the option's value (the other options vary too); the best trial in red.</p>\n<div class=\"charts\">\n");
        for (int d = 0; d < result.Space.Options.Count; d++) Effect(html, result, ok, d);
        html.Append("</div>\n</body>\n</html>\n");
        writer.Write(html.ToString());
    }

    private static void Cell(StringBuilder html, double value, string format) =>
        html.Append("<td data-value=\"").Append(value.ToString("R", CultureInfo.InvariantCulture)).Append("\">")
            .Append(value.ToString(format, CultureInfo.InvariantCulture)).Append("</td>");

    private static (double Low, double High) Bounds(IEnumerable<double> values)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (double v in values)
        {
            low = Math.Min(low, v);
            high = Math.Max(high, v);
        }
        if (!double.IsFinite(low)) return (0, 1);
        if (high - low < 1e-9) return (low - 0.5, high + 0.5);
        double pad = (high - low) * 0.05;
        return (low - pad, high + pad);
    }

    private static void Frame(StringBuilder html, string title, string xLabel, (double Low, double High) x, (double Low, double High) y, Func<double, double> toX, Func<double, double> toY, Func<double, string> xTick)
    {
        html.Append(Invariant($"<svg width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\">\n"));
        html.Append(Invariant($"<text class=\"title\" x=\"{Left}\" y=\"18\">{Escape(title)}</text>\n"));
        for (int i = 0; i <= 4; i++)
        {
            double v = y.Low + (y.High - y.Low) * i / 4;
            double py = toY(v);
            html.Append(Invariant($"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{py:F1}\" y2=\"{py:F1}\"/><text x=\"{Left - 6}\" y=\"{py + 4:F1}\" text-anchor=\"end\">{v:F2}</text>\n"));
            double xv = x.Low + (x.High - x.Low) * i / 4;
            double px = toX(xv);
            html.Append(Invariant($"<text x=\"{px:F1}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{Escape(xTick(xv))}</text>\n"));
        }
        html.Append(Invariant($"<line class=\"axis\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom}\"/>"));
        html.Append(Invariant($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 4}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n"));
    }

    private static Func<double, double> Scale((double Low, double High) range, double from, double to) =>
        v => from + (v - range.Low) / (range.High - range.Low) * (to - from);

    private static void History(StringBuilder html, TuneResult result, List<TuneTrial> ok)
    {
        var x = (Low: -0.5, High: Math.Max(1, result.Trials.Count) - 0.5);
        var y = Bounds(ok.Select(t => t.Objective!.Value));
        var toX = Scale(x, Left, Width - Right);
        var toY = Scale(y, Height - Bottom, Top);
        Frame(html, $"{result.Request.Objective} on TRAIN per trial, and the best so far", "trial", x, y, toX, toY, v => Math.Max(0, Math.Round(v)).ToString(CultureInfo.InvariantCulture));
        var line = new StringBuilder();
        double best = double.NegativeInfinity;
        foreach (var t in ok)
        {
            bool isBest = t.Index == result.Best.Index;
            html.Append(Invariant($"<circle cx=\"{toX(t.Index):F1}\" cy=\"{toY(t.Objective!.Value):F1}\" r=\"{(isBest ? 4 : 2.5)}\" fill=\"{(isBest ? "#d62728" : "#1f77b4")}\" fill-opacity=\"0.7\"><title>trial {t.Index}: {t.Objective.Value:F3}</title></circle>"));
            best = Math.Max(best, t.Objective.Value);
            line.Append(Invariant($"{toX(t.Index):F1},{toY(best):F1} "));
        }
        html.Append("\n<polyline fill=\"none\" stroke=\"#2ca02c\" stroke-width=\"1.5\" points=\"").Append(line.ToString().TrimEnd()).Append("\"/>\n</svg>\n");
    }

    private static void Effect(StringBuilder html, TuneResult result, List<TuneTrial> ok, int d)
    {
        var option = result.Space.Options[d];
        var range = option.Search!;
        Func<double, double> fwd = range.Log ? Math.Log : v => v;
        Func<double, double> back = range.Log ? Math.Exp : v => v;
        var x = (Low: fwd(range.Low), High: fwd(range.High));
        var y = Bounds(ok.Select(t => t.Objective!.Value));
        var toX = Scale(x, Left, Width - Right);
        var toY = Scale(y, Height - Bottom, Top);
        Frame(html, option.Name, option.Name + (range.Log ? " (log scale)" : ""), x, y, toX, toY, v => back(v).ToString("G3", CultureInfo.InvariantCulture));
        foreach (var t in ok)
        {
            double value = Convert.ToDouble(t.Values[d].Value, CultureInfo.InvariantCulture);
            bool isBest = t.Index == result.Best.Index;
            html.Append(Invariant($"<circle cx=\"{toX(fwd(value)):F1}\" cy=\"{toY(t.Objective!.Value):F1}\" r=\"{(isBest ? 4 : 2.5)}\" fill=\"{(isBest ? "#d62728" : "#1f77b4")}\" fill-opacity=\"0.6\"><title>trial {t.Index}: {option.Name} {TrackerConfig.FormatScalar(t.Values[d].Value)}, {t.Objective.Value:F3}</title></circle>"));
        }
        html.Append("\n</svg>\n");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
