using System.Globalization;
using MotTracker.Core;
using MotTracker.Engine.Analytics;
using MotTracker.Tracking;
using MotTracker.Media;

namespace MotTracker.Engine.Outputs;

/// <summary>How an annotated video is drawn.</summary>
public sealed record AnnotationStyle
{
    public const int DefaultTrail = 30;

    /// <summary>Frames of past positions drawn behind each track (0: no trail).</summary>
    public int Trail { get; init; } = DefaultTrail;

    /// <summary>Write the class name after the id in each label (on in multi-class runs).</summary>
    public bool ClassNames { get; init; }

    /// <summary>The point of the box the trail follows: the counting anchor, so the trail shows what crosses the lines.</summary>
    public CountAnchor Anchor { get; init; } = CountAnchor.Bottom;

    /// <summary>Box outline width in pixels.</summary>
    public int BoxThickness { get; init; } = 2;

    public void Validate()
    {
        if (Trail < 0) throw new ArgumentException($"the trail length must be 0 (none) or more frames, got {Trail}", "trail");
    }
}

/// <summary>
/// Draws every frame's tracks on the frame itself (a box in a stable colour per id, a label with the id
/// and, in multi-class runs, the class name, a fading trail of past positions, the frame number and each
/// count line and zone with its running counts) and writes it to a video through <see cref="VideoFileSink"/>.
/// The frame is drawn in place: the observer is the last reader of its pixels before they go back to the
/// pool. The video appears only on <see cref="Complete"/> (temporary file, then rename); a video in parts
/// (a live stream's) renames each part into place as soon as it is complete.
/// </summary>
public sealed class AnnotatedVideo : IFrameObserver, IDisposable
{
    private static readonly BgrColor LineColor = BgrColor.Yellow;

    private readonly AnnotationStyle _style;
    private readonly string _target;
    private readonly int _width;
    private readonly int _height;
    private readonly double _frameRate;
    private readonly bool _overwrite;
    private readonly int? _rotate;
    private VideoFileSink _sink;
    private int _part;
    private int _framesInEarlierParts;
    private static readonly BgrColor ZoneColor = new(255, 200, 0);

    private readonly CountingSession? _counting;
    private readonly List<(double X, double Y)> _polygon = [];
    private readonly Dictionary<int, Trail> _trails = [];
    private readonly List<int> _stale = [];
    private readonly List<(double X, double Y)> _segment = [(0, 0), (0, 0)];

