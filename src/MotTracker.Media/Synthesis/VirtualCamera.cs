namespace MotTracker.Media.Synthesis;

/// <summary>
/// Where the camera looks at one instant: image = <see cref="Scale"/> · (canvas − (<see cref="OffsetX"/>, <see cref="OffsetY"/>)).
/// </summary>
public readonly record struct CameraPose(double Scale, double OffsetX, double OffsetY)
{
    public PointD ToImage(PointD canvas) => new(Scale * (canvas.X - OffsetX), Scale * (canvas.Y - OffsetY));

    public PointD ToCanvas(PointD image) => new(image.X / Scale + OffsetX, image.Y / Scale + OffsetY);

    /// <summary>The 2x3 affine from canvas to image, row-major (a11 a12 tx a21 a22 ty).</summary>
    public double[] Affine() => [Scale, 0, -Scale * OffsetX, 0, Scale, -Scale * OffsetY];
}

/// <summary>
/// A camera moving smoothly over the canvas. Periods are a few tens of seconds with mutually prime
/// lengths, so the motion does not repeat within a scene; peak speeds stay below about 5 px per frame at
/// 10 fps, the range real handheld or PTZ footage shows and camera-motion compensation is built for.
/// </summary>
public sealed class VirtualCamera
{
    private const double PanPeriodX = 24, PanPeriodY = 37, ZoomPeriod = 20, ZoomDriftX = 31, ZoomDriftY = 43;
    private readonly SceneCamera _motion;
    private readonly StreetGeometry _street;

    public VirtualCamera(SceneCamera motion, StreetGeometry street, int imageWidth, int imageHeight)
    {
        _motion = motion;
        _street = street;
        ImageWidth = imageWidth;
        ImageHeight = imageHeight;
    }

    /// <summary>1.5 for a moving camera (room to move), 1 for a static one (the background as it is).</summary>
    public static double CanvasScaleFor(SceneCamera motion) => motion == SceneCamera.Static ? 1.0 : 1.5;

    public int ImageWidth { get; }
    public int ImageHeight { get; }

    public CameraPose At(double seconds)
    {
        double spareX = _street.CanvasWidth - ImageWidth, spareY = _street.CanvasHeight - ImageHeight;
        switch (_motion)
        {
            case SceneCamera.Pan:
            {
                // Left to right and back over the spare width, bobbing over most of the spare height.
                double x = 0.5 * spareX * (1 - Math.Cos(2 * Math.PI * seconds / PanPeriodX));
                double y = 0.5 * spareY * (1 + 0.7 * Math.Sin(2 * Math.PI * seconds / PanPeriodY));
                return new CameraPose(1, x, y);
            }
            case SceneCamera.Zoom:
            {
                // Scale 2/3 shows the whole canvas (the background at its own size); 1 shows two thirds of it.
                double min = (double)ImageWidth / _street.CanvasWidth;
                double scale = min + (1 - min) * 0.5 * (1 - Math.Cos(2 * Math.PI * seconds / ZoomPeriod));
                double windowW = ImageWidth / scale, windowH = ImageHeight / scale;
                double centreX = 0.5 * _street.CanvasWidth + 0.25 * spareX * Math.Sin(2 * Math.PI * seconds / ZoomDriftX);
                double centreY = 0.5 * _street.CanvasHeight + 0.25 * spareY * Math.Sin(2 * Math.PI * seconds / ZoomDriftY);
                double x = Math.Clamp(centreX - 0.5 * windowW, 0, _street.CanvasWidth - windowW);
                double y = Math.Clamp(centreY - 0.5 * windowH, 0, _street.CanvasHeight - windowH);
                return new CameraPose(scale, x, y);
            }
            default:
                return new CameraPose(1, 0, 0);
        }
    }

    /// <summary>The canvas rectangle the camera sees (x, y, width, height).</summary>
    public (double X, double Y, double Width, double Height) Window(double seconds)
    {
        var pose = At(seconds);
        return (pose.OffsetX, pose.OffsetY, ImageWidth / pose.Scale, ImageHeight / pose.Scale);
    }
}
