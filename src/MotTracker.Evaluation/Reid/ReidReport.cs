using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace MotTracker.Evaluation.Reid;

/// <summary>One ReID evaluation: what was scored, with which model, how fast, and the scores.</summary>
public sealed record ReidRun
{
    /// <summary>The data set as the user named it (a folder).</summary>
    public required string Data { get; init; }

    /// <summary>"market" (a Market-1501 folder) or "mot" (MOTChallenge sequences as cameras).</summary>
    public required string Layout { get; init; }

    public required string Model { get; init; }
    public required int QueryImages { get; init; }
    public required int Identities { get; init; }
    public required int Cameras { get; init; }
    public required ReidScores Scores { get; init; }

    /// <summary>Crops embedded (query + gallery) and the seconds that took (reading, cropping and the model).</summary>
    public required int Crops { get; init; }
    public required double EmbedSeconds { get; init; }

    public double CropsPerSecond => EmbedSeconds > 0 ? Crops / EmbedSeconds : 0;
}

/// <summary>The table, JSON and HTML forms of a <see cref="ReidRun"/>.</summary>
public static class ReidReport
{
    /// <summary>Ranks shown in the table and as named JSON fields.</summary>
    public static IReadOnlyList<int> HeadlineRanks { get; } = [1, 5, 10];

