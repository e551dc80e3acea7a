using MotTracker.Tracking.Assignment;

namespace MotTracker.Tracking.Tests.Registry.Dummy;

// A tracker as a new contributor adds one: this folder, plus one line in the entry list
// (TrackerRegistryTests.WithDummy stands in for TrackerRegistry.All).

/// <summary>The dummy's options: a score threshold shared with ByteTrack's flag and one flag of its own.</summary>
public sealed record DummyOptions
{
    public double TrackThreshold { get; init; } = 0.3;

    /// <summary>Every reported box is widened by this factor (so a test sees the option arrive).</summary>
    public double Gain { get; init; } = 1;

    public void Validate()
    {
        if (TrackThreshold is not (>= 0 and <= 1)) throw new ArgumentException("track-thresh must be between 0 and 1", "track-thresh");
        if (!(Gain > 0)) throw new ArgumentException("dummy-gain must be positive", "dummy-gain");
    }
}

/// <summary>Reports every detection above the threshold as a new track, its width times the gain.</summary>
public sealed class DummyTracker(DummyOptions options, double frameRate) : ITracker
{
    private readonly List<TrackedObject> _output = [];
    private int _nextId = 1;

    public double FrameRate { get; } = frameRate;

    public IReadOnlyList<TrackedObject> Update(int frameNumber, ReadOnlySpan<Detection> detections, IReadOnlyList<float[]?>? embeddings = null, AffineWarp? cameraMotion = null)
    {
        _output.Clear();
        foreach (var d in detections)
            if (d.Score > options.TrackThreshold)
                _output.Add(new TrackedObject(_nextId++, d.Box with { Width = d.Box.Width * options.Gain }, d.Score, d.ClassId));
        return _output;
    }
}

public static class DummyEntry
{
    public static TrackerEntry<DummyOptions> Entry { get; } = new()
    {
        Name = "dummy",
        Aliases = ["dummy-tracker"],
        Summary = "a test tracker",
        Defaults = new DummyOptions(),
        Factory = (options, fps) => new DummyTracker(options, fps),
        Validator = options => options.Validate(),
        Options =
        [
            TrackerOption.Double<DummyOptions>("track-thresh", ByteAssociationFlags.TrackThreshold, o => o.TrackThreshold, (o, v) => o with { TrackThreshold = v }, TrackerRange.Unit),
            TrackerOption.Double<DummyOptions>("dummy-gain", "Dummy: width factor of reported boxes", o => o.Gain, (o, v) => o with { Gain = v }, TrackerRange.Positive, showDefault: true),
        ],
    };
}
