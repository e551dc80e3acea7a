using MotTracker.Core;
using OpenCvSharp;

namespace MotTracker.Media.Synthesis;

/// <summary>Exact ground truth for one person in one frame: the silhouette's box clipped to the frame, and how much of it shows.</summary>
/// <param name="Person">0-based index into the cast (gt id = Person + 1).</param>
/// <param name="Box">0-based pixel box (x, y of the first pixel; width, height in pixels).</param>
/// <param name="Visibility">Silhouette pixels seen / all silhouette pixels (occluded and off-frame pixels are not seen).</param>
public readonly record struct PersonTruth(int Person, BoundingBox Box, double Visibility, int SilhouettePixels, int VisiblePixels);

/// <summary>Who hid whom in a frame: <see cref="Hidden"/> of <see cref="Occluded"/>'s silhouette pixels were under <see cref="Occluder"/>.</summary>
public readonly record struct OcclusionTruth(int Occluded, int Occluder, double Hidden);

/// <summary>Everything known about one rendered frame.</summary>
public sealed record FrameTruth(int Frame, IReadOnlyList<PersonTruth> People, IReadOnlyList<OcclusionTruth> Occlusions, CameraPose Camera);

/// <summary>
/// A scene ready to render: the canvas, the cast, the script and the camera. Frames are rendered on
/// demand, each from scratch, so any frame can be looked at alone (tests) or all in order (the writer).
/// </summary>
public sealed class SyntheticScene : IDisposable
{
    public const int Width = StreetGeometry.BackgroundWidth;
    public const int Height = StreetGeometry.BackgroundHeight;

    private readonly Mat _canvas;
    private readonly IReadOnlyList<PersonSprite> _cast;
    private readonly int[] _owner = new int[Width * Height];

    private SyntheticScene(SceneOptions options, Mat canvas, IReadOnlyList<PersonSprite> cast, IReadOnlyList<(int A, int B)> similarPairs,
        StreetGeometry street, VirtualCamera camera, SceneScript script)
    {
        Options = options;
        _canvas = canvas;
        _cast = cast;
        SimilarPairs = similarPairs;
        Street = street;
        Camera = camera;
        Script = script;
    }

    public SceneOptions Options { get; }
    public StreetGeometry Street { get; }
    public VirtualCamera Camera { get; }
    public SceneScript Script { get; }

    /// <summary>Pairs of cast members (0-based) picked for looking alike.</summary>
    public IReadOnlyList<(int A, int B)> SimilarPairs { get; }

    /// <summary>Where each cast member came from (MOT17 sequence, frame, gt id), by gt id − 1.</summary>
    public IReadOnlyList<string> CastSources => _cast.Select(c => c.Source).ToList();

    /// <summary>
    /// Builds the scene for <paramref name="options"/> from the people of <paramref name="library"/> (which
    /// must outlive the scene) and the empty street <paramref name="background"/> (768x576 BGR).
    /// </summary>
    /// <exception cref="ArgumentException">An option is out of range, or more people are asked for than the library holds.</exception>
    public static SyntheticScene Create(SceneOptions options, PersonLibrary library, Mat background)
    {
        options.Validate();
        if (options.People > library.People.Count)
            throw new ArgumentException($"--people {options.People} is more than the {library.People.Count} distinct MOT17 people available");
        if (background.Width != Width || background.Height != Height || background.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"the background must be {Width}x{Height} BGR (vtest.avi's size), got {background.Width}x{background.Height}");

        var settings = DifficultySettings.For(options.Difficulty);
        var random = new Random(options.Seed);
        var (cast, pairs) = PickCast(library, options.People, settings, random);

        // A camera network looks at the 1.5x canvas through fixed windows; the script is planned over the
        // whole canvas (a static "camera" the canvas's size), since every part of it is some camera's view.
        bool network = options.Cameras > 1;
        var street = new StreetGeometry(network ? CameraNetwork.CanvasScale : VirtualCamera.CanvasScaleFor(options.Camera));
        var canvas = new Mat();
        if (street.CanvasScale == 1) background.CopyTo(canvas);
        else Cv2.Resize(background, canvas, new Size(street.CanvasWidth, street.CanvasHeight), 0, 0, InterpolationFlags.Cubic);
        var camera = network
            ? new VirtualCamera(SceneCamera.Static, street, street.CanvasWidth, street.CanvasHeight)
            : new VirtualCamera(options.Camera, street, Width, Height);
        var script = ScenePlanner.Plan(options, settings, street, camera, pairs, random);
        return new SyntheticScene(options, canvas, cast, pairs, street, camera, script);
    }