    public static void WriteTable(TextWriter writer, ReidRun run)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(run);
        var s = run.Scores;
        writer.WriteLine(Inv($"{"model",-24} {"Rank-1",7} {"Rank-5",7} {"Rank-10",7} {"mAP",7} {"queries",8} {"gallery",8} {"crops/s",8}"));
        writer.WriteLine(Inv($"{run.Model,-24} {100 * s.Rank(1),7:F2} {100 * s.Rank(5),7:F2} {100 * s.Rank(10),7:F2} {100 * s.MeanAveragePrecision,7:F2} {s.ScoredQueries,8} {s.GalleryImages,8} {run.CropsPerSecond,8:F1}"));
        writer.WriteLine(Inv($"{run.Data} ({run.Layout}): {run.Identities} identities, {run.Cameras} cameras, {run.QueryImages} queries ({s.SkippedQueries} without a valid match skipped), {s.GalleryImages} gallery images; {run.Crops} crops embedded in {run.EmbedSeconds:F1} s"));
    }

    /// <summary>Scores as fractions (0–1), as the eval JSON has them; <c>cmc[k]</c> is Rank-(k+1).</summary>
    public static void WriteJson(TextWriter writer, ReidRun run)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(run);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("schema", "mottrack-reid-eval/1");
            json.WriteString("data", run.Data);
            json.WriteString("layout", run.Layout);
            json.WriteString("model", run.Model);
            foreach (int k in HeadlineRanks) json.WriteNumber(Inv($"rank{k}"), run.Scores.Rank(k));
            json.WriteNumber("mAP", run.Scores.MeanAveragePrecision);
            json.WriteNumber("queries", run.QueryImages);
            json.WriteNumber("scoredQueries", run.Scores.ScoredQueries);
            json.WriteNumber("skippedQueries", run.Scores.SkippedQueries);
            json.WriteNumber("galleryImages", run.Scores.GalleryImages);
            json.WriteNumber("identities", run.Identities);
            json.WriteNumber("cameras", run.Cameras);
            json.WriteNumber("crops", run.Crops);
            json.WriteNumber("embedSeconds", run.EmbedSeconds);
            json.WriteNumber("cropsPerSecond", run.CropsPerSecond);
            json.WriteStartArray("cmc");
            foreach (double v in run.Scores.Cmc) json.WriteNumberValue(v);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        writer.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        writer.Write('\n');
    }

    // Chart geometry (SVG user units = CSS px), as the eval report's charts.
    private const int ChartWidth = 560, ChartHeight = 320, Left = 48, Right = 16, Top = 30, Bottom = 42;

    /// <summary>A self-contained page in the eval report's style: the headline table and the CMC curve as inline SVG.</summary>
    public static void WriteHtml(TextWriter writer, ReidRun run)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(run);
        var s = run.Scores;
        string title = $"mottrack reid-eval: {run.Model} on {Path.GetFileName(Path.TrimEndingDirectorySeparator(run.Data))}";
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<title>").Append(Escape(title)).Append("</title>\n");
        html.Append(Output.HtmlReport.Style);
        html.Append("</head>\n<body>\n<h1>").Append(Escape(title)).Append("</h1>\n");
        html.Append(Inv($"<p class=\"meta\">{Escape(run.Data)} ({Escape(run.Layout)} layout) · {run.Identities} identities · {run.Cameras} cameras · {run.QueryImages} queries ({s.SkippedQueries} skipped: no valid match) · {s.GalleryImages} gallery images · {run.CropsPerSecond:F1} crops/s · percentages (100 × value)</p>\n"));

        html.Append("<table id=\"reid\">\n<thead><tr><th>Model</th>");
        foreach (int k in HeadlineRanks) html.Append(Inv($"<th title=\"Share of queries whose first true match ranks {k} or better\">Rank-{k}</th>"));
        html.Append("<th title=\"Mean average precision over scored queries\">mAP</th><th>Queries</th><th>Gallery</th><th>Crops/s</th></tr></thead>\n<tbody>\n<tr><td>")
            .Append(Escape(run.Model)).Append("</td>");
        foreach (int k in HeadlineRanks) html.Append(Inv($"<td data-field=\"rank{k}\" data-value=\"{s.Rank(k):R}\">{100 * s.Rank(k):0.00}</td>"));
        html.Append(Inv($"<td data-field=\"mAP\" data-value=\"{s.MeanAveragePrecision:R}\">{100 * s.MeanAveragePrecision:0.00}</td>"));
        html.Append(Inv($"<td data-field=\"scoredQueries\" data-value=\"{s.ScoredQueries}\">{s.ScoredQueries}</td><td data-field=\"galleryImages\" data-value=\"{s.GalleryImages}\">{s.GalleryImages}</td>"));
        html.Append(Inv($"<td data-field=\"cropsPerSecond\" data-value=\"{run.CropsPerSecond:R}\">{run.CropsPerSecond:0.0}</td></tr>\n</tbody>\n</table>\n"));

        html.Append("<h2>Cumulative matching characteristic (CMC)</h2>\n<div class=\"charts\">\n");
        WriteCmc(html, s.Cmc);
        html.Append("</div>\n<p class=\"meta\">Market-1501 protocol: gallery images of the query's identity seen by the query's camera and junk images are removed; distractors stay as negatives; queries without a valid match are skipped.</p>\n");
        html.Append("<p class=\"meta\">Written by mottrack reid-eval. The page needs no network: the chart is inline SVG.</p>\n</body>\n</html>\n");
        writer.Write(html.ToString());
    }

    private static void WriteCmc(StringBuilder html, double[] cmc)
    {
        double plotW = ChartWidth - Left - Right, plotH = ChartHeight - Top - Bottom;
        int ranks = cmc.Length;
        double X(int rank) => Left + (ranks == 1 ? 0 : (rank - 1) / (double)(ranks - 1)) * plotW;
        double Y(double fraction) => Top + (1 - fraction) * plotH;
        html.Append(Inv($"<svg id=\"cmc\" width=\"{ChartWidth}\" height=\"{ChartHeight}\" viewBox=\"0 0 {ChartWidth} {ChartHeight}\" role=\"img\" aria-label=\"CMC curve\">\n"));
        html.Append(Inv($"<text class=\"title\" x=\"{Left}\" y=\"18\">Rank-k accuracy, k = 1…{ranks}</text>\n"));
        for (int p = 0; p <= 100; p += 20)
        {
            html.Append(Inv($"<line class=\"grid\" x1=\"{Left}\" y1=\"{Y(p / 100.0):0.#}\" x2=\"{ChartWidth - Right}\" y2=\"{Y(p / 100.0):0.#}\"/>"));
            html.Append(Inv($"<text x=\"{Left - 6}\" y=\"{Y(p / 100.0) + 4:0.#}\" text-anchor=\"end\">{p}%</text>\n"));
        }
        foreach (int rank in new[] { 1, 5, 10, 20, 30, 40, 50 }.Where(r => r <= ranks))
        {
            html.Append(Inv($"<line class=\"grid\" x1=\"{X(rank):0.#}\" y1=\"{Top}\" x2=\"{X(rank):0.#}\" y2=\"{Top + plotH}\"/>"));
            html.Append(Inv($"<text x=\"{X(rank):0.#}\" y=\"{Top + plotH + 16}\" text-anchor=\"middle\">{rank}</text>\n"));
        }
        html.Append(Inv($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top + plotH}\" x2=\"{ChartWidth - Right}\" y2=\"{Top + plotH}\"/>"));
        html.Append(Inv($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotH}\"/>\n"));
        html.Append(Inv($"<text x=\"{Left + plotW / 2:0.#}\" y=\"{Top + plotH + 34}\" text-anchor=\"middle\">rank k</text>\n"));
        var points = new StringBuilder();
        for (int k = 0; k < ranks; k++) points.Append(Inv($"{X(k + 1):0.##},{Y(cmc[k]):0.##} "));
        html.Append(Inv($"<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" points=\"{points.ToString().TrimEnd()}\"><title>CMC</title></polyline>\n"));
        for (int k = 0; k < ranks; k++)
        {
            html.Append(Inv($"<circle cx=\"{X(k + 1):0.##}\" cy=\"{Y(cmc[k]):0.##}\" r=\"2.5\" fill=\"#d62728\" data-rank=\"{k + 1}\" data-value=\"{cmc[k]:R}\">"))
                .Append(Inv($"<title>Rank-{k + 1}: {100 * cmc[k]:0.00}%</title></circle>"));
        }
        html.Append("\n</svg>\n");
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
