using MotTracker.Tracking;

namespace MotTracker.Engine.Analytics;

/// <summary>How far past a line an anchor must get before its crossing counts.</summary>
public sealed record LineCounterOptions
{
    /// <summary>Smallest margin, in pixels.</summary>
    public double MarginPixels { get; init; } = 3;

    /// <summary>Margin as a fraction of the box height, so it scales with how large (near) the object is.</summary>
    public double MarginHeightFraction { get; init; } = 0.05;

    public double MarginFor(in BoundingBox box) => Math.Max(MarginPixels, MarginHeightFraction * box.Height);

    /// <summary>
    /// Longest gap, in frames, between a track vanishing and a new track taking over from it (0: no
    /// hand-over). See <see cref="LineCounter"/>.
    /// </summary>
    public int HandoffFrames { get; init; } = 30;

    /// <summary>
    /// How far a new track may start from where the vanished one was last seen, in heights of the new box.
    /// Three heights: a person walks about one height a second, and the detector often misses them for
    /// one to three seconds where they are occluded at the line; two heights lost more of those crossings
    /// than three added wrong hand-overs (measured on synth scenes, README "Counting").
    /// </summary>
    public double HandoffDistance { get; init; } = 3.0;

    /// <summary>
    /// Late start, in heights of the box (0: off): a new track with no vanished track to take over from,
    /// first seen clearly past the line but within this distance of it, counts as having crossed once it
    /// gets more than this distance away on that side. Trackers report a person only after the detector
    /// has seen them for a while, which is often just after they stepped out of the crowd at the line.
    /// </summary>
    public double LateStartDistance { get; init; } = 1.0;

    /// <summary>
    /// A track seen for at least this many frames (after it first got a side) whose anchor stayed within
    /// <see cref="StaticDonorDistance"/> box heights of where it first got a side is standing still, and
    /// gives no side to a new track (0: every track may). Fixed background spots the detector fires on
    /// make such tracks, often under a new id every few frames; a new person near the line would take
    /// over the ghost's side, which blocks a late start or counts a crossing no one made. A person walks
    /// about one box height a second (ten frames at 10 fps): half a height in five frames, twice the
    /// quarter height allowed.
    /// </summary>
    public int StaticDonorFrames { get; init; } = 5;

    /// <summary>How far, in box heights, a track may move and still count as standing still (see <see cref="StaticDonorFrames"/>).</summary>
    public double StaticDonorDistance { get; init; } = 0.25;

    /// <summary>
    /// Keep every counted crossing (and every finished zone stay) for the summary. Off for endless input:
    /// the counts stay, each crossing and stay goes out as an event instead of a list growing forever.
    /// </summary>
    public bool KeepHistory { get; init; } = true;

    public void Validate()
    {
        if (!(MarginPixels >= 0) || double.IsInfinity(MarginPixels))
            throw new ArgumentException("the margin in pixels must be a finite number ≥ 0", nameof(MarginPixels));
        if (!(MarginHeightFraction >= 0) || double.IsInfinity(MarginHeightFraction))
            throw new ArgumentException("the margin as a fraction of the box height must be a finite number ≥ 0", nameof(MarginHeightFraction));
        if (HandoffFrames < 0)
            throw new ArgumentException("the hand-over gap must be 0 or more frames", nameof(HandoffFrames));
        if (!(LateStartDistance >= 0) || double.IsInfinity(LateStartDistance))
            throw new ArgumentException("the late-start distance must be a finite number ≥ 0", nameof(LateStartDistance));
        if (!(HandoffDistance >= 0) || double.IsInfinity(HandoffDistance))
            throw new ArgumentException("the hand-over distance must be a finite number ≥ 0", nameof(HandoffDistance));
        if (StaticDonorFrames < 0)
            throw new ArgumentException("the frames after which a track that has not moved gives no side must be 0 or more", nameof(StaticDonorFrames));
        if (!(StaticDonorDistance >= 0) || double.IsInfinity(StaticDonorDistance))
            throw new ArgumentException("the distance a track standing still may move must be a finite number ≥ 0", nameof(StaticDonorDistance));
    }
}

