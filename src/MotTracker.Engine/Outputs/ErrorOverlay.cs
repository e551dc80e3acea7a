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
    private readonly IdSwitch[] _switches;
    private readonly int _switchFrames;

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
        _switches = errors.Switches.OrderBy(s => s.Frame).ToArray();
    }

    /// <summary>The listing the overlay draws.</summary>
    public SequenceErrors Errors { get; }

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
        for (int k = first; k < _switches.Length && _switches[k].Frame <= frame; k++)
        {
            var s = _switches[k];
            foreach (var track in tracks)
            {
                if (track.TrackId != s.ToTrackerId) continue;
                canvas.Box(track.Box, SwitchColor, 3);
                int x = (int)Math.Round(Math.Clamp(track.Box.X, 0, 1e6));
                int y = (int)Math.Round(Math.Clamp(track.Box.Bottom, 0, 1e6));
                canvas.Label(x, y + 22, string.Create(CultureInfo.InvariantCulture, $"ID switch {s.FromTrackerId} -> {s.ToTrackerId}"), BgrColor.White, SwitchColor, 0.6);
            }
        }
    }

    private int LowerBound(int frame)
    {
        int lo = 0, hi = _switches.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (_switches[mid].Frame < frame) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
