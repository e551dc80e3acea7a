using MotTracker.Core.MotChallenge;

namespace MotTracker.Evaluation;

/// <summary>
/// Records what <see cref="Metrics.ClearMetric"/>'s matching decides (it calls in as it counts), then turns
/// it into the listing. It decides nothing itself: a switch is listed because CLEAR counted one there,
/// and a fragmentation because CLEAR started a new tracked run of a gt id that had one before.
/// </summary>
internal sealed class ClearErrorCollector
{
    private const int DensityColumns = 64;

    private readonly SequenceData _data;
    private readonly SequenceSources _sources;
    private readonly int _imageWidth, _imageHeight;

    // Flat gt row -> flat tracker row it matched (-1: missed); flat tracker row -> matched.
    private readonly int[] _gtMatch;
    private readonly bool[] _trackerMatched;

    // Per gt label: flat gt and tracker rows of its last match (-1: none yet), and whether it had a run.
    private readonly int[] _lastGt;
    private readonly int[] _lastTracker;
    private readonly bool[] _hadRun;

    private readonly List<(int T, int Gt, int Tracker, int PreviousGt, int PreviousTracker)> _switches = [];
    private readonly List<(int T, int Gt, int Tracker, int PreviousGt, int PreviousTracker)> _fragments = [];

    public ClearErrorCollector(SequenceData data, int imageWidth = 0, int imageHeight = 0)
    {
        _data = data;
        _sources = data.Sources ?? throw new ArgumentException(
            $"sequence {data.Name} was preprocessed without keepSources; errors cannot be traced to rows", nameof(data));
        _imageWidth = imageWidth;
        _imageHeight = imageHeight;
        _gtMatch = new int[data.GtDetectionCount];
        Array.Fill(_gtMatch, -1);
        _trackerMatched = new bool[data.TrackerDetectionCount];
        _lastGt = new int[data.GtIdCount];
        _lastTracker = new int[data.GtIdCount];
        Array.Fill(_lastGt, -1);
        Array.Fill(_lastTracker, -1);
        _hadRun = new bool[data.GtIdCount];
    }

    public void Switch(int t, int gtPosition, int trackerPosition)
    {
        int label = _data.GtIds(t)[gtPosition];
        _switches.Add((t, _data.GtOffset(t) + gtPosition, _data.TrackerOffset(t) + trackerPosition, _lastGt[label], _lastTracker[label]));
    }

    public void Match(int t, int gtPosition, int trackerPosition, bool startsRun)
    {
        int label = _data.GtIds(t)[gtPosition];
        int gt = _data.GtOffset(t) + gtPosition, tracker = _data.TrackerOffset(t) + trackerPosition;
        _gtMatch[gt] = tracker;
        _trackerMatched[tracker] = true;
        if (startsRun)
        {
            if (_hadRun[label]) _fragments.Add((t, gt, tracker, _lastGt[label], _lastTracker[label]));
            _hadRun[label] = true;
        }
        _lastGt[label] = gt;
        _lastTracker[label] = tracker;
    }

    public void EndFrame(int t)
    {
        // Everything is read back from the match arrays in Build; nothing to close per frame.
    }

    private IReadOnlyList<MotRow> GtRows => _gtRows ??= _sources.GtRows as MotRow[] ?? _sources.GtRows.ToArray();
    private IReadOnlyList<MotRow> TrackerRows => _trackerRows ??= _sources.TrackerRows as MotRow[] ?? _sources.TrackerRows.ToArray();
    private MotRow[]? _gtRows;
    private MotRow[]? _trackerRows;

    private MotRow Gt(int flat) => GtRows[_sources.GtRowOf[flat]];
    private MotRow Tracker(int flat) => TrackerRows[_sources.TrackerRowOf[flat]];

    private static double[] Box(in MotRow row) => [row.Box.X, row.Box.Y, row.Box.Width, row.Box.Height];

