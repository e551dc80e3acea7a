using MotTracker.Core.MotChallenge;
using MotTracker.Evaluation.Metrics;

namespace MotTracker.Evaluation;

/// <summary>One frame's errors as CLEAR counts them, found as the frame arrives.</summary>
/// <param name="Missed">Scored gt rows no tracker row matched (CLR_FN).</param>
/// <param name="FalsePositives">Tracker ids of rows that matched no scored gt row and no distractor (CLR_FP).</param>
/// <param name="Switches">ID switches made in this frame (IDSW).</param>
public sealed record FrameErrors(IReadOnlyList<MotRow> Missed, IReadOnlyList<int> FalsePositives, IReadOnlyList<LiveSwitch> Switches);

/// <summary>gt id <paramref name="GtId"/>, last matched to <paramref name="FromTrackerId"/>, is matched to <paramref name="ToTrackerId"/> in <paramref name="Frame"/>.</summary>
public readonly record struct LiveSwitch(int Frame, int GtId, int FromTrackerId, int ToTrackerId);

/// <summary>
/// CLEAR's errors frame by frame, for a run that is still producing its rows (<c>track --save-video
/// --gt</c>). Every step CLEAR takes in a frame depends only on that frame and the pairing history
/// (the benchmark's distractor rule, the matching that prefers continuing pairs, a switch against the
/// last tracker id ever matched), so feeding the frames in order finds the very misses, false positives
/// and switches <c>eval --errors</c> lists for the finished file: the same preprocessing
/// (<see cref="MotChallengeBenchmark.Preprocess"/> on the frame alone) and the same matching
/// (<see cref="ClearMetric.MatchFrame"/>). Memory grows with the number of gt identities, not frames.
/// </summary>
public sealed class LiveClearErrors
{
    private readonly MotChallengeBenchmark _benchmark;
    private readonly string _gtFile;
    private readonly Dictionary<int, List<MotRow>> _gtByFrame = [];
    // Per gt id: the tracker id matched in the previous frame that had both gt and tracker rows (for
    // the continuity preference), and the last tracker id ever matched (for switches).
    private readonly Dictionary<int, int> _previousFrame = [];
    private readonly Dictionary<int, int> _lastTracker = [];
    private readonly SparseAssignment _solver = new();
    private readonly List<MotRow> _frameResults = [];
    private readonly List<MotRow> _frameGt = [];

    /// <summary>Checks the whole gt file against the benchmark's rules now, so a bad file fails before the run starts.</summary>
    /// <exception cref="Core.MotFormatException">A gt row breaks the benchmark's rules (an unknown class, a duplicate id in a frame).</exception>
    public LiveClearErrors(MotBenchmark benchmark, IReadOnlyList<MotRow> gt, string gtFile)
    {
        ArgumentNullException.ThrowIfNull(gt);
        _benchmark = MotChallengeBenchmark.For(benchmark);
        _gtFile = gtFile;
        int frames = 1;
        foreach (var row in gt)
        {
            frames = Math.Max(frames, row.Frame);
            if (!_gtByFrame.TryGetValue(row.Frame, out var list)) _gtByFrame.Add(row.Frame, list = []);
            list.Add(row);
        }
        _benchmark.Preprocess("gt", frames, gt, gtFile, [], "results");
    }

    /// <summary>The errors of <paramref name="frame"/>, whose result rows are <paramref name="results"/>; frames must come in increasing order.</summary>
    public FrameErrors Next(int frame, IReadOnlyList<MotRow> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        _frameGt.Clear();
        if (_gtByFrame.Remove(frame, out var gtRows))
            foreach (var row in gtRows) _frameGt.Add(row with { Frame = 1 });
        _frameResults.Clear();
        foreach (var row in results) _frameResults.Add(row with { Frame = 1 });
        var data = _benchmark.Preprocess("live", 1, _frameGt, _gtFile, _frameResults, "results", keepSources: true);
        var sources = data.Sources!;
        var g = data.GtIds(0);
        var r = data.TrackerIds(0);
        int gtCount = g.Length, n = r.Length;
        var gtIds = new int[gtCount];
        for (int i = 0; i < gtCount; i++) gtIds[i] = sources.GtRows[sources.GtRowOf[i]].Id;
        var trIds = new int[n];
        for (int j = 0; j < n; j++) trIds[j] = sources.TrackerRows[sources.TrackerRowOf[j]].Id;

        var gtMatched = new bool[gtCount];
        var trMatched = new bool[n];
        var switches = new List<LiveSwitch>();
        // As CLEAR: a frame without gt or without tracker rows leaves the previous pairing in place.
        if (gtCount > 0 && n > 0)
        {
            var continuing = new int[gtCount];
            for (int i = 0; i < gtCount; i++)
                continuing[i] = _previousFrame.TryGetValue(gtIds[i], out int previous) ? Array.IndexOf(trIds, previous) : -1;
            int most = Math.Min(gtCount, n);
            var matchedI = new int[most];
            var matchedJ = new int[most];
            int matches = ClearMetric.MatchFrame(data.Similarity(0), gtCount, n, continuing, new double[gtCount * n], _solver,
                new int[most], new int[most], matchedI, matchedJ);
            for (int m = 0; m < matches; m++)
            {
                int gtId = gtIds[matchedI[m]], trId = trIds[matchedJ[m]];
                if (_lastTracker.TryGetValue(gtId, out int last) && last != trId) switches.Add(new LiveSwitch(frame, gtId, last, trId));
            }
            _previousFrame.Clear();
            for (int m = 0; m < matches; m++)
            {
                int gtId = gtIds[matchedI[m]], trId = trIds[matchedJ[m]];
                _lastTracker[gtId] = trId;
                _previousFrame[gtId] = trId;
                gtMatched[matchedI[m]] = true;
                trMatched[matchedJ[m]] = true;
            }
        }
        var missed = new List<MotRow>();
        for (int i = 0; i < gtCount; i++)
            if (!gtMatched[i]) missed.Add(sources.GtRows[sources.GtRowOf[i]] with { Frame = frame });
        var falsePositives = new List<int>();
        for (int j = 0; j < n; j++)
            if (!trMatched[j]) falsePositives.Add(trIds[j]);
        return new FrameErrors(missed, falsePositives, switches);
    }
}
