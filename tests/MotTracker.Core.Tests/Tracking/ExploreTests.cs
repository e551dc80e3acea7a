using System.Globalization;
using System.Text;
using MotTracker.Core.Tracking;
using MotTracker.Core.Tracking.PostProcessing;

namespace MotTracker.Core.Tests.Tracking;

public sealed class ExploreTests
{
    [Fact]
    public void Explore()
    {
        string? spec = Environment.GetEnvironmentVariable("MOTTRACK_EXPLORE");
        if (string.IsNullOrEmpty(spec)) return;
        var sb = new StringBuilder();
        foreach (string line in File.ReadAllLines(spec).Where(l => l.Trim().Length > 0 && !l.StartsWith('#')))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string tracker = parts[0];
            PostProcessKinds.TryParse(parts[1], out var kind);
            var settings = new TrackerSettings();
            var post = new PostProcessOptions();
            object opts = tracker switch { "ocsort" => settings.OcSort, _ => settings.ByteTrack };
            foreach (var kv in parts.Skip(2))
            {
                var (k, v) = (kv.Split('=')[0], kv.Split('=')[1]);
                object target = typeof(PostProcessOptions).GetProperty(k) is not null ? post : opts;
                var prop = target.GetType().GetProperty(k)!;
                var type = Nullable.GetUnderlyingType(prop.PropertyType) ?? prop.PropertyType;
                prop.SetValue(target, Convert.ChangeType(v, type, CultureInfo.InvariantCulture));
            }
            var a = OfflineScoreboard.Run(OfflineScoreboard.Mot17, tracker, kind, settings, post);
            var b = OfflineScoreboard.Run(OfflineScoreboard.Mot15, tracker, kind, settings, post, out var per15);
            sb.AppendLine($"{line,-90} | 17: {a} | 15: {b}");
            if (Environment.GetEnvironmentVariable("MOTTRACK_PERSEQ") is not null)
                foreach (var (name, score) in per15) sb.AppendLine($"    {name,-16} {score}");
        }
        File.WriteAllText(spec + ".out", sb.ToString());
    }
}