/// <summary>
/// Counts tracks crossing directed line segments, per direction and per class.
/// </summary>
/// <remarks>
/// <para><b>Direction.</b> For a line from (x1,y1) to (x2,y2) and an anchor p, the cross product
/// c = (x2 − x1)(p.y − y1) − (y2 − y1)(p.x − x1) is computed in image coordinates (x right, y down).
/// c &gt; 0 means p lies to the right of the direction (x1,y1) → (x2,y2) as seen on screen, c &lt; 0 to
/// its left. A crossing from the left side (c &lt; 0) to the right side (c &gt; 0) is <b>in</b>; from
/// right to left is <b>out</b>. Examples: a horizontal line drawn left to right (x1 &lt; x2) counts
/// downward motion (y growing) as in; a vertical line drawn top to bottom counts motion to the left as in.
/// Swap the end points to swap in and out.</para>
/// <para><b>Hysteresis.</b> Near the line, detections jitter. A track's side of each line changes only
/// once its anchor is more than a margin (<see cref="LineCounterOptions"/>) away from the line on the
/// other side; inside the band the remembered side stays. So a box jittering on the line counts at most
/// once, and a U-turn through the line counts one in and one out.</para>
/// <para><b>Segment extent.</b> A side change counts only when the straight move from the last point
/// seen clearly on the old side to the first point seen clearly on the new side passes through the
/// segment itself (end points included), not its extension: walking around the end of a line is no
/// crossing. A track first seen inside the band has no side until it leaves the band, and is not counted then
/// (unless it takes over from a vanished track, below).</para>
/// <para>The side is remembered per track id until the track is forgotten (<see cref="Forget"/>, when
/// the tracker removes it), so a track lost for a few frames and found again on the other side still counts.</para>
/// <para><b>Hand-over.</b> Trackers often lose a person right at the line, where people meet and
/// occlude each other, and start a new id a few frames later on the other side: the crossing would be
/// split across two ids and counted by neither. So when a new track first gets a side, the counter looks
/// for a track of the same class that vanished at most <see cref="LineCounterOptions.HandoffFrames"/>
/// frames ago (not seen this frame) within <see cref="LineCounterOptions.HandoffDistance"/> box heights
/// of the new track's anchor, the nearest one. The new track takes over its side: if that side differs
/// and the move passes through the segment, the crossing counts (for the new id). The vanished track's
/// side is moved to the new side as well, so each crossing counts once even if it comes back. A track the
/// tracker has removed (<see cref="Forget"/>) stays a candidate until the hand-over window has passed:
/// trackers drop lost tracks sooner than that. A track that stood still (<see cref="LineCounterOptions.StaticDonorFrames"/>)
/// is no candidate: fixed spots the detector fires on are not people. A late start still pending on the
/// vanished track (below) passes to the new one when it takes over on the same side.</para>
/// </remarks>
public sealed class LineCounter
{
    private readonly CountAnchor _anchor;
    private readonly LineCounterOptions _options;
    private readonly LineTally[] _tallies;
    private readonly Dictionary<int, TrackSide>[] _sides;
    private readonly List<(TrackedObject Track, PixelPoint Point, int Side)> _newcomers = [];
    private readonly List<int> _expired = [];
    private int _lastFrame;

    public LineCounter(IReadOnlyList<CountLine> lines, CountAnchor anchor = CountAnchor.Bottom, LineCounterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        _anchor = anchor;
        _options = options ?? new LineCounterOptions();
        _options.Validate();
        _tallies = lines.Select(l => new LineTally(l, _options.KeepHistory)).ToArray();
        _sides = lines.Select(_ => new Dictionary<int, TrackSide>()).ToArray();
    }

    public CountAnchor Anchor => _anchor;

    /// <summary>The running counts per line, in the order the lines were given.</summary>
    public IReadOnlyList<LineTally> Lines => _tallies;