    public SequenceErrors Build()
    {
        var switches = new IdSwitch[_switches.Count];
        for (int k = 0; k < switches.Length; k++)
        {
            var (t, gt, tracker, previousGt, previousTracker) = _switches[k];
            switches[k] = new IdSwitch
            {
                Frame = t + 1,
                GtId = Gt(gt).Id,
                FromTrackerId = Tracker(previousTracker).Id,
                ToTrackerId = Tracker(tracker).Id,
                GtBox = Box(Gt(gt)),
                TrackerBox = Box(Tracker(tracker)),
                PreviousFrame = Gt(previousGt).Frame,
                PreviousTrackerBox = Box(Tracker(previousTracker)),
                PreviousGtBox = Box(Gt(previousGt)),
            };
        }
        var fragments = new Fragmentation[_fragments.Count];
        for (int k = 0; k < fragments.Length; k++)
        {
            var (t, gt, tracker, previousGt, previousTracker) = _fragments[k];
            fragments[k] = new Fragmentation
            {
                Frame = t + 1,
                GtId = Gt(gt).Id,
                TrackerId = Tracker(tracker).Id,
                LastTrackedFrame = Gt(previousGt).Frame,
                LastTrackerId = Tracker(previousTracker).Id,
            };
        }

        var switchesPerGt = switches.CountBy(s => s.GtId).ToDictionary();
        var fragmentsPerGt = fragments.CountBy(f => f.GtId).ToDictionary();

        // Timelines: walk the scored gt rows in frame order, extending the open range of each id.
        var timelines = new Dictionary<int, TimelineBuilder>();
        int falseNegatives = 0;
        for (int t = 0; t < _data.Timesteps; t++)
        {
            int start = _data.GtOffset(t), count = _data.GtIds(t).Length;
            for (int k = start; k < start + count; k++)
            {
                var row = Gt(k);
                if (!timelines.TryGetValue(row.Id, out var line)) timelines.Add(row.Id, line = new TimelineBuilder(t + 1));
                int match = _gtMatch[k];
                if (match >= 0) line.Matched(t + 1, Tracker(match).Id);
                else
                {
                    line.Missed(t + 1);
                    falseNegatives++;
                }
            }
        }

        var trackers = new Dictionary<int, TrackerBuilder>();
        int falsePositives = 0;
        for (int t = 0; t < _data.Timesteps; t++)
        {
            int start = _data.TrackerOffset(t), count = _data.TrackerIds(t).Length;
            for (int k = start; k < start + count; k++)
            {
                int id = Tracker(k).Id;
                if (!trackers.TryGetValue(id, out var tracker)) trackers.Add(id, tracker = new TrackerBuilder());
                if (_trackerMatched[k]) tracker.MatchedCount++;
                else
                {
                    tracker.FalsePositive(t + 1);
                    falsePositives++;
                }
            }
        }
        var removed = _sources.Removed.ToArray();
        Array.Sort(removed, (a, b) =>
        {
            int byFrame = TrackerRows[a.TrackerRow].Frame.CompareTo(TrackerRows[b.TrackerRow].Frame);
            return byFrame != 0 ? byFrame : a.TrackerRow.CompareTo(b.TrackerRow);
        });
        foreach (var r in removed)
        {
            var row = TrackerRows[r.TrackerRow];
            if (!trackers.TryGetValue(row.Id, out var tracker)) trackers.Add(row.Id, tracker = new TrackerBuilder());
            tracker.Ignored(row.Frame, GtRows[r.DistractorGtRow].Id);
        }

        var counts = new ErrorCounts
        {
            IdSwitches = switches.Length,
            Fragmentations = fragments.Length,
            FalsePositives = falsePositives,
            FalseNegatives = falseNegatives,
            Ignored = removed.Length,
        };
        return new SequenceErrors
        {
            Name = _data.Name,
            Frames = _data.Timesteps,
            Counts = counts,
            Switches = switches,
            Fragmentations = fragments,
            GtIdentities = timelines.OrderBy(p => p.Key).Select(p => p.Value.Build(p.Key,
                switchesPerGt.GetValueOrDefault(p.Key), fragmentsPerGt.GetValueOrDefault(p.Key))).ToArray(),
            TrackerIds = trackers.OrderBy(p => p.Key).Select(p => p.Value.Build(p.Key)).ToArray(),
            Density = Density(),
        };
    }

