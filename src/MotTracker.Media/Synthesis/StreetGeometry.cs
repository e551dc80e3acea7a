namespace MotTracker.Media.Synthesis;

/// <summary>A point on the canvas or in the image, in pixels (x right, y down).</summary>
public readonly record struct PointD(double X, double Y);

/// <summary>
/// Where people may walk on vtest.avi's street and how tall they look there. Measured on vtest.avi
/// (768x576): a person whose feet are at y=270 is about 72 px tall, one at y=450 about 125 px, which fits
/// a ground plane seen from above with the horizon near y=25; so height = 0.29 (y - 25). Feet stay
/// between y=220 (57 px tall, the far kerb) and y=565 (157 px, the bottom of the frame). The canvas is
/// the background scaled by <see cref="CanvasScale"/>, and every length here is in canvas pixels.
/// </summary>
public sealed class StreetGeometry
{
    public const int BackgroundWidth = 768;
    public const int BackgroundHeight = 576;
    private const double HorizonY = 25;
    private const double HeightPerPixelBelowHorizon = 0.29;
    private const double NearestFootY = 565;
    private const double FarthestFootY = 220;

    public StreetGeometry(double canvasScale)
    {
        CanvasScale = canvasScale;
        CanvasWidth = (int)Math.Round(BackgroundWidth * canvasScale);
        CanvasHeight = (int)Math.Round(BackgroundHeight * canvasScale);
    }

    public double CanvasScale { get; }
    public int CanvasWidth { get; }
    public int CanvasHeight { get; }

    public double FootYMin => FarthestFootY * CanvasScale;
    public double FootYMax => NearestFootY * CanvasScale;

    /// <summary>Height on the canvas of a person whose feet are at canvas row <paramref name="footY"/>.</summary>
    public double PersonHeight(double footY) => HeightPerPixelBelowHorizon * (footY / CanvasScale - HorizonY) * CanvasScale;

    /// <summary>The tallest person anywhere on the street.</summary>
    public double MaxPersonHeight => PersonHeight(FootYMax);

    /// <summary>
    /// How far beyond the canvas edge a walk starts and ends, so nobody pops into view: half the widest
    /// plausible silhouette (people are at most about as wide as tall when arms and bags stick out).
    /// </summary>
    public double EdgeMargin => 0.5 * MaxPersonHeight + 8;
}