    /// <summary>Called for each crossing as it is counted (line, crossing, the track as seen on the crossing frame).</summary>
    public Action<CountLine, LineCrossing, TrackedObject>? Crossed { get; set; }

    /// <summary>
    /// Forgets a track the tracker has removed (see <see cref="TrackLifecycle"/>): its id never comes
    /// back, and forgetting it keeps memory bounded on endless input.
    /// </summary>
    public void Forget(int trackId)
    {
        foreach (var sides in _sides)
        {
            if (!sides.TryGetValue(trackId, out var known)) continue;
            // A tracker removes a lost track sooner (its track buffer: 10 frames at 10 fps) than a new
            // id may take over from it, so the side stays as a hand-over candidate until the hand-over
            // window has passed (see Update); it is dropped then, so memory stays bounded.
            if (_options.HandoffFrames > 0 && !known.HandedOver) sides[trackId] = known with { Forgotten = true };
            else sides.Remove(trackId);
        }
    }

    /// <summary>Feeds one frame's tracks (frames in increasing order) and returns how many crossings it added.</summary>
    public int Update(int frameNumber, IReadOnlyList<TrackedObject> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        if (frameNumber <= _lastFrame)
            throw new ArgumentOutOfRangeException(nameof(frameNumber), frameNumber, $"frames must increase; the last was {_lastFrame}");
        _lastFrame = frameNumber;
        int added = 0;
        for (int l = 0; l < _tallies.Length; l++)
        {
            var line = _tallies[l].Line;
            var sides = _sides[l];
            _newcomers.Clear();
            DropExpired(sides, frameNumber);
            foreach (var track in tracks)
            {
                var p = CountAnchors.Of(track.Box, _anchor);
                double distance = line.SignedDistance(p);
                double margin = _options.MarginFor(track.Box);
                int side = distance > margin ? 1 : distance < -margin ? -1 : 0;
                if (!sides.TryGetValue(track.TrackId, out var known))
                {
                    // Without a side yet: a hand-over candidate once it is clearly on one side.
                    if (side != 0) _newcomers.Add((track, p, side));
                    continue;
                }
                known = known.Moved(p, track.Box.Height, frameNumber);
                if (side == 0)
                {
                    // Inside the band: keep the remembered side, but the track is here.
                    sides[track.TrackId] = known;
                    continue;
                }
                int late = known.Late;
                if (late != 0 && side == late && Math.Abs(distance) > _options.LateStartDistance * track.Box.Height)
                {
                    added += Count(l, frameNumber, track, side);
                    late = 0;
                }
                else if (late != 0 && side != late) late = 0; // went back: the ordinary rule counts it
                if (known.Side != side && ThroughSegment(line, known.Point, p))
                    added += Count(l, frameNumber, track, side);
                // Seen clearly on a side again: a track that was handed over and came back is a candidate again.
                sides[track.TrackId] = known with { Side = side, Point = p, Late = late, HandedOver = false };
            }
            foreach (var (track, p, side) in _newcomers)
            {
                if (FindVanished(sides, track, p, frameNumber) is int vanished)
                {
                    var old = sides[vanished];
                    int pending = 0;
                    if (old.Side != side && ThroughSegment(line, old.Point, p))
                        added += Count(l, frameNumber, track, side);
                    else if (old.Late == side)
                    {
                        // The vanished track was a late start not yet far enough from the line: the
                        // person is the same, so the new id carries the pending count on.
                        pending = side;
                    }
                    sides[vanished] = old with { Side = side, Point = p, HandedOver = true, Late = 0 };
                    sides[track.TrackId] = TrackSide.Start(side, p, track, frameNumber, pending);
                    continue;
                }
                // Nobody to take over from: a start just past the line, within the segment, may be a late one.
                bool nearLine = Math.Abs(line.SignedDistance(p)) <= _options.LateStartDistance * track.Box.Height && WithinExtent(line, p);
                sides[track.TrackId] = TrackSide.Start(side, p, track, frameNumber, nearLine ? side : 0);
            }
        }
        return added;
    }

