using System.Globalization;
using MotTracker.Core;
using MotTracker.Core.MotChallenge;
using MotTracker.Evaluation;
using MotTracker.Evaluation.Metrics;
using MotTracker.Media;
using MotTracker.Tracking;

namespace MotTracker.Engine.Outputs;

/// <summary>
/// What is wrong in each frame, drawn over the annotated video: missed gt boxes dashed, false-positive
/// boxes red, and for a few frames after an ID switch the new box flagged "old → new". The errors are
/// CLEAR's own (the listing of <c>eval --errors</c>), so the video shows exactly what the scores count.
/// Made from a finished result file (<see cref="Create"/>, <c>render --gt</c>) or from a run's tracks as
/// they come (<see cref="CreateLive"/>, <c>track --save-video --gt</c>); both draw through <see cref="Draw"/>.
/// </summary>
public sealed class ErrorOverlay
{
    /// <summary>Frames an ID switch stays flagged (about half a second at 30 fps).</summary>
    public const int DefaultSwitchFrames = 15;

    public static readonly BgrColor MissedColor = BgrColor.White;
    public static readonly BgrColor FalsePositiveColor = BgrColor.Red;
    public static readonly BgrColor SwitchColor = new(255, 0, 255);

    private readonly Dictionary<int, List<BoundingBox>> _missed = [];
    private readonly Dictionary<int, HashSet<int>> _falsePositives = [];
    // In frame order.
    private readonly List<(int Frame, int From, int To)> _switches = [];
    private readonly int _switchFrames;
    private readonly LiveClearErrors? _live;
    private readonly List<MotRow> _liveRows = [];

    private ErrorOverlay(LiveClearErrors live, int switchFrames)
    {
        _live = live;
        _switchFrames = switchFrames;
    }

    private ErrorOverlay(SequenceErrors errors, IReadOnlyList<MotRow> gt, int switchFrames)
    {
        Errors = errors;
        _switchFrames = switchFrames;
        var gtBoxes = new Dictionary<(int Frame, int Id), BoundingBox>();
        foreach (var row in gt) gtBoxes.TryAdd((row.Frame, row.Id), row.Box);
        foreach (var line in errors.GtIdentities)
        {
            foreach (var range in line.Missed)
            {
                for (int f = range[0]; f <= range[1]; f++)
                {
                    if (!_missed.TryGetValue(f, out var list)) _missed.Add(f, list = []);
                    list.Add(gtBoxes[(f, line.GtId)]);
                }
            }
        }
        foreach (var tracker in errors.TrackerIds)
        {
            foreach (var range in tracker.FalsePositiveFrames)
            {
                for (int f = range[0]; f <= range[1]; f++)
                {
                    if (!_falsePositives.TryGetValue(f, out var set)) _falsePositives.Add(f, set = []);
                    set.Add(tracker.TrackerId);
                }
            }
        }
        foreach (var s in errors.Switches.OrderBy(s => s.Frame)) _switches.Add((s.Frame, s.FromTrackerId, s.ToTrackerId));
    }

    /// <summary>The listing the overlay draws (null for a live overlay, whose errors are found frame by frame).</summary>
    public SequenceErrors? Errors { get; }

    /// <summary>ID switches found so far by a live overlay.</summary>
    public int LiveSwitches { get; private set; }

    /// <summary>
    /// An overlay for a run in progress: each frame's errors are found when <see cref="Draw"/> is given
    /// its tracks, with the same rules and matching as <see cref="Create"/> (<see cref="LiveClearErrors"/>).
    /// </summary>
    /// <exception cref="MotFormatException">The gt file breaks the benchmark's rules.</exception>
    public static ErrorOverlay CreateLive(MotBenchmark benchmark, IReadOnlyList<MotRow> gt, string gtFile, int switchFrames = DefaultSwitchFrames) =>
        new(new LiveClearErrors(benchmark, gt, gtFile), switchFrames);

