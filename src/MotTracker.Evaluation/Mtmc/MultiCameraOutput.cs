using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MotTracker.Evaluation.Mtmc;

/// <summary>The table, JSON and HTML forms of <see cref="MultiCameraScores"/>.</summary>
public static class MultiCameraOutput
{
    private static string Rule(MultiCameraScores s) => s.MinCameras <= 1
        ? "every gt identity"
        : Inv($"gt identities seen by {s.MinCameras}+ cameras");

    public static void WriteTable(TextWriter writer, MultiCameraScores s)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(s);
        writer.WriteLine();
        writer.WriteLine(Inv($"Multi-camera identity ({s.Cameras} cameras jointly; {Rule(s)}: {s.GtIdentities}, of which {s.MultiCameraGtIdentities} in 2+ cameras overall)"));
        writer.WriteLine(Inv($"{"MTMC_IDF1",9}  {"MTMC_IDP",8}  {"MTMC_IDR",8}  {"IDTP",8}  {"IDFN",8}  {"IDFP",8}  {"GT_IDs",6}  {"IDs",6}"));
        writer.WriteLine(Inv($"{100 * s.Idf1,9:0.000}  {100 * s.Idp,8:0.000}  {100 * s.Idr,8:0.000}  {s.Idtp,8}  {s.Idfn,8}  {s.Idfp,8}  {s.GtIdentities,6}  {s.TrackerIdentities,6}"));
        if (s.RemovedTrackerRows > 0)
            writer.WriteLine(Inv($"({s.RemovedTrackerRows} tracker boxes on people outside the rule were left out)"));
    }

    /// <summary>The <c>mtmc</c> object: scores as fractions (0–1), counts as integers.</summary>
    public static void WriteJson(Utf8JsonWriter json, MultiCameraScores s)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(s);
        json.WriteStartObject("mtmc");
        json.WriteNumber("cameras", s.Cameras);
        json.WriteNumber("minCameras", s.MinCameras);
        json.WriteNumber("IDF1", s.Idf1);
        json.WriteNumber("IDP", s.Idp);
        json.WriteNumber("IDR", s.Idr);
        json.WriteNumber("IDTP", s.Idtp);
        json.WriteNumber("IDFN", s.Idfn);
        json.WriteNumber("IDFP", s.Idfp);
        json.WriteNumber("gtIdentities", s.GtIdentities);
        json.WriteNumber("multiCameraGtIdentities", s.MultiCameraGtIdentities);
        json.WriteNumber("trackerIdentities", s.TrackerIdentities);
        json.WriteNumber("removedTrackerRows", s.RemovedTrackerRows);
        json.WriteEndObject();
    }

    internal static void WriteHtml(StringBuilder html, MultiCameraScores s)
    {
        html.Append("<h2>Multi-camera identity (all cameras jointly)</h2>\n");
        html.Append(Inv($"<p class=\"meta\">{s.Cameras} cameras, one global matching of gt to tracker identities over every camera's boxes (AI City / CityFlow); scored: {Rule(s)}</p>\n"));
        html.Append("<table id=\"mtmc\">\n<thead><tr><th>IDF1</th><th>IDP</th><th>IDR</th><th>IDTP</th><th>IDFN</th><th>IDFP</th><th>GT IDs</th><th>IDs</th></tr></thead>\n<tbody><tr>");
        foreach (var (field, value) in new[] { ("IDF1", s.Idf1), ("IDP", s.Idp), ("IDR", s.Idr) })
            html.Append(Inv($"<td data-field=\"{field}\" data-value=\"{value:R}\">{100 * value:0.000}</td>"));
        foreach (var (field, value) in new[] { ("IDTP", s.Idtp), ("IDFN", s.Idfn), ("IDFP", s.Idfp), ("gtIdentities", (long)s.GtIdentities), ("trackerIdentities", (long)s.TrackerIdentities) })
            html.Append(Inv($"<td data-field=\"{field}\" data-value=\"{value}\">{value}</td>"));
        html.Append("</tr></tbody>\n</table>\n");
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
