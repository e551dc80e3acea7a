using System.Globalization;

namespace MotTracker.Inference.Detectors;

/// <summary>Width and height in pixels of a detector's input tensor (NCHW: [1, 3, Height, Width]).</summary>
public readonly record struct DetectorInputSize(int Width, int Height)
{
    /// <summary>
    /// The size used for a model whose input height/width are dynamic when none is requested: 640 is the
    /// size YOLOX-S and larger and Ultralytics YOLOv8/YOLO11 were trained and exported at.
    /// </summary>
    public static DetectorInputSize DefaultDynamic { get; } = new(640, 640);

    public static DetectorInputSize Square(int side) => new(side, side);

    /// <summary>Parses "N" (square) or "WxH" (e.g. "640x384"); false for anything else.</summary>
    public static bool TryParse(string? text, out DetectorInputSize size)
    {
        size = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        string[] parts = text.Trim().Split('x', 'X');
        if (parts.Length is < 1 or > 2) return false;
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int w)) return false;
        int h = w;
        if (parts.Length == 2 && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out h)) return false;
        size = new DetectorInputSize(w, h);
        return true;
    }

    /// <summary>Whether both sides are positive multiples of the largest YOLO stride (32) and at most 8192.</summary>
    public bool IsValid => Width is > 0 and <= 8192 && Height is > 0 and <= 8192 && Width % 32 == 0 && Height % 32 == 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}");
}
