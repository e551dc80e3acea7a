using System.Globalization;
using System.Text;

namespace MotTracker.Evaluation.Output;

/// <summary>What the report shows beyond the evaluation itself.</summary>
public sealed class HtmlReportExtras
{
    /// <summary>Crops around ID switches (made by whoever can read frames: Evaluation never decodes images).</summary>
    public IReadOnlyList<SwitchCrops> Crops { get; init; } = [];

    /// <summary>A comparison of this run (as B) with another (A).</summary>
    public RunComparison? Comparison { get; init; }

    /// <summary>Multi-camera identity scores (eval --mtmc), shown below the per-camera table.</summary>
    public Mtmc.MultiCameraScores? Mtmc { get; init; }
}

/// <summary>
/// JPEG crops for switch <see cref="SwitchIndex"/> of <see cref="Sequence"/>'s listing: the old tracker
/// id's box in its last matched frame, and the new id's box in the switch frame.
/// </summary>
public sealed record SwitchCrops(string Sequence, int SwitchIndex, byte[] BeforeJpeg, byte[] AfterJpeg);

public static partial class HtmlReport
{
    /// <summary>The worst lanes drawn full height with a label; the rest as thin lanes (all on click).</summary>
    private const int ExpandedLanes = 30;

    private static void WriteErrors(StringBuilder html, IReadOnlyList<SequenceScores> sequences, HtmlReportExtras? extras)
    {
        html.Append("<h2>Where the errors are</h2>\n<p class=\"meta\">One lane per gt identity, worst first (most ID switches, then fragmentations, then misses): ")
            .Append("matched frames coloured by tracker id, misses blank over a grey line, ID switches red marks, fragmentations black ticks below the lane. ")
            .Append("The first ").Append(ExpandedLanes.ToString(CultureInfo.InvariantCulture))
            .Append(" lanes are expanded; hover a lane for the frame and ids. Density maps: box centres of false negatives and false positives over the image.</p>\n");
        var crops = (extras?.Crops ?? []).ToLookup(c => c.Sequence, StringComparer.Ordinal);
        int index = 0;
        foreach (var seq in sequences)
        {
            if (seq.Errors is not { } errors) continue;
            var c = errors.Counts;
            html.Append("<section class=\"errseq\" data-sequence=\"").Append(Escape(seq.Name)).Append("\" data-switches=\"")
                .Append(Inv($"{c.IdSwitches}\" data-fragmentations=\"{c.Fragmentations}\">\n"));
            html.Append("<h3>").Append(Escape(seq.Name)).Append("</h3>\n<p class=\"meta\">")
                .Append(Inv($"{c.IdSwitches} ID switches · {c.Fragmentations} fragmentations · {c.FalsePositives} false positives · {c.FalseNegatives} false negatives · {c.Ignored} rows ignored (on distractors) · {errors.GtIdentities.Count} gt ids · {errors.Frames} frames"))
                .Append("</p>\n");
            // STJ escapes <, > and & inside strings, so the JSON cannot close the script element.
            html.Append("<script type=\"application/json\" class=\"errdata\">").Append(ErrorsJson.Compact(errors)).Append("</script>\n");
            html.Append(Inv($"<div class=\"lanes\"><canvas class=\"timeline\" id=\"timeline-{index}\"></canvas><div class=\"tip\"></div></div>\n"));
            html.Append("<button class=\"expand\" type=\"button\">expand all lanes</button>\n");
            html.Append(Inv($"<div class=\"maps\"><figure><canvas class=\"density\" data-kind=\"falseNegatives\" id=\"fn-{index}\"></canvas><figcaption>false negatives (missed gt)</figcaption></figure>"));
            html.Append(Inv($"<figure><canvas class=\"density\" data-kind=\"falsePositives\" id=\"fp-{index}\"></canvas><figcaption>false positives</figcaption></figure></div>\n"));
            WriteGallery(html, errors, crops[seq.Name].ToArray());
            WriteSwitchTable(html, errors);
            html.Append("</section>\n");
            index++;
        }
        html.Append(ErrorStyle).Append(ErrorScript);
    }