    private ErrorDensity Density()
    {
        // The image plane from seqinfo.ini, or else the extent of the gt boxes.
        double width = _imageWidth, height = _imageHeight;
        if (width <= 0 || height <= 0)
        {
            width = height = 1;
            foreach (var row in GtRows)
            {
                width = Math.Max(width, row.Box.Right);
                height = Math.Max(height, row.Box.Bottom);
            }
        }
        int columns = DensityColumns;
        int rows = Math.Clamp((int)Math.Round(columns * height / width), 1, 4 * DensityColumns);
        var fn = new int[columns * rows];
        var fp = new int[columns * rows];
        for (int k = 0; k < _gtMatch.Length; k++)
        {
            if (_gtMatch[k] < 0) fn[Cell(Gt(k))]++;
        }
        for (int k = 0; k < _trackerMatched.Length; k++)
        {
            if (!_trackerMatched[k]) fp[Cell(Tracker(k))]++;
        }
        return new ErrorDensity
        {
            Width = (int)Math.Ceiling(width), Height = (int)Math.Ceiling(height), Columns = columns, Rows = rows,
            FalseNegatives = fn, FalsePositives = fp,
        };

        int Cell(in MotRow row)
        {
            int c = Math.Clamp((int)(row.Box.CenterX / width * columns), 0, columns - 1);
            int r = Math.Clamp((int)(row.Box.CenterY / height * rows), 0, rows - 1);
            return r * columns + c;
        }
    }

    private sealed class TimelineBuilder(int firstFrame)
    {
        private readonly List<int[]> _segments = [];
        private readonly List<int[]> _missed = [];
        private int _frames, _matched, _lastFrame;

        public void Matched(int frame, int trackerId)
        {
            Count(frame);
            _matched++;
            if (_segments.Count > 0 && _segments[^1][1] == frame - 1 && _segments[^1][2] == trackerId) _segments[^1][1] = frame;
            else _segments.Add([frame, frame, trackerId]);
        }

        public void Missed(int frame)
        {
            Count(frame);
            if (_missed.Count > 0 && _missed[^1][1] == frame - 1) _missed[^1][1] = frame;
            else _missed.Add([frame, frame]);
        }

        private void Count(int frame)
        {
            _frames++;
            _lastFrame = frame;
        }

        public GtTimeline Build(int id, int switches, int fragmentations) => new()
        {
            GtId = id, FirstFrame = firstFrame, LastFrame = _lastFrame, Frames = _frames, Matched = _matched,
            Switches = switches, Fragmentations = fragmentations,
            Segments = [.. _segments], Missed = [.. _missed],
        };
    }

    private sealed class TrackerBuilder
    {
        private readonly List<int[]> _falsePositives = [];
        private readonly List<int[]> _ignored = [];
        private int _falsePositiveCount, _ignoredCount;

        public int MatchedCount { get; set; }

        public void FalsePositive(int frame)
        {
            _falsePositiveCount++;
            if (_falsePositives.Count > 0 && _falsePositives[^1][1] == frame - 1) _falsePositives[^1][1] = frame;
            else _falsePositives.Add([frame, frame]);
        }

        public void Ignored(int frame, int distractorId)
        {
            _ignoredCount++;
            if (_ignored.Count > 0 && _ignored[^1][1] == frame - 1 && _ignored[^1][2] == distractorId) _ignored[^1][1] = frame;
            else _ignored.Add([frame, frame, distractorId]);
        }

        public TrackerErrors Build(int id) => new()
        {
            TrackerId = id, Matched = MatchedCount, FalsePositives = _falsePositiveCount,
            FalsePositiveFrames = [.. _falsePositives], Ignored = _ignoredCount, IgnoredFrames = [.. _ignored],
        };
    }
}