    /// <summary>
    /// Scores <paramref name="results"/> against <paramref name="gt"/> with the benchmark's rules and
    /// CLEAR, and prepares the per-frame drawing.
    /// </summary>
    /// <exception cref="MotFormatException">The files break the benchmark's rules (as in eval).</exception>
    public static ErrorOverlay Create(
        MotBenchmark benchmark, string name, int frames, IReadOnlyList<MotRow> gt, string gtFile,
        IReadOnlyList<MotRow> results, string resultsFile, int switchFrames = DefaultSwitchFrames)
    {
        ArgumentNullException.ThrowIfNull(gt);
        ArgumentNullException.ThrowIfNull(results);
        int length = Math.Max(frames, Math.Max(gt.Count == 0 ? 1 : gt.Max(r => r.Frame), results.Count == 0 ? 1 : results.Max(r => r.Frame)));
        var data = MotChallengeBenchmark.For(benchmark).Preprocess(name, length, gt, gtFile, results, resultsFile, keepSources: true);
        new ClearMetric().Evaluate(data, out var errors);
        return new ErrorOverlay(errors, gt, switchFrames);
    }

    /// <summary>Draws frame <paramref name="frame"/>'s errors; <paramref name="tracks"/> are the frame's result rows.</summary>
    public void Draw(FrameCanvas canvas, int frame, IReadOnlyList<TrackedObject> tracks)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(tracks);
        if (_live is not null) Observe(frame, tracks);
        if (_missed.TryGetValue(frame, out var missed))
        {
            foreach (var box in missed) canvas.DashedBox(box, MissedColor, 2);
        }
        if (_falsePositives.TryGetValue(frame, out var fp))
        {
            foreach (var track in tracks)
            {
                if (fp.Contains(track.TrackId)) canvas.Box(track.Box, FalsePositiveColor, 3);
            }
        }
        // Switches made in the last few frames: flag the new id's box while it is on screen.
        int first = LowerBound(frame - _switchFrames + 1);
        for (int k = first; k < _switches.Count && _switches[k].Frame <= frame; k++)
        {
            var s = _switches[k];
            foreach (var track in tracks)
            {
                if (track.TrackId != s.To) continue;
                canvas.Box(track.Box, SwitchColor, 3);
                int x = (int)Math.Round(Math.Clamp(track.Box.X, 0, 1e6));
                int y = (int)Math.Round(Math.Clamp(track.Box.Bottom, 0, 1e6));
                canvas.Label(x, y + 22, string.Create(CultureInfo.InvariantCulture, $"ID switch {s.From} -> {s.To}"), BgrColor.White, SwitchColor, 0.6);
            }
        }
    }

    /// <summary>
    /// Finds a live frame's errors and keeps only what later frames still draw (switches flagged within
    /// the last few frames), so memory stays bounded on a long run.
    /// </summary>
    private void Observe(int frame, IReadOnlyList<TrackedObject> tracks)
    {
        _liveRows.Clear();
        // Class -1: the tracker's class is not the benchmark's (a COCO person is 0, MOT's pedestrian 1).
        foreach (var track in tracks) _liveRows.Add(new MotRow(frame, track.TrackId, track.Box, track.Score, -1, -1));
        var found = _live!.Next(frame, _liveRows);
        _missed.Clear();
        _falsePositives.Clear();
        if (found.Missed.Count > 0) _missed.Add(frame, found.Missed.Select(r => r.Box).ToList());
        if (found.FalsePositives.Count > 0) _falsePositives.Add(frame, [.. found.FalsePositives]);
        foreach (var s in found.Switches) _switches.Add((s.Frame, s.FromTrackerId, s.ToTrackerId));
        LiveSwitches += found.Switches.Count;
        int expired = LowerBound(frame - _switchFrames + 1);
        if (expired > 0) _switches.RemoveRange(0, expired);
    }

    private int LowerBound(int frame)
    {
        int lo = 0, hi = _switches.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (_switches[mid].Frame < frame) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