    /// <summary>
    /// The cast: a share of it in look-alike pairs (a random person and the remaining one nearest in colour
    /// histogram), the rest at random. Each is a different MOT17 identity.
    /// </summary>
    private static (List<PersonSprite> Cast, List<(int, int)> Pairs) PickCast(PersonLibrary library, int people, DifficultySettings settings, Random random)
    {
        var pool = library.People.ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pool));
        var cast = new List<PersonSprite>();
        var pairs = new List<(int, int)>();
        int pairCount = people < 2 ? 0 : Math.Clamp((int)Math.Round(people * settings.SimilarPairShare / 2), 1, people / 2);
        for (int p = 0; p < pairCount; p++)
        {
            var anchor = pool[0];
            pool.RemoveAt(0);
            var twin = pool.MinBy(c => PersonLibrary.ColourDistance(anchor, c))!;
            pool.Remove(twin);
            pairs.Add((cast.Count, cast.Count + 1));
            cast.Add(anchor);
            cast.Add(twin);
        }
        cast.AddRange(pool.Take(people - cast.Count));
        return (cast, pairs);
    }

    /// <summary>Renders frame <paramref name="frame"/> (1-based) into <paramref name="output"/> (768x576 BGR) and returns its ground truth.</summary>
    public FrameTruth Render(int frame, Mat output)
    {
        double t = (frame - 1) / Options.Fps;
        return Render(frame, output, Camera.At(t), person => t);
    }

    /// <summary>
    /// Renders frame <paramref name="frame"/> as one camera of a network sees it: the canvas through
    /// <paramref name="pose"/>, each person at their own world time (<paramref name="personTime"/>: null
    /// when this camera never shows them), so one camera can see someone seconds after another did.
    /// </summary>
    public FrameTruth Render(int frame, Mat output, CameraPose pose, Func<int, double?> personTime)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(personTime);

        // 1. The street as the camera sees it.
        output.Create(Height, Width, MatType.CV_8UC3);
        if (pose is { Scale: 1, OffsetX: 0, OffsetY: 0 } && _canvas.Width == Width && _canvas.Height == Height)
        {
            _canvas.CopyTo(output);
        }
        else
        {
            using var affine = Mat.FromPixelData(2, 3, MatType.CV_64FC1, pose.Affine());
            Cv2.WarpAffine(_canvas, output, affine, new Size(Width, Height), InterpolationFlags.Linear, BorderTypes.Replicate);
        }

        // 2. Everyone walking now, scaled for where their feet are, nearest (lowest feet) drawn last.
        var placed = new List<Placement>();
        for (int person = 0; person < _cast.Count; person++)
        {
            if (personTime(person) is not { } t) continue;
            var walk = Script.ActiveWalk(person, t);
            if (walk is null) continue;
            var foot = walk.FootAt(t);
            var image = pose.ToImage(foot);
            double height = pose.Scale * Street.PersonHeight(foot.Y);
            var sprite = _cast[person];
            double f = height / sprite.Silhouette.Height;
            var size = new Size(Math.Max(1, (int)Math.Round(sprite.Image.Width * f)), Math.Max(1, (int)Math.Round(sprite.Image.Height * f)));
            int left = (int)Math.Round(image.X - f * (sprite.Silhouette.X + 0.5 * sprite.Silhouette.Width));
            int top = (int)Math.Round(image.Y - f * (sprite.Silhouette.Y + sprite.Silhouette.Height));
            if (left >= Width || top >= Height || left + size.Width <= 0 || top + size.Height <= 0) continue;
            placed.Add(new Placement(person, image.Y, left, top, size));
        }
        placed.Sort((a, b) => a.FootY != b.FootY ? a.FootY.CompareTo(b.FootY) : a.Person.CompareTo(b.Person));

        // 3. Paste in that order, recording which person owns each pixel (the last one drawn over it).
        Array.Clear(_owner);
        var truths = new List<PersonTruth>();
        var occlusions = new List<OcclusionTruth>();
        var scaled = new List<(Mat Image, Mat Alpha)>();
        try
        {
            foreach (var p in placed)
            {
                var sprite = _cast[p.Person];
                var image = new Mat();
                var alpha = new Mat();
                var interpolation = p.Size.Height < sprite.Image.Height ? InterpolationFlags.Area : InterpolationFlags.Linear;
                Cv2.Resize(sprite.Image, image, p.Size, 0, 0, interpolation);
                Cv2.Resize(sprite.Alpha, alpha, p.Size, 0, 0, interpolation);
                scaled.Add((image, alpha));
                Paste(output, image, alpha, p);
            }

            // 4. Truth per person: the full silhouette's box clipped to the frame, the share of it still owned.
            var hiddenBy = new Dictionary<int, int>();
            for (int i = 0; i < placed.Count; i++)
            {
                var p = placed[i];
                var (box, total, visible) = Measure(scaled[i].Alpha, p, hiddenBy);
                if (box is not { } clipped || total == 0) continue;
                truths.Add(new PersonTruth(p.Person, clipped, (double)visible / total, total, visible));
                foreach (var (occluder, pixels) in hiddenBy.OrderBy(h => h.Key))
                    occlusions.Add(new OcclusionTruth(p.Person, occluder, (double)pixels / total));
            }
        }
        finally
        {
            foreach (var (image, alpha) in scaled) { image.Dispose(); alpha.Dispose(); }
        }
        truths.Sort((a, b) => a.Person.CompareTo(b.Person));
        return new FrameTruth(frame, truths, occlusions, pose);
    }

    private readonly record struct Placement(int Person, double FootY, int Left, int Top, Size Size);

    /// <summary>Alpha-blends one person into the frame; silhouette pixels (alpha ≥ 0.5) take ownership.</summary>
    private unsafe void Paste(Mat output, Mat image, Mat alpha, Placement p)
    {
        int x0 = Math.Max(0, p.Left), x1 = Math.Min(Width, p.Left + p.Size.Width);
        int y0 = Math.Max(0, p.Top), y1 = Math.Min(Height, p.Top + p.Size.Height);
        int owner = p.Person + 1;
        for (int y = y0; y < y1; y++)
        {
            byte* dst = (byte*)output.Ptr(y);
            byte* src = (byte*)image.Ptr(y - p.Top);
            float* a = (float*)alpha.Ptr(y - p.Top);
            for (int x = x0; x < x1; x++)
            {
                int sx = x - p.Left;
                float w = a[sx];
                if (w <= 0) continue;
                for (int c = 0; c < 3; c++)
                {
                    float blended = w * src[3 * sx + c] + (1 - w) * dst[3 * x + c];
                    dst[3 * x + c] = (byte)Math.Clamp((int)MathF.Round(blended), 0, 255);
                }
                if (w >= 0.5f) _owner[y * Width + x] = owner;
            }
        }
    }

    /// <summary>
    /// Counts a placed person's silhouette pixels (all of them, on or off the frame) and those still owned
    /// by it; fills <paramref name="hiddenBy"/> with the pixels each other person covers.
    /// </summary>
    private unsafe (BoundingBox? Box, int Total, int Visible) Measure(Mat alpha, Placement p, Dictionary<int, int> hiddenBy)
    {
        hiddenBy.Clear();
        int total = 0, visible = 0;
        int minX = int.MaxValue, minY = int.MaxValue, maxX = int.MinValue, maxY = int.MinValue;
        int self = p.Person + 1;
        for (int sy = 0; sy < p.Size.Height; sy++)
        {
            float* a = (float*)alpha.Ptr(sy);
            int y = p.Top + sy;
            for (int sx = 0; sx < p.Size.Width; sx++)
            {
                if (a[sx] < 0.5f) continue;
                int x = p.Left + sx;
                total++;
                if (x < minX) minX = x;
                if (x > maxX) maxX = x;
                if (y < minY) minY = y;
                if (y > maxY) maxY = y;
                if (x < 0 || y < 0 || x >= Width || y >= Height) continue;
                int owner = _owner[y * Width + x];
                if (owner == self) visible++;
                else hiddenBy[owner - 1] = hiddenBy.GetValueOrDefault(owner - 1) + 1;
            }
        }
        if (total == 0) return (null, 0, 0);
        int cx0 = Math.Max(0, minX), cy0 = Math.Max(0, minY), cx1 = Math.Min(Width - 1, maxX), cy1 = Math.Min(Height - 1, maxY);
        if (cx1 < cx0 || cy1 < cy0) return (null, total, visible);
        return (new BoundingBox(cx0, cy0, cx1 - cx0 + 1, cy1 - cy0 + 1), total, visible);
    }

    public void Dispose() => _canvas.Dispose();
}
