namespace MotTracker.Media;

/// <summary>A colour in the byte order of <see cref="MotTracker.Core.BgrImage"/>.</summary>
public readonly record struct BgrColor(byte B, byte G, byte R)
{
    public static BgrColor Black => new(0, 0, 0);
    public static BgrColor White => new(255, 255, 255);
    public static BgrColor Red => new(0, 0, 255);
    public static BgrColor Green => new(0, 255, 0);
    public static BgrColor Blue => new(255, 0, 0);
    public static BgrColor Yellow => new(0, 255, 255);

    /// <summary>
    /// A stable, well-spread colour for a track id: the hue walks by the golden angle so neighbouring
    /// ids get clearly different colours, and the same id always gets the same one.
    /// </summary>
    public static BgrColor ForId(int id)
    {
        double hue = (id * 137.508) % 360.0;
        if (hue < 0)
            hue += 360.0;
        // HSV with S = 0.85, V = 0.95 -> RGB.
        const double value = 0.95, saturation = 0.85;
        double chroma = value * saturation;
        double x = chroma * (1 - Math.Abs(hue / 60.0 % 2 - 1));
        double m = value - chroma;
        (double r, double g, double b) = (int)(hue / 60.0) switch
        {
            0 => (chroma, x, 0.0),
            1 => (x, chroma, 0.0),
            2 => (0.0, chroma, x),
            3 => (0.0, x, chroma),
            4 => (x, 0.0, chroma),
            _ => (chroma, 0.0, x),
        };
        return new BgrColor(ToByte(b + m), ToByte(g + m), ToByte(r + m));
    }

    private static byte ToByte(double unit) => (byte)Math.Clamp(Math.Round(unit * 255.0), 0, 255);
}
