namespace MotTracker.Tracking;

/// <summary>
/// Multi-class tracking (<c>--classes</c>): one inner tracker per class, each fed only that class's
/// detections (and their embeddings), so no association ever crosses classes and a track never changes
/// class. Inner trackers number their tracks independently; their ids are mapped to ids unique across
/// classes in order of first appearance (within a frame: by class id, then in the inner tracker's output
/// order), so the same input always gives the same ids.
/// </summary>
public sealed class PerClassTracker : ITracker
{
    private readonly Func<int, ITracker> _createForClass;
    private readonly HashSet<int>? _classes;

    // Inner trackers by class id; sorted so classes are visited in the same order every frame.
    private readonly SortedDictionary<int, ClassLane> _lanes = [];
    private readonly Dictionary<(int ClassId, int InnerId), (int Id, int LastSeen)> _globalIds = [];
    private readonly List<(int ClassId, int InnerId)> _forget = [];
    private int _lastSweep;
    private readonly List<TrackedObject> _output = [];
    private int _nextId;
    private int _frame;

    /// <param name="createForClass">Builds the inner tracker of a class the first time it is seen.</param>
    /// <param name="classes">Classes to track; detections of other classes are dropped. Null tracks every class.</param>
    public PerClassTracker(Func<int, ITracker> createForClass, IEnumerable<int>? classes = null)
    {
        ArgumentNullException.ThrowIfNull(createForClass);
        _createForClass = createForClass;
        _classes = classes is null ? null : [.. classes];
    }

    /// <summary>One <paramref name="name"/> tracker (see <see cref="TrackerFactory"/>) per class of <paramref name="classes"/>.</summary>
    public static PerClassTracker Create(string name, TrackerSettings settings, IReadOnlyCollection<int> classes)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(classes);
        TrackerFactory.Describe(name); // fail on an unknown name now, not at the first detection
        return new PerClassTracker(_ => TrackerFactory.Create(name, settings), classes);
    }

    /// <summary>
    /// On endless input: forget the global id of an inner track unreported for more than this many frames
    /// (it has been removed: trackers never report a removed track again), so the id map follows the
    /// tracks in view instead of every track ever seen. Null remembers every id.
    /// </summary>
    public int? ForgetAfterFrames { get; init; }

    /// <summary>Inner tracks whose global id is remembered now.</summary>
    public int RememberedIds => _globalIds.Count;

    /// <summary>Classes that have an inner tracker so far, ascending.</summary>
    public IEnumerable<int> ClassesSeen => _lanes.Keys;

    public IReadOnlyList<TrackedObject> Update(
        int frameNumber,
        ReadOnlySpan<Detection> detections,
        IReadOnlyList<float[]?>? embeddings = null,
        AffineWarp? cameraMotion = null)
    {
        UpdateArguments.CheckFrame(frameNumber, _frame);
        UpdateArguments.CheckEmbeddings(embeddings, detections.Length);
        _frame = frameNumber;
        _output.Clear();

        // 1. Split the detections (and their embeddings) by class, keeping their order.
        foreach (var lane in _lanes.Values) lane.Clear();
        for (int i = 0; i < detections.Length; i++)
        {
            int classId = detections[i].ClassId;
            if (_classes is not null && !_classes.Contains(classId)) continue;
            if (!_lanes.TryGetValue(classId, out var lane))
            {
                lane = new ClassLane(_createForClass(classId));
                _lanes.Add(classId, lane);
            }
            lane.Detections.Add(detections[i]);
            lane.Embeddings.Add(embeddings?[i]);
        }

        // 2. Every class's tracker advances every frame, with or without detections, so its tracks age
        //    exactly as a single-class run's would.
        foreach (var (classId, lane) in _lanes)
        {
            var tracks = lane.Tracker.Update(frameNumber, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(lane.Detections),
                embeddings is null ? null : lane.Embeddings, cameraMotion);

            // 3. Inner ids become global ids (first come, first numbered); the class is the lane's.
            foreach (var track in tracks)
            {
                int id = _globalIds.TryGetValue((classId, track.TrackId), out var known) ? known.Id : ++_nextId;
                _globalIds[(classId, track.TrackId)] = (id, frameNumber);
                _output.Add(track with { TrackId = id, ClassId = classId });
            }
        }
        Sweep(frameNumber);
        return _output;
    }

    /// <summary>Forgets ids unreported for longer than <see cref="ForgetAfterFrames"/>; a scan at most every half of it keeps the cost per frame small.</summary>
    private void Sweep(int frameNumber)
    {
        if (ForgetAfterFrames is not int after || frameNumber - _lastSweep < Math.Max(1, after / 2)) return;
        _lastSweep = frameNumber;
        _forget.Clear();
        foreach (var (key, value) in _globalIds)
            if (frameNumber - value.LastSeen > after) _forget.Add(key);
        foreach (var key in _forget) _globalIds.Remove(key);
    }

    private sealed class ClassLane(ITracker tracker)
    {
        public ITracker Tracker { get; } = tracker;
        public List<Detection> Detections { get; } = [];
        public List<float[]?> Embeddings { get; } = [];

        public void Clear()
        {
            Detections.Clear();
            Embeddings.Clear();
        }
    }
}