    /// <param name="counting">The run's line and zone counts, already fed the frame when <see cref="OnFrame"/> is called (it draws their running counts); null draws no lines or zones.</param>
    /// <param name="rotateFrames">
    /// Write the video in parts of this many frame numbers (a live stream, which has no end to wait for): <paramref name="path"/>
    /// <c>out.mp4</c> becomes <c>out.000001.mp4</c> (frames 1..N), <c>out.000002.mp4</c> (N+1..2N), … as
    /// <see cref="Core.MotChallenge.ResultStreamWriter.RotatedPath"/> names result parts. Each part is encoded into its own
    /// hidden temporary file and renamed into place as soon as a frame of a later part arrives, so a run
    /// killed at any moment leaves only whole parts. Null writes one video, renamed into place at the end.
    /// </param>
    public AnnotatedVideo(string path, int width, int height, double frameRate, AnnotationStyle? style = null, CountingSession? counting = null, bool overwrite = false, int? rotateFrames = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rotateFrames ?? 1, 1, nameof(rotateFrames));
        _style = style ?? new AnnotationStyle();
        _style.Validate();
        _counting = counting;
        _target = path;
        _width = width;
        _height = height;
        _frameRate = frameRate;
        _overwrite = overwrite;
        _rotate = rotateFrames;
        // The first part is started now (frame numbers start at 1), so a video that cannot be written fails before the run.
        _part = 1;
        _sink = OpenSink(_part);
    }

    public bool NeedsPixels => true;

    /// <summary>Errors against ground truth drawn over the tracks (<c>render --gt</c>); null: none.</summary>
    public ErrorOverlay? Errors { get; init; }

    /// <summary>The video file (in parts: the part written last).</summary>
    public string OutputPath => _sink.OutputPath;

    /// <summary>mp4v (.mp4) or MJPG (.avi).</summary>
    public string Codec => _sink.Codec;

    /// <summary>Frames written so far, every part together.</summary>
    public int FramesWritten => _framesInEarlierParts + _sink.FramesWritten;

    /// <summary>Video files started: 1, or the parts of a video in parts (see the constructor's rotateFrames).</summary>
    public int Parts { get; private set; } = 1;

    public void OnFrame(in FrameTracks frame)
    {
        var image = frame.Image ?? throw new InvalidOperationException($"frame {frame.FrameNumber} reached the video without its pixels");
        if (_rotate is int n && (frame.FrameNumber - 1) / n + 1 is var part && part != _part) NextPart(part);
        Draw(image, frame.FrameNumber, frame.Tracks);
        _sink.Write(image);
    }

    /// <summary>
    /// Closes the part being written and renames it into place, then starts <paramref name="part"/> (parts
    /// an outage skipped over are never created: they would hold no frame).
    /// </summary>
    private void NextPart(int part)
    {
        // The finished part is committed before the next one is opened: if opening fails, what was complete stays.
        _sink.Complete();
        _framesInEarlierParts += _sink.FramesWritten;
        _sink.Dispose();
        _part = part;
        _sink = OpenSink(part);
        Parts++;
    }

    private VideoFileSink OpenSink(int part) =>
        new(_rotate is null ? _target : Core.MotChallenge.ResultStreamWriter.RotatedPath(_target, part), _width, _height, _frameRate, new VideoSinkOptions { Overwrite = _overwrite });

    /// <summary>Draws one frame's annotations on <paramref name="image"/> in place (the trails remember this frame's positions).</summary>
    public void Draw(BgrImage image, int frameNumber, IReadOnlyList<TrackedObject> tracks)
    {
        RememberPositions(frameNumber, tracks);
        using var canvas = new FrameCanvas(image);
        if (_style.Trail > 0)
            foreach (var (id, trail) in _trails) DrawTrail(canvas, id, trail, frameNumber);
        foreach (var track in tracks)
        {
            var color = BgrColor.ForId(track.TrackId);
            canvas.Box(track.Box, color, _style.BoxThickness);
            string label = _style.ClassNames
                ? string.Create(CultureInfo.InvariantCulture, $"{track.TrackId} {CocoClasses.NameOf(track.ClassId)}")
                : track.TrackId.ToString(CultureInfo.InvariantCulture);
            // Kept on the image when the box reaches past its top or left edge.
            canvas.Label(Math.Max(0, Pixel(track.Box.X)), Math.Max(0, Pixel(track.Box.Y)), label, TextOn(color), color);
        }
        if (_counting is not null)
        {
            DrawZones(canvas, _counting.Zones);
            DrawLines(canvas, _counting.Lines);
        }
        Errors?.Draw(canvas, frameNumber, tracks);
        canvas.Label(4, 4, string.Create(CultureInfo.InvariantCulture, $"frame {frameNumber}"), BgrColor.White, BgrColor.Black, 0.6);
    }

    /// <summary>Finishes the video and moves it into place.</summary>
    public void Complete() => _sink.Complete();

    /// <summary>Finishes encoding into the hidden temporary file (see <see cref="VideoFileSink.Finish"/>); <see cref="Commit"/> moves it into place.</summary>
    public void Finish() => _sink.Finish();

    /// <summary>Moves the finished video into place.</summary>
    public void Commit() => _sink.Commit();

    /// <summary>Without <see cref="Complete"/> the video is abandoned: nothing stays on disk.</summary>
    public void Dispose() => _sink.Dispose();

    private void RememberPositions(int frameNumber, IReadOnlyList<TrackedObject> tracks)
    {
        if (_style.Trail == 0) return;
        foreach (var track in tracks)
        {
            if (!_trails.TryGetValue(track.TrackId, out var trail))
            {
                trail = new Trail(_style.Trail + 1);
                _trails.Add(track.TrackId, trail);
            }
            var p = CountAnchors.Of(track.Box, _style.Anchor);
            trail.Add(frameNumber, p.X, p.Y);
        }
        // A track unseen for longer than the trail has nothing left to draw: forget it, so memory stays
        // bounded on a long video with many short-lived tracks.
        _stale.Clear();
        foreach (var (id, trail) in _trails)
            if (trail.LastFrame < frameNumber - _style.Trail) _stale.Add(id);
        foreach (int id in _stale) _trails.Remove(id);
    }

    /// <summary>
    /// Segments between consecutive remembered positions within the last <see cref="AnnotationStyle.Trail"/>
    /// frames; older segments are thinner and darker, so the trail fades out behind the track.
    /// </summary>
    private void DrawTrail(FrameCanvas canvas, int id, Trail trail, int frameNumber)
    {
        var color = BgrColor.ForId(id);
        for (int i = 1; i < trail.Count; i++)
        {
            var (f0, x0, y0) = trail[i - 1];
            var (f1, x1, y1) = trail[i];
            int age = frameNumber - f1;
            if (frameNumber - f0 > _style.Trail) continue;
            // 1 for the newest segment down to about 0 for one at the trail's end.
            double freshness = 1.0 - (double)age / (_style.Trail + 1);
            int thickness = 1 + (int)Math.Round(2 * freshness);
            _segment[0] = (x0, y0);
            _segment[1] = (x1, y1);
            canvas.Polyline(_segment, Fade(color, 0.35 + 0.65 * freshness), thickness);
        }
    }

    private void DrawLines(FrameCanvas canvas, LineCounter counter)
    {
        foreach (var tally in counter.Lines)
        {
            var line = tally.Line;
            string text = string.Create(CultureInfo.InvariantCulture, $"{line.Name}: in {tally.In} out {tally.Out}");
            canvas.DirectedLine((line.Start.X, line.Start.Y), (line.End.X, line.End.Y), LineColor, text);
        }
    }

    /// <summary>Each zone's outline over a translucent fill, with its name, occupancy, entries and exits at its first vertex.</summary>
    private void DrawZones(FrameCanvas canvas, ZoneCounter zones)
    {
        foreach (var tally in zones.Zones)
        {
            _polygon.Clear();
            foreach (var v in tally.Zone.Vertices) _polygon.Add((v.X, v.Y));
            // Translucent, so the tracks inside the zone stay visible.
            canvas.Polygon(_polygon, ZoneColor, 2, fillOpacity: 0.2);
            var first = tally.Zone.Vertices[0];
            string text = string.Create(CultureInfo.InvariantCulture, $"{tally.Zone.Name}: {tally.Occupancy} inside, in {tally.Entries} out {tally.Exits}");
            canvas.Label(Math.Max(0, Pixel(first.X)), Math.Max(0, Pixel(first.Y)), text, BgrColor.Black, ZoneColor);
        }
    }

    /// <summary>Black text on light colours, white on dark ones (ITU-R BT.601 luma).</summary>
    private static BgrColor TextOn(BgrColor background) =>
        0.299 * background.R + 0.587 * background.G + 0.114 * background.B > 140 ? BgrColor.Black : BgrColor.White;

    internal static BgrColor Fade(BgrColor color, double factor) =>
        new((byte)(color.B * factor), (byte)(color.G * factor), (byte)(color.R * factor));

    private static int Pixel(double value) => (int)Math.Round(Math.Clamp(value, -1e6, 1e6));

    /// <summary>A track's last positions, oldest first, in a fixed ring.</summary>
    private sealed class Trail(int capacity)
    {
        private readonly (int Frame, double X, double Y)[] _points = new (int, double, double)[capacity];
        private int _start;

        public int Count { get; private set; }

        public int LastFrame => this[Count - 1].Frame;

        public (int Frame, double X, double Y) this[int index] => _points[(_start + index) % _points.Length];

        public void Add(int frame, double x, double y)
        {
            if (Count < _points.Length)
            {
                _points[(_start + Count) % _points.Length] = (frame, x, y);
                Count++;
            }
            else
            {
                _points[_start] = (frame, x, y);
                _start = (_start + 1) % _points.Length;
            }
        }
    }
}
