using System.Globalization;
using System.Text;
using OpenCvSharp;

namespace MotTracker.Media.Synthesis;

/// <summary>One camera of a network: a fixed window on the canvas and its own picture (brightness, blur).</summary>
/// <param name="Index">0-based; the sequence is &lt;name&gt;-c(Index+1).</param>
/// <param name="Pose">The window: image = Scale · (canvas − offset), 768x576 pixels.</param>
/// <param name="Gain">Brightness: pixel · Gain + Bias.</param>
/// <param name="BlurSigma">Gaussian blur sigma in pixels (0: sharp).</param>
public sealed record NetworkCamera(int Index, CameraPose Pose, double Gain, double Bias, double BlurSigma);

/// <summary>How a person moves through the network.</summary>
public enum RouteKind
{
    /// <summary>Walks the shared street: every camera whose window covers where they walk sees them at the same time (overlapping views).</summary>
    Together,

    /// <summary>Seen by the cameras in a drawn order, each some seconds after the last (a hand-over across a gap between views).</summary>
    HandOver,

    /// <summary>Seen by one camera only.</summary>
    Single,
}

/// <summary>A person's route: <see cref="Delays"/>[k] seconds after the world's clock camera k shows them; null: never.</summary>
public sealed record PersonRoute(int Person, RouteKind Kind, double?[] Delays);

/// <summary>
/// A synthetic camera network over one street (the vtest median at 1.5x, a 1152x864 canvas, on which the
/// scene's script lets people walk from edge to edge as in a single scene). Camera k looks at the canvas
/// through a fixed window: scale 1.0, 1.2, 0.85, 1.1 (repeating), so people look a different size in each;
/// windows spread from the left edge (camera 1) to the right edge (the last camera) and sit at different
/// heights, so neighbouring windows overlap (camera 1 and 2 of a two-camera network share x 512–768 of
/// the canvas). Each camera has its own brightness (gain 0.8–1.2, bias −20…20) and blur (sigma 0–1.6).
/// People follow routes drawn with the seed: about 40% walk the street together (seen at once by every
/// camera covering their path: overlapping views), 35% are handed over (seen by the cameras in a drawn
/// order, each 8–20 s later than the last, as if they walked between views out of sight), 25% appear in one
/// camera only. Gt ids are the same person in every camera.
/// </summary>
public sealed class CameraNetwork
{
    public const double CanvasScale = 1.5;
    public const int MaxCameras = 4;
    private static readonly double[] Scales = [1.0, 1.2, 0.85, 1.1];
    private static readonly double[] Heights = [0.3, 0.8, 0.5, 0.1];

    private CameraNetwork(IReadOnlyList<NetworkCamera> cameras, IReadOnlyList<PersonRoute> routes)
    {
        Cameras = cameras;
        Routes = routes;
    }

    public IReadOnlyList<NetworkCamera> Cameras { get; }
    public IReadOnlyList<PersonRoute> Routes { get; }

    /// <summary>The network for a scene; draws from its own random stream (seed + 1), so the scene's script is that of the same seed.</summary>
    public static CameraNetwork Create(SceneOptions options, StreetGeometry street)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(street);
        int n = options.Cameras;
        var random = new Random(unchecked(options.Seed * 7919 + n));
        var cameras = new List<NetworkCamera>();
        for (int k = 0; k < n; k++)
        {
            double scale = Scales[k % Scales.Length];
            double w = SyntheticScene.Width / scale, h = SyntheticScene.Height / scale;
            double x = n == 1 ? 0.5 * (street.CanvasWidth - w) : (street.CanvasWidth - w) * k / (n - 1);
            double y = (street.CanvasHeight - h) * Heights[k % Heights.Length];
            cameras.Add(new NetworkCamera(k, new CameraPose(scale, x, y),
                Gain: 0.8 + 0.4 * random.NextDouble(), Bias: -20 + 40 * random.NextDouble(), BlurSigma: 1.6 * random.NextDouble()));
        }

