using MotTracker.Tracking;

namespace MotTracker.Engine.Analytics;

/// <summary>One stay of one identity in one zone: entered at <see cref="EnterFrame"/>, left at <see cref="ExitFrame"/> (null: still inside).</summary>
/// <param name="Frames">Frames inside: exit frame − enter frame, or up to the last frame seen while still inside.</param>
/// <param name="Seconds"><see cref="Frames"/> divided by the frame rate.</param>
public sealed record ZoneVisit(int TrackId, int ClassId, int EnterFrame, int? ExitFrame, int Frames, double Seconds)
{
    /// <summary>The COCO class name (written for readers; ignored when read back).</summary>
    public string Class => CocoClasses.NameOf(ClassId);
}

/// <summary>What happened to a track in a zone this frame.</summary>
public enum ZoneChange
{
    Entered,
    Exited,
}

/// <summary>
/// Counts tracks entering and leaving polygon zones, per zone and class, with each identity's dwell time.
/// </summary>
/// <remarks>
/// <para>A track is inside a zone when its anchor (<c>--count-anchor</c>) is inside the polygon by more
/// than the same margin line counting uses (<see cref="LineCounterOptions"/>), and outside when it is
/// outside by more than the margin; within the band along the edge the last state stays, so a box
/// jittering on the edge enters once. A track first seen clearly inside enters on that frame; one first
/// seen in the band has no state until it leaves the band.</para>
/// <para>A track that ends (the tracker removed it, see <see cref="TrackLifecycle"/>) while inside
/// exits; its stay lasts until the frame after it was last seen. Dwell is counted in frames (exit frame −
/// enter frame) and seconds (frames ÷ frame rate).</para>
/// </remarks>
public sealed class ZoneCounter
{
    private readonly CountAnchor _anchor;
    private readonly LineCounterOptions _options;
    private readonly double _frameRate;
    private readonly ZoneTally[] _tallies;

    public ZoneCounter(IReadOnlyList<CountZone> zones, double frameRate, CountAnchor anchor = CountAnchor.Bottom, LineCounterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(zones);
        if (!(frameRate > 0) || double.IsInfinity(frameRate)) throw new ArgumentOutOfRangeException(nameof(frameRate), frameRate, "the frame rate must be a positive number");
        _anchor = anchor;
        _frameRate = frameRate;
        _options = options ?? new LineCounterOptions();
        _options.Validate();
        _tallies = zones.Select(z => new ZoneTally(z, _options.KeepHistory)).ToArray();
    }

    public IReadOnlyList<ZoneTally> Zones => _tallies;

    /// <summary>Called for each entry and exit as it is found (zone, change, track, the visit so far).</summary>
    public Action<CountZone, ZoneChange, TrackedObject, ZoneVisit>? Changed { get; set; }

    /// <summary>Feeds one frame's tracks (frames in increasing order).</summary>
    public void Update(int frameNumber, IReadOnlyList<TrackedObject> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        foreach (var tally in _tallies)
        {
            foreach (var track in tracks)
            {
                double distance = tally.Zone.SignedDistance(CountAnchors.Of(track.Box, _anchor));
                double margin = _options.MarginFor(track.Box);
                if (distance > margin)
                {
                    if (tally.Enter(track, frameNumber) is { } visit) Changed?.Invoke(tally.Zone, ZoneChange.Entered, track, visit);
                    else tally.Seen(track.TrackId, frameNumber);
                }
                else if (distance < -margin && tally.Exit(track.TrackId, frameNumber, _frameRate) is { } visit)
                {
                    Changed?.Invoke(tally.Zone, ZoneChange.Exited, track, visit);
                }
            }
        }
    }

    /// <summary>
    /// The track is gone (removed by the tracker): it leaves every zone it was in, its stay ending the
    /// frame after <paramref name="lastSeen"/>.
    /// </summary>
    public void End(in TrackedObject lastState, int lastSeen)
    {
        foreach (var tally in _tallies)
            if (tally.Exit(lastState.TrackId, lastSeen + 1, _frameRate) is { } visit)
                Changed?.Invoke(tally.Zone, ZoneChange.Exited, lastState, visit);
    }