    /// <summary>The counts so far, as written to the summary file.</summary>
    public CountSummary Summary() => new()
    {
        Anchor = CountAnchors.Name(_anchor),
        Lines = _tallies.Select(t => t.ToSummary()).ToArray(),
    };

    /// <summary>
    /// Whether the move a → b (on opposite sides of the infinite line) passes through the segment:
    /// the point where it meets the line must lie between the end points.
    /// </summary>
    private static bool ThroughSegment(CountLine line, PixelPoint a, PixelPoint b)
    {
        double da = line.SignedDistance(a), db = line.SignedDistance(b);
        double t = da / (da - db); // fraction of the way from a to b where the line is met
        double x = a.X + t * (b.X - a.X), y = a.Y + t * (b.Y - a.Y);
        // Position of the meeting point along the segment, 0 at Start and 1 at End.
        double u = ((x - line.Start.X) * line.Dx + (y - line.Start.Y) * line.Dy) / (line.Dx * line.Dx + line.Dy * line.Dy);
        const double Tolerance = 1e-9;
        return u >= -Tolerance && u <= 1 + Tolerance;
    }

    /// <summary>Whether the foot of the perpendicular from <paramref name="p"/> lies on the segment.</summary>
    private static bool WithinExtent(CountLine line, PixelPoint p)
    {
        double u = ((p.X - line.Start.X) * line.Dx + (p.Y - line.Start.Y) * line.Dy) / (line.Dx * line.Dx + line.Dy * line.Dy);
        return u >= 0 && u <= 1;
    }

    private int Count(int lineIndex, int frameNumber, in TrackedObject track, int side)
    {
        // Left (−) to right (+) is in.
        var direction = side > 0 ? CrossingDirection.In : CrossingDirection.Out;
        var crossing = new LineCrossing(frameNumber, track.TrackId, track.ClassId, direction);
        _tallies[lineIndex].Add(crossing);
        Crossed?.Invoke(_tallies[lineIndex].Line, crossing, track);
        return 1;
    }

    /// <summary>Drops forgotten tracks whose hand-over window has passed.</summary>
    private void DropExpired(Dictionary<int, TrackSide> sides, int frameNumber)
    {
        _expired.Clear();
        foreach (var (id, known) in sides)
            if (known.Forgotten && (known.HandedOver || frameNumber - known.LastSeen > _options.HandoffFrames)) _expired.Add(id);
        foreach (int id in _expired) sides.Remove(id);
    }

    /// <summary>The nearest track of the same class that vanished recently near <paramref name="p"/> and was not handed over yet.</summary>
    private int? FindVanished(Dictionary<int, TrackSide> sides, in TrackedObject track, PixelPoint p, int frameNumber)
    {
        if (_options.HandoffFrames == 0) return null;
        double gate = _options.HandoffDistance * track.Box.Height;
        int? best = null;
        double bestDistance = double.PositiveInfinity;
        foreach (var (id, known) in sides)
        {
            if (known.HandedOver || known.ClassId != track.ClassId) continue;
            int gap = frameNumber - known.LastSeen;
            if (gap < 1 || gap > _options.HandoffFrames) continue;
            if (IsStatic(known)) continue;
            double dx = known.Point.X - p.X, dy = known.Point.Y - p.Y;
            double d = Math.Sqrt(dx * dx + dy * dy);
            if (d <= gate && (d < bestDistance || (d == bestDistance && id < best)))
            {
                best = id;
                bestDistance = d;
            }
        }
        return best;
    }

    /// <summary>Whether a track has stood still long enough to be taken for a fixed false detection (see <see cref="LineCounterOptions.StaticDonorFrames"/>).</summary>
    private bool IsStatic(in TrackSide known) =>
        _options.StaticDonorFrames > 0 && known.LastSeen - known.FirstSeen >= _options.StaticDonorFrames && known.Travel <= _options.StaticDonorDistance * known.Height;