    private static void WriteGallery(StringBuilder html, SequenceErrors errors, SwitchCrops[] crops)
    {
        if (crops.Length == 0) return;
        html.Append("<details class=\"gallery\" open><summary>").Append(Inv($"{crops.Length} ID switches in pictures"))
            .Append(" (left: the old id in its last matched frame; right: the new id at the switch)</summary>\n<div class=\"cards\">");
        foreach (var crop in crops.OrderBy(c => c.SwitchIndex))
        {
            if (crop.SwitchIndex < 0 || crop.SwitchIndex >= errors.Switches.Count) continue;
            var s = errors.Switches[crop.SwitchIndex];
            html.Append(Inv($"<figure class=\"card\" data-frame=\"{s.Frame}\" data-gt=\"{s.GtId}\"><img alt=\"before\" src=\"data:image/jpeg;base64,"))
                .Append(Convert.ToBase64String(crop.BeforeJpeg)).Append("\"><img alt=\"after\" src=\"data:image/jpeg;base64,")
                .Append(Convert.ToBase64String(crop.AfterJpeg)).Append("\"><figcaption>")
                .Append(Inv($"frame {s.Frame} · gt {s.GtId}: {s.FromTrackerId} (f{s.PreviousFrame}) → {s.ToTrackerId}"))
                .Append("</figcaption></figure>");
        }
        html.Append("</div></details>\n");
    }

    private static void WriteSwitchTable(StringBuilder html, SequenceErrors errors)
    {
        if (errors.Switches.Count == 0) return;
        html.Append("<details><summary>").Append(Inv($"all {errors.Switches.Count} ID switches")).Append("</summary>\n<table class=\"switches\"><thead><tr><th>frame</th><th>gt id</th><th>from</th><th>to</th><th>old id last matched</th></tr></thead><tbody>");
        foreach (var s in errors.Switches)
            html.Append(Inv($"<tr><td>{s.Frame}</td><td>{s.GtId}</td><td>{s.FromTrackerId}</td><td>{s.ToTrackerId}</td><td>{s.PreviousFrame}</td></tr>"));
        html.Append("</tbody></table></details>\n");
    }

    private static void WriteComparison(StringBuilder html, RunComparison comparison)
    {
        html.Append("<h2>Comparison: ").Append(Escape(comparison.NameB)).Append(" against ").Append(Escape(comparison.NameA)).Append("</h2>\n")
            .Append(Inv($"<p class=\"meta\">Δ = B − A. An ID switch is fixed when A has it and B has no switch of the same gt id within {comparison.ToleranceFrames} frames; introduced the other way round.</p>\n"));
        var metrics = comparison.Combined.Metrics;
        html.Append("<table id=\"comparison\"><thead><tr><th>Sequence</th>");
        foreach (var m in metrics) html.Append("<th>Δ").Append(Escape(m.Metric)).Append("</th>");
        html.Append("<th>fixed IDSW</th><th>new IDSW</th></tr></thead><tbody>\n");
        foreach (var row in comparison.Sequences.Append(comparison.Combined))
        {
            bool combined = ReferenceEquals(row, comparison.Combined);
            html.Append(combined ? "<tr class=\"combined\"" : "<tr").Append(" data-sequence=\"").Append(Escape(row.Name)).Append("\"><td>").Append(Escape(row.Name)).Append("</td>");
            foreach (var m in row.Metrics)
            {
                string cls = m.Delta == 0 ? "" : (m.Delta > 0) == HigherIsBetter(m.Metric) ? " class=\"better\"" : " class=\"worse\"";
                html.Append("<td").Append(cls).Append(Inv($" data-field=\"{m.Metric}\" data-value=\"{m.Delta:R}\" title=\"{m.A:0.###} → {m.B:0.###}\">{m.Delta:+0.###;-0.###;0}</td>"));
            }
            html.Append(Inv($"<td data-field=\"fixed\">{row.FixedCount}</td><td data-field=\"introduced\">{row.IntroducedCount}</td></tr>\n"));
        }
        html.Append("</tbody></table>\n");
        foreach (var seq in comparison.Sequences.Where(s => s.Fixed.Count + s.Introduced.Count > 0))
        {
            html.Append("<details><summary>").Append(Escape(seq.Name)).Append(Inv($": {seq.Fixed.Count} fixed, {seq.Introduced.Count} introduced, {seq.Kept} in both")).Append("</summary>\n<table class=\"switches\"><thead><tr><th></th><th>frame</th><th>gt id</th><th>from</th><th>to</th></tr></thead><tbody>");
            foreach (var (s, kind) in seq.Fixed.Select(s => (s, "fixed")).Concat(seq.Introduced.Select(s => (s, "introduced"))).OrderBy(p => p.s.Frame))
                html.Append(Inv($"<tr class=\"{(kind == "fixed" ? "better" : "worse")}\"><td>{kind}</td><td>{s.Frame}</td><td>{s.GtId}</td><td>{s.FromTrackerId}</td><td>{s.ToTrackerId}</td></tr>"));
            html.Append("</tbody></table></details>\n");
        }
    }

