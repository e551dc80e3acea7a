using System.Globalization;

namespace MotTracker.Engine.Analytics;

/// <summary>
/// A counting zone: a closed polygon in image pixels (x right, y down), vertices in order, the last one
/// joined back to the first. A box is inside when its anchor point is (see <see cref="ZoneCounter"/>).
/// </summary>
public sealed record CountZone(string Name, IReadOnlyList<PixelPoint> Vertices)
{
    /// <summary>Whether <paramref name="p"/> lies inside (even-odd rule; a point on an edge may go either way, which the hysteresis band absorbs).</summary>
    public bool Contains(PixelPoint p)
    {
        bool inside = false;
        var v = Vertices;
        for (int i = 0, j = v.Count - 1; i < v.Count; j = i++)
        {
            // Does the horizontal ray from p to the right cross edge j → i?
            if ((v[i].Y > p.Y) != (v[j].Y > p.Y)
                && p.X < v[j].X + (p.Y - v[j].Y) * (v[i].X - v[j].X) / (v[i].Y - v[j].Y))
                inside = !inside;
        }
        return inside;
    }

    /// <summary>Distance from <paramref name="p"/> to the nearest edge, positive inside and negative outside, in pixels.</summary>
    public double SignedDistance(PixelPoint p)
    {
        double best = double.PositiveInfinity;
        var v = Vertices;
        for (int i = 0, j = v.Count - 1; i < v.Count; j = i++)
            best = Math.Min(best, DistanceToSegment(p, v[j], v[i]));
        return Contains(p) ? best : -best;
    }

    private static double DistanceToSegment(PixelPoint p, PixelPoint a, PixelPoint b)
    {
        double dx = b.X - a.X, dy = b.Y - a.Y;
        double lengthSquared = dx * dx + dy * dy;
        double t = lengthSquared == 0 ? 0 : Math.Clamp(((p.X - a.X) * dx + (p.Y - a.Y) * dy) / lengthSquared, 0, 1);
        double x = a.X + t * dx - p.X, y = a.Y + t * dy - p.Y;
        return Math.Sqrt(x * x + y * y);
    }

    /// <summary>Twice the signed area (shoelace formula); 0 for a degenerate polygon.</summary>
    private double DoubleArea()
    {
        double sum = 0;
        var v = Vertices;
        for (int i = 0, j = v.Count - 1; i < v.Count; j = i++) sum += v[j].X * v[i].Y - v[i].X * v[j].Y;
        return sum;
    }

    /// <summary>
    /// Parses the <c>--zone</c> text <c>x1,y1,x2,y2,x3,y3,…[,name]</c>: at least three points; with an odd
    /// number of parts the last one is the name, otherwise the zone is called <c>zone{number}</c>.
    /// </summary>
    /// <exception cref="FormatException">Names the flag and the part that is wrong.</exception>
    public static CountZone Parse(string text, int number)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',');
        int numbers = parts.Length % 2 == 0 ? parts.Length : parts.Length - 1;
        if (numbers < 6)
            throw new FormatException($"--zone '{text}': expected x1,y1,x2,y2,x3,y3,...[,name] (at least 3 points, then an optional name), got {parts.Length} part{(parts.Length == 1 ? "" : "s")}");
        var points = new PixelPoint[numbers / 2];
        for (int i = 0; i < numbers; i += 2)
            points[i / 2] = new PixelPoint(Number(text, parts, i), Number(text, parts, i + 1));
        string name = numbers < parts.Length ? parts[^1].Trim() : $"zone{number.ToString(CultureInfo.InvariantCulture)}";
        if (name.Length == 0)
            throw new FormatException($"--zone '{text}': the name after the last point is empty (leave out the comma for zone{number})");
        var zone = new CountZone(name, points);
        if (Math.Abs(zone.DoubleArea()) < 1e-9)
            throw new FormatException($"--zone '{text}': the points enclose no area; give at least three points not on one line");
        return zone;
    }

    private static double Number(string text, string[] parts, int index)
    {
        string part = parts[index].Trim();
        if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            string label = string.Create(CultureInfo.InvariantCulture, $"{(index % 2 == 0 ? 'x' : 'y')}{index / 2 + 1}");
            string hint = index == parts.Length - 1 ? " (a name goes after an even number of coordinates)" : "";
            throw new FormatException($"--zone '{text}': {label} '{part}' is not a number (pixels, '.' as decimal point){hint}");
        }
        return value;
    }

    /// <summary>Parses every <c>--zone</c> value in order; names must be unique (they key the summary).</summary>
    /// <exception cref="FormatException">A zone does not parse, or two zones share a name.</exception>
    public static IReadOnlyList<CountZone> ParseAll(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var zones = new List<CountZone>();
        foreach (string text in texts)
        {
            var zone = Parse(text, zones.Count + 1);
            if (zones.Any(z => string.Equals(z.Name, zone.Name, StringComparison.Ordinal)))
                throw new FormatException($"--zone '{text}': another zone is already named '{zone.Name}'; names must be unique");
            zones.Add(zone);
        }
        return zones;
    }
}