    /// <summary>The counts so far: open stays are listed with their dwell up to the last frame seen.</summary>
    public IReadOnlyList<ZoneSummary> Summary() => _tallies.Select(t => t.ToSummary(_frameRate)).ToArray();
}

/// <summary>The running counts of one zone.</summary>
public sealed class ZoneTally
{
    private readonly Dictionary<int, Stay> _inside = [];
    private readonly List<ZoneVisit> _visits = [];
    private readonly SortedDictionary<int, (int Entries, int Exits)> _perClass = [];
    private readonly bool _keepVisits;

    internal ZoneTally(CountZone zone, bool keepVisits = true)
    {
        Zone = zone;
        _keepVisits = keepVisits;
    }

    public CountZone Zone { get; }
    public int Entries { get; private set; }
    public int Exits { get; private set; }

    /// <summary>Tracks inside now.</summary>
    public int Occupancy => Entries - Exits;

    /// <summary>Finished stays, in the order they ended (empty when the history is not kept, see <see cref="LineCounterOptions.KeepHistory"/>).</summary>
    public IReadOnlyList<ZoneVisit> Visits => _visits;

    internal ZoneVisit? Enter(in TrackedObject track, int frame)
    {
        if (_inside.ContainsKey(track.TrackId)) return null;
        _inside.Add(track.TrackId, new Stay(track.ClassId, frame, frame));
        Entries++;
        var (e, x) = Count(track.ClassId);
        _perClass[track.ClassId] = (e + 1, x);
        return new ZoneVisit(track.TrackId, track.ClassId, frame, null, 0, 0);
    }

    internal void Seen(int id, int frame)
    {
        if (_inside.TryGetValue(id, out var stay)) _inside[id] = stay with { LastSeen = frame };
    }

    /// <param name="exitFrame">The first frame the track was no longer inside.</param>
    internal ZoneVisit? Exit(int id, int exitFrame, double frameRate)
    {
        if (!_inside.Remove(id, out var stay)) return null;
        Exits++;
        var (e, x) = Count(stay.ClassId);
        _perClass[stay.ClassId] = (e, x + 1);
        int frames = exitFrame - stay.EnterFrame;
        var visit = new ZoneVisit(id, stay.ClassId, stay.EnterFrame, exitFrame, frames, frames / frameRate);
        if (_keepVisits) _visits.Add(visit);
        return visit;
    }

    private (int Entries, int Exits) Count(int classId) => _perClass.TryGetValue(classId, out var c) ? c : (0, 0);

    internal ZoneSummary ToSummary(double frameRate)
    {
        var open = _inside.OrderBy(kv => kv.Value.EnterFrame).ThenBy(kv => kv.Key).Select(kv =>
        {
            int frames = kv.Value.LastSeen + 1 - kv.Value.EnterFrame;
            return new ZoneVisit(kv.Key, kv.Value.ClassId, kv.Value.EnterFrame, null, frames, frames / frameRate);
        });
        var occupancyPerClass = _inside.Values.GroupBy(s => s.ClassId).ToDictionary(g => g.Key, g => g.Count());
        return new ZoneSummary
        {
            Name = Zone.Name,
            Points = Zone.Vertices,
            Entries = Entries,
            Exits = Exits,
            Occupancy = Occupancy,
            Classes = _perClass.Select(kv => new ZoneClassCount
            {
                ClassId = kv.Key,
                Entries = kv.Value.Entries,
                Exits = kv.Value.Exits,
                Occupancy = occupancyPerClass.GetValueOrDefault(kv.Key),
            }).ToArray(),
            Visits = [.. _visits, .. open],
        };
    }

    private readonly record struct Stay(int ClassId, int EnterFrame, int LastSeen);
}
