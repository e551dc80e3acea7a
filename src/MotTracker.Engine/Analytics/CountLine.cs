using System.Globalization;

namespace MotTracker.Engine.Analytics;

/// <summary>A point in image pixels (x right, y down).</summary>
public readonly record struct PixelPoint(double X, double Y);

/// <summary>
/// A directed counting line segment from <see cref="Start"/> (x1,y1) to <see cref="End"/> (x2,y2), in
/// image pixels. The direction defines "in" and "out" (see <see cref="LineCounter"/>).
/// </summary>
public sealed record CountLine(string Name, PixelPoint Start, PixelPoint End)
{
    public double Length => Math.Sqrt(Dx * Dx + Dy * Dy);

    internal double Dx => End.X - Start.X;
    internal double Dy => End.Y - Start.Y;

    /// <summary>
    /// Signed distance of <paramref name="p"/> from the line's infinite extension, in pixels: the 2-D
    /// cross product (End − Start) × (p − Start) divided by the length. In image coordinates (y down) it
    /// is positive on the right-hand side of the direction Start → End as seen on screen, negative on the left.
    /// </summary>
    public double SignedDistance(PixelPoint p) => (Dx * (p.Y - Start.Y) - Dy * (p.X - Start.X)) / Length;

    /// <summary>
    /// Parses the <c>--count-line</c> text <c>x1,y1,x2,y2[,name]</c>. Without a name the line is called
    /// <c>line{number}</c> (1-based position among the lines given); the name is everything after the
    /// fourth comma, trimmed.
    /// </summary>
    /// <exception cref="FormatException">Names the flag and the part that is wrong.</exception>
    public static CountLine Parse(string text, int number)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(',', 5);
        if (parts.Length < 4)
            throw new FormatException($"--count-line '{text}': expected x1,y1,x2,y2[,name] (4 numbers, then an optional name), got {parts.Length} part{(parts.Length == 1 ? "" : "s")}");
        string[] labels = ["x1", "y1", "x2", "y2"];
        var v = new double[4];
        for (int i = 0; i < 4; i++)
        {
            string part = parts[i].Trim();
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i]))
                throw new FormatException($"--count-line '{text}': {labels[i]} '{part}' is not a number (pixels, '.' as decimal point)");
        }
        string name = parts.Length == 5 ? parts[4].Trim() : $"line{number.ToString(CultureInfo.InvariantCulture)}";
        if (name.Length == 0)
            throw new FormatException($"--count-line '{text}': the name after the fourth comma is empty (leave out the comma for line{number})");
        if (v[0] == v[2] && v[1] == v[3])
            throw new FormatException($"--count-line '{text}': the two end points are the same; a line needs two different points");
        return new CountLine(name, new PixelPoint(v[0], v[1]), new PixelPoint(v[2], v[3]));
    }

    /// <summary>Parses every <c>--count-line</c> value in order; names must be unique (they key the summary).</summary>
    /// <exception cref="FormatException">A line does not parse, or two lines share a name.</exception>
    public static IReadOnlyList<CountLine> ParseAll(IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var lines = new List<CountLine>();
        foreach (string text in texts)
        {
            var line = Parse(text, lines.Count + 1);
            if (lines.Any(l => string.Equals(l.Name, line.Name, StringComparison.Ordinal)))
                throw new FormatException($"--count-line '{text}': another line is already named '{line.Name}'; names must be unique");
            lines.Add(line);
        }
        return lines;
    }
}

/// <summary>Which point of a track's box must cross a line (<c>--count-anchor</c>).</summary>
public enum CountAnchor
{
    /// <summary>The bottom centre of the box: where a walking person or a car touches the ground.</summary>
    Bottom,

    /// <summary>The centre of the box.</summary>
    Center,
}

public static class CountAnchors
{
    public static PixelPoint Of(in BoundingBox box, CountAnchor anchor) =>
        anchor == CountAnchor.Center ? new(box.CenterX, box.CenterY) : new(box.CenterX, box.Bottom);

    /// <summary>Parses <c>--count-anchor</c>: bottom or center (centre accepted), case-insensitive.</summary>
    /// <exception cref="FormatException">Names the flag and the bad value.</exception>
    public static CountAnchor Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "bottom" => CountAnchor.Bottom,
            "center" or "centre" => CountAnchor.Center,
            _ => throw new FormatException($"--count-anchor '{text}': use bottom (bottom centre of the box) or center"),
        };
    }

    public static string Name(CountAnchor anchor) => anchor == CountAnchor.Center ? "center" : "bottom";
}