    /// <param name="Point">The last point seen clearly on <paramref name="Side"/>.</param>
    /// <param name="LastSeen">The last frame the track was reported (in the band too).</param>
    /// <param name="HandedOver">A new track has taken over from it; it is no candidate again.</param>
    /// <param name="Forgotten">The tracker removed it; kept only as a hand-over candidate until its window passes.</param>
    /// <param name="Late">The side a late start (see <see cref="LineCounterOptions.LateStartDistance"/>) counts into once it moves away; 0: none.</param>
    /// <param name="First">Where the track first got a side; <paramref name="FirstSeen"/> is that frame.</param>
    /// <param name="Travel">The farthest its anchor has been from <paramref name="First"/>.</param>
    /// <param name="Height">Its box height when last seen.</param>
    private readonly record struct TrackSide(int Side, PixelPoint Point, int LastSeen, int ClassId, PixelPoint First, int FirstSeen, double Travel, double Height,
        bool HandedOver = false, bool Forgotten = false, int Late = 0)
    {
        public static TrackSide Start(int side, PixelPoint p, in TrackedObject track, int frameNumber, int late) =>
            new(side, p, frameNumber, track.ClassId, p, frameNumber, 0, track.Box.Height, Late: late);

        public TrackSide Moved(PixelPoint p, double height, int frameNumber)
        {
            double dx = p.X - First.X, dy = p.Y - First.Y;
            return this with { LastSeen = frameNumber, Height = height, Travel = Math.Max(Travel, Math.Sqrt(dx * dx + dy * dy)) };
        }
    }
}

/// <summary>A crossing direction; see <see cref="LineCounter"/> for which is which.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<CrossingDirection>))]
public enum CrossingDirection
{
    /// <summary>From the left side of the directed line to its right side (cross product − to +, y down).</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("in")]
    In,

    /// <summary>From the right side to the left side.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("out")]
    Out,
}

/// <summary>One counted crossing: when, which track, its class and which way.</summary>
public sealed record LineCrossing(int Frame, int TrackId, int ClassId, CrossingDirection Direction)
{
    /// <summary>The COCO class name (written to the summary for readers; ignored when read back).</summary>
    public string Class => CocoClasses.NameOf(ClassId);
}

/// <summary>The running counts of one line.</summary>
public sealed class LineTally
{
    private readonly List<LineCrossing> _crossings = [];
    private readonly SortedDictionary<int, (int In, int Out)> _perClass = [];
    private readonly bool _keepCrossings;

    internal LineTally(CountLine line, bool keepCrossings = true)
    {
        Line = line;
        _keepCrossings = keepCrossings;
    }

    public CountLine Line { get; }
    public int In { get; private set; }
    public int Out { get; private set; }
    /// <summary>Every counted crossing, in order (empty when the history is not kept, see <see cref="LineCounterOptions.KeepHistory"/>).</summary>
    public IReadOnlyList<LineCrossing> Crossings => _crossings;

    /// <summary>(in, out) of one class; zeros for a class never counted.</summary>
    public (int In, int Out) ForClass(int classId) => _perClass.TryGetValue(classId, out var c) ? c : (0, 0);

    internal void Add(LineCrossing crossing)
    {
        if (_keepCrossings) _crossings.Add(crossing);
        var (i, o) = ForClass(crossing.ClassId);
        if (crossing.Direction == CrossingDirection.In)
        {
            In++;
            _perClass[crossing.ClassId] = (i + 1, o);
        }
        else
        {
            Out++;
            _perClass[crossing.ClassId] = (i, o + 1);
        }
    }

    internal LineSummary ToSummary() => new()
    {
        Name = Line.Name,
        Start = Line.Start,
        End = Line.End,
        In = In,
        Out = Out,
        Classes = _perClass.Select(kv => new ClassCount { ClassId = kv.Key, In = kv.Value.In, Out = kv.Value.Out }).ToArray(),
        Crossings = _crossings.ToArray(),
    };
}
