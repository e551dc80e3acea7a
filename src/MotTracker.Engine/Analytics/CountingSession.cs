using MotTracker.Tracking;

namespace MotTracker.Engine.Analytics;

/// <summary>What to count and where the events go; the same for a live run and for <c>mottrack count</c>.</summary>
public sealed record CountingSettings
{
    public IReadOnlyList<CountLine> Lines { get; init; } = [];

    public IReadOnlyList<CountZone> Zones { get; init; } = [];

    public CountAnchor Anchor { get; init; } = CountAnchor.Bottom;

    /// <summary>Frames per second: media time of events and dwell seconds.</summary>
    public double FrameRate { get; init; } = 30;

    /// <summary>Frames a track may go unreported before it has ended (the tracker's track buffer).</summary>
    public int LostFrames { get; init; } = 30;

    /// <summary>
    /// Keep every crossing and finished stay for the summary (see <see cref="LineCounterOptions.KeepHistory"/>);
    /// false on endless input, where they go out only as events and the summary holds counts and open stays.
    /// </summary>
    public bool KeepHistory { get; init; } = true;

    public bool IsEmpty => Lines.Count == 0 && Zones.Count == 0;
}

/// <summary>
/// Line and zone counting plus the event stream, fed one frame of tracks at a time. A frame's events
/// come in this order: tracks that ended (their zone exits, then track_ended), tracks that started,
/// line crossings, zone entries and exits; then the writer is flushed. Frames must increase; frames
/// without tracks may be skipped only when no events are written (ends are found when a frame is fed).
/// </summary>
public sealed class CountingSession : IDisposable
{
    private readonly CountingSettings _settings;
    private readonly CountEventWriter? _events;
    private readonly TimeProvider _clock;
    private readonly TrackLifecycle _lifecycle;
    private int _frame;

    public CountingSession(CountingSettings settings, CountEventWriter? events = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _events = events;
        _clock = clock ?? TimeProvider.System;
        var history = settings.KeepHistory ? null : new LineCounterOptions { KeepHistory = false };
        Lines = new LineCounter(settings.Lines, settings.Anchor, history);
        Zones = new ZoneCounter(settings.Zones, settings.FrameRate, settings.Anchor, history);
        _lifecycle = new TrackLifecycle(settings.LostFrames);
        _lifecycle.Started = (track, frame) => Emit(CountEvent.TrackStarted, frame, track);
        _lifecycle.Ended = (last, lastFrame, frame) =>
        {
            _frame = frame;
            Zones.End(last, lastFrame);
            Lines.Forget(last.TrackId);
            Emit(CountEvent.TrackEnded, frame, last, e => e with { LastFrame = lastFrame });
        };
        Lines.Crossed = (line, crossing, track) => Emit(CountEvent.LineCrossed, crossing.Frame, track,
            e => e with { Line = line.Name, Direction = crossing.Direction == CrossingDirection.In ? "in" : "out" });
        Zones.Changed = (zone, change, track, visit) => Emit(
            change == ZoneChange.Entered ? CountEvent.ZoneEntered : CountEvent.ZoneExited, _frame, track,
            change == ZoneChange.Entered
                ? e => e with { Zone = zone.Name }
                : e => e with { Zone = zone.Name, DwellFrames = visit.Frames, DwellSeconds = visit.Seconds });
    }

    public CountingSettings Settings => _settings;

    public LineCounter Lines { get; }

    public ZoneCounter Zones { get; }

    /// <summary>Events written so far (0 without an events writer).</summary>
    public int EventsWritten => _events?.Written ?? 0;

    /// <summary>Tracks currently remembered (seen within the track buffer).</summary>
    public int LiveTracks => _lifecycle.LiveCount;

    public void Update(int frameNumber, IReadOnlyList<TrackedObject> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        if (frameNumber <= _frame)
            throw new ArgumentOutOfRangeException(nameof(frameNumber), frameNumber, $"frames must increase; the last was {_frame}");
        _frame = frameNumber;
        _lifecycle.Update(frameNumber, tracks);
        Lines.Update(frameNumber, tracks);
        Zones.Update(frameNumber, tracks);
        _events?.Flush();
    }

    /// <summary>The counts so far, as written to <c>--summary</c>.</summary>
    public CountSummary Summary() => new()
    {
        Anchor = CountAnchors.Name(_settings.Anchor),
        Lines = Lines.Summary().Lines,
        Zones = Zones.Summary(),
    };

    public void Dispose() => _events?.Dispose();

    private void Emit(string type, int frame, in TrackedObject track, Func<CountEvent, CountEvent>? extra = null)
    {
        if (_events is null) return;
        var box = track.Box;
        var e = new CountEvent
        {
            Type = type,
            Frame = frame,
            Time = Math.Round((frame - 1) / _settings.FrameRate, 6),
            Wall = CountEvent.WallNow(_clock),
            Id = track.TrackId,
            ClassId = track.ClassId,
            Class = CocoClasses.NameOf(track.ClassId),
            Box = [box.X, box.Y, box.Width, box.Height],
        };
        _events.Write(extra is null ? e : extra(e));
    }
}