    private static bool HigherIsBetter(string metric) => metric is not ("IDSW" or "CLR_FP" or "CLR_FN" or "Frag" or "ML");

    private const string ErrorStyle = """
        <style>
        .errseq { margin: 18px 0 30px; }
        .errseq h3 { font-size: 15px; margin: 16px 0 2px; }
        .lanes { position: relative; }
        canvas.timeline { display: block; border: 1px solid #e4e4e4; }
        .tip { position: absolute; pointer-events: none; background: #222; color: #fff; font-size: 12px; padding: 2px 6px; border-radius: 3px; display: none; white-space: nowrap; }
        .maps { display: flex; gap: 16px; margin-top: 8px; }
        .maps figure { margin: 0; font-size: 12px; color: #555; }
        canvas.density { display: block; border: 1px solid #ccc; image-rendering: pixelated; }
        .cards { display: flex; flex-wrap: wrap; gap: 8px; }
        .card { margin: 0; border: 1px solid #ddd; padding: 4px; font-size: 11px; }
        .card img { height: 96px; margin-right: 2px; }
        table.switches td, table.switches th { padding: 2px 6px; }
        td.better, tr.better td { color: #1a7f37; }
        td.worse, tr.worse td { color: #c62828; }
        button.expand { margin: 4px 0; font-size: 12px; }
        </style>

        """;