        var routes = new List<PersonRoute>();
        for (int p = 0; p < options.People; p++)
        {
            // The first three people take one route kind each, so every network has all three.
            double draw = p < 3 ? new[] { 0.1, 0.5, 0.9 }[p] : random.NextDouble();
            var kind = draw < 0.4 ? RouteKind.Together : draw < 0.75 ? RouteKind.HandOver : RouteKind.Single;
            var delays = new double?[n];
            switch (kind)
            {
                case RouteKind.Together:
                    Array.Fill(delays, 0);
                    break;
                case RouteKind.HandOver:
                {
                    var order = Enumerable.Range(0, n).ToArray();
                    random.Shuffle(order);
                    double delay = 0;
                    foreach (int k in order)
                    {
                        delays[k] = delay;
                        delay += 8 + 12 * random.NextDouble();
                    }
                    break;
                }
                default:
                    delays[random.Next(n)] = 0;
                    break;
            }
            routes.Add(new PersonRoute(p, kind, delays));
        }
        return new CameraNetwork(cameras, routes);
    }

    /// <summary>Frame <paramref name="frame"/> of camera <paramref name="camera"/>, its picture effects applied.</summary>
    public FrameTruth Render(SyntheticScene scene, NetworkCamera camera, int frame, Mat output)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(camera);
        double t = (frame - 1) / scene.Options.Fps;
        var truth = scene.Render(frame, output, camera.Pose, person => Routes[person].Delays[camera.Index] is { } d ? t - d : null);
        output.ConvertTo(output, MatType.CV_8UC3, camera.Gain, camera.Bias);
        if (camera.BlurSigma > 0.05) Cv2.GaussianBlur(output, output, new Size(0, 0), camera.BlurSigma);
        return truth;
    }

    /// <summary>The camera's part of the NOTICE: its window, picture and who it shows.</summary>
    public string Describe(NetworkCamera camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        var p = camera.Pose;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""

            CAMERA {camera.Index + 1} OF {Cameras.Count}
            window on the 1152x864 canvas (vtest median x{CanvasScale}): x {p.OffsetX:F0}-{p.OffsetX + SyntheticScene.Width / p.Scale:F0}, y {p.OffsetY:F0}-{p.OffsetY + SyntheticScene.Height / p.Scale:F0}, scale {p.Scale:0.##}
            picture: brightness gain {camera.Gain:F2}, bias {camera.Bias:F1}; Gaussian blur sigma {camera.BlurSigma:F2}
            routes (gt id: kind, seconds after the world's clock this camera shows them):

            """);
        foreach (var route in Routes)
        {
            string delay = route.Delays[camera.Index] is { } d ? d.ToString("F1", CultureInfo.InvariantCulture) + " s" : "never";
            text.Append(CultureInfo.InvariantCulture, $"{route.Person + 1}: {route.Kind.ToString().ToLowerInvariant()}, {delay}\n");
        }
        return text.ToString().ReplaceLineEndings("\n");
    }
}

/// <summary>Writes a camera network: &lt;dir&gt;/&lt;name&gt;/&lt;name&gt;-cK/ for each camera, all or nothing.</summary>
public static class NetworkWriter
{
    public static string CameraName(string name, int index) => string.Create(CultureInfo.InvariantCulture, $"{name}-c{index + 1}");

    /// <exception cref="IOException">The network folder exists and <paramref name="overwrite"/> is false, or writing failed.</exception>
    public static IReadOnlyList<SceneSummary> Write(SyntheticScene scene, string benchmarkDirectory, bool overwrite, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scene);
        OpenCvRuntime.EnsureInitialized();
        string name = scene.Options.ResolvedName;
        string target = Path.Combine(Path.GetFullPath(benchmarkDirectory), name);
        if ((Directory.Exists(target) || File.Exists(target)) && !overwrite)
            throw new IOException($"scene folder '{target}' already exists; pass --overwrite to replace it");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        string temp = Path.Combine(Path.GetDirectoryName(target)!, $".{name}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var network = CameraNetwork.Create(scene.Options, scene.Street);
        try
        {
            var summaries = new List<SceneSummary>();
            foreach (var camera in network.Cameras)
            {
                string cameraName = CameraName(name, camera.Index);
                string folder = Path.Combine(temp, cameraName);
                Directory.CreateDirectory(Path.Combine(folder, "gt"));
                var summary = SceneWriter.WriteContent(scene, folder, cameraName, (f, frame) => network.Render(scene, camera, f, frame), network.Describe(camera), progress);
                summaries.Add(summary with
                {
                    Directory = Path.Combine(target, cameraName),
                    VideoPath = Path.Combine(target, cameraName, SceneWriter.VideoFileName(cameraName)),
                });
            }
            SceneWriter.Replace(temp, target);
            return summaries;
        }
        catch
        {
            try { Directory.Delete(temp, recursive: true); }
            catch (IOException) { }
            throw;
        }
    }
}