    // Lanes and maps are drawn here from each section's JSON: canvas keeps a page with a thousand
    // switches and lanes light (a few elements instead of tens of thousands of SVG nodes).
    private const string ErrorScript = """
        <script>
        (function () {
          var EXPANDED = 30, LANE = 14, THIN = 3, LABEL = 118;
          function colour(id) { return 'hsl(' + ((id * 137.508) % 360).toFixed(1) + ',62%,' + (42 + (id * 7) % 16) + '%)'; }
          function bySwitches(a, b) {
            return (b.switches - a.switches) || (b.fragmentations - a.fragmentations) ||
              ((b.frames - b.matched) - (a.frames - a.matched)) || (a.gtId - b.gtId);
          }
          function setup(section) {
            var data = JSON.parse(section.querySelector('script.errdata').textContent);
            var lanes = data.gtIdentities.slice().sort(bySwitches);
            var switches = {}, frags = {};
            data.switches.forEach(function (s) { (switches[s.gtId] = switches[s.gtId] || []).push(s); });
            data.fragmentations.forEach(function (f) { (frags[f.gtId] = frags[f.gtId] || []).push(f); });
            var state = { expanded: Math.min(EXPANDED, lanes.length) };
            var canvas = section.querySelector('canvas.timeline'), tip = section.querySelector('.tip');
            function laneAt(y) {
              var top = 18;
              for (var k = 0; k < lanes.length; k++) {
                var h = k < state.expanded ? LANE + 2 : THIN;
                if (y >= top && y < top + h) return k;
                top += h;
              }
              return -1;
            }
            function draw() {
              var width = Math.max(600, section.clientWidth - 4), plot = width - LABEL - 10;
              var height = 18 + state.expanded * (LANE + 2) + (lanes.length - state.expanded) * THIN + 4;
              var ratio = window.devicePixelRatio || 1;
              canvas.width = width * ratio; canvas.height = height * ratio;
              canvas.style.width = width + 'px'; canvas.style.height = height + 'px';
              var g = canvas.getContext('2d');
              g.setTransform(ratio, 0, 0, ratio, 0, 0);
              g.fillStyle = '#fff'; g.fillRect(0, 0, width, height);
              var frames = Math.max(1, data.frames);
              var x = function (f) { return LABEL + (f - 1) / frames * plot; };
              g.font = '11px system-ui, sans-serif'; g.fillStyle = '#555'; g.textBaseline = 'middle';
              var step = Math.pow(10, Math.floor(Math.log10(frames / 5)));
              if (frames / step > 10) step *= 2;
              for (var f = step; f <= frames; f += step) {
                g.fillStyle = '#eee'; g.fillRect(x(f), 14, 1, height - 14);
                g.fillStyle = '#666'; g.fillText(String(f), x(f) - 8, 7);
              }
              g.fillText('frame', 4, 7);
              var top = 18;
              lanes.forEach(function (lane, k) {
                var wide = k < state.expanded, h = wide ? LANE : THIN - 1;
                g.fillStyle = '#ccc';
                g.fillRect(x(lane.firstFrame), top + Math.floor(h / 2), Math.max(1, x(lane.lastFrame + 1) - x(lane.firstFrame)), 1);
                lane.segments.forEach(function (s) {
                  g.fillStyle = colour(s[2]);
                  g.fillRect(x(s[0]), top, Math.max(1, x(s[1] + 1) - x(s[0])), h);
                });
                (frags[lane.gtId] || []).forEach(function (f) {
                  g.fillStyle = '#000'; g.fillRect(x(f.frame), top + h - (wide ? 4 : 1), 1, wide ? 5 : 2);
                });
                (switches[lane.gtId] || []).forEach(function (s) {
                  g.fillStyle = '#e00000'; g.fillRect(x(s.frame) - 1, top - (wide ? 1 : 0), 2, h + (wide ? 2 : 0));
                  if (wide) { g.beginPath(); g.moveTo(x(s.frame) - 4, top - 1); g.lineTo(x(s.frame) + 4, top - 1); g.lineTo(x(s.frame), top + 4); g.fill(); }
                });
                if (wide) {
                  g.fillStyle = '#222';
                  g.fillText('gt ' + lane.gtId + (lane.switches ? ' · ' + lane.switches + ' sw' : '') + (lane.fragmentations ? ' · ' + lane.fragmentations + ' fr' : ''), 4, top + h / 2);
                }
                top += wide ? LANE + 2 : THIN;
              });
              state.x = x; state.plot = plot; state.frames = frames;
            }
            canvas.addEventListener('mousemove', function (e) {
              var r = canvas.getBoundingClientRect(), k = laneAt(e.clientY - r.top);
              var frame = Math.floor((e.clientX - r.left - LABEL) / state.plot * state.frames) + 1;
              if (k < 0 || frame < 1) { tip.style.display = 'none'; return; }
              var lane = lanes[k], text = 'gt ' + lane.gtId + ', frame ' + frame + ': ';
              var seg = lane.segments.find(function (s) { return frame >= s[0] && frame <= s[1]; });
              var miss = lane.missed.find(function (s) { return frame >= s[0] && frame <= s[1]; });
              text += seg ? 'tracker ' + seg[2] : miss ? 'missed' : 'not in gt';
              var near = (switches[lane.gtId] || []).find(function (s) { return Math.abs(s.frame - frame) <= Math.max(1, state.frames / 200); });
              if (near) text += ' · switch at ' + near.frame + ': ' + near.fromTrackerId + ' → ' + near.toTrackerId;
              tip.textContent = text; tip.style.display = 'block';
              tip.style.left = (e.clientX - r.left + 12) + 'px'; tip.style.top = (e.clientY - r.top + 8) + 'px';
            });
            canvas.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
            section.querySelector('button.expand').addEventListener('click', function (e) {
              state.expanded = state.expanded < lanes.length ? lanes.length : Math.min(EXPANDED, lanes.length);
              e.target.textContent = state.expanded < lanes.length ? 'expand all lanes' : 'collapse lanes';
              draw();
            });
            section.querySelectorAll('canvas.density').forEach(function (c) {
              var d = data.density, counts = d[c.dataset.kind], max = Math.max.apply(null, counts.concat([1]));
              var scale = Math.max(1, Math.floor(384 / d.columns));
              c.width = d.columns * scale; c.height = d.rows * scale;
              var g = c.getContext('2d'), fp = c.dataset.kind === 'falsePositives';
              g.fillStyle = '#f7f7f7'; g.fillRect(0, 0, c.width, c.height);
              for (var i = 0; i < counts.length; i++) {
                if (!counts[i]) continue;
                var a = Math.sqrt(counts[i] / max);
                g.fillStyle = fp ? 'rgba(220,60,0,' + a.toFixed(3) + ')' : 'rgba(20,80,200,' + a.toFixed(3) + ')';
                g.fillRect((i % d.columns) * scale, Math.floor(i / d.columns) * scale, scale, scale);
              }
              c.nextElementSibling && (c.parentNode.querySelector('figcaption').textContent += ' · ' + counts.reduce(function (s, v) { return s + v; }, 0) + ' (darkest cell ' + max + ') · ' + d.width + '×' + d.height);
            });
            draw();
            window.addEventListener('resize', draw);
          }
          document.querySelectorAll('section.errseq').forEach(setup);
        })();
        </script>

        """;
}
