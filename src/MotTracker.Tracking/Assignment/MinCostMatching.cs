using MotTracker.Tracking.Motion;

namespace MotTracker.Tracking.Assignment;

/// <summary>A DeepSORT-family track as <see cref="MinCostMatching{TTrack}"/> sees it.</summary>
internal interface IMinCostMatchTrack
{
    BoundingBox Box { get; }
    int TimeSinceUpdate { get; }

    /// <summary>Scratch for one update: the kept-detection slot this track was matched to, or -1.</summary>
    int MatchedDetection { get; set; }
}

/// <summary>
/// The association machinery DeepSORT and StrongSORT share, as the reference's linear_assignment.py holds
/// it once: the frame's kept detections (index, feature, (cx, cy, a, h) measurement, box), the rows of
/// tracks a stage matches, the detections still unmatched, the IoU stage's costs and min_cost_matching
/// (a full assignment of the clipped costs, then pairs over the limit dropped). Each tracker fills its
/// own first-stage costs (the cascade's gated appearance, StrongSORT's motion-appearance mix) through
/// <see cref="CostRow"/>.
/// </summary>
/// <remarks>
/// Costs are divided by their limit: an infeasible pair costs <see cref="Infeasible"/>, just over 1 (the
/// reference sets gated entries to 1e5 and clips every cost above the threshold to threshold + 1e-5),
/// and "matched" means cost ≤ 1. Buffers are reused across frames, so a warmed-up tracker does not allocate.
/// </remarks>
internal sealed class MinCostMatching<TTrack> where TTrack : class, IMinCostMatchTrack
{
    public const double Infeasible = 1 + 1e-5;

    private readonly LinearAssignment _solver = new();
    private float[]?[] _features = new float[]?[64];
    private int[] _detections = new int[64];
    private int[] _unmatched = new int[64];
    private int[] _matchedTo = new int[64]; // per kept detection: -1, or the row it was matched in
    private double[] _measurements = new double[64 * 4];
    private BoundingBox[] _boxes = new BoundingBox[64];
    private int[] _rowMatch = new int[64];
    private int[] _colMatch = new int[64];
    private double[] _costs = new double[64 * 64];

    /// <summary>The tracks the next stage matches, one cost row each.</summary>
    public List<TTrack> Rows { get; } = [];

    /// <summary>Detections kept this frame.</summary>
    public int Count { get; private set; }

    /// <summary>Starts a frame of at most <paramref name="detectionCount"/> kept detections.</summary>
    public void Begin(int detectionCount)
    {
        Count = 0;
        Buffers.Grow(ref _detections, detectionCount);
        Buffers.Grow(ref _features, detectionCount);
        Buffers.Grow(ref _measurements, detectionCount * 4);
        Buffers.Grow(ref _boxes, detectionCount);
    }

    /// <summary>
    /// Keeps detection <paramref name="index"/>. Its box for IoU is the detection's own, or with
    /// <paramref name="boxFromMeasurement"/> the box its measurement stands for (as DeepSORT compares).
    /// </summary>
    public void Keep(int index, in Detection detection, float[]? feature, bool boxFromMeasurement)
    {
        int k = Count++;
        _detections[k] = index;
        _features[k] = feature;
        var measurement = _measurements.AsSpan(k * 4, 4);
        KalmanFilterXyah.ToMeasurement(detection.Box, measurement);
        _boxes[k] = boxFromMeasurement ? KalmanFilterXyah.ToBox(measurement) : detection.Box;
    }

    /// <summary>Every kept detection unmatched, and no track matched yet; call after the tracks are predicted.</summary>
    public void ClearMatches(List<TTrack> tracks)
    {
        foreach (var track in tracks) track.MatchedDetection = -1;
        Buffers.Grow(ref _matchedTo, Count);
        _matchedTo.AsSpan(0, Count).Fill(-1);
    }

    /// <summary>Kept detection <paramref name="k"/>'s index in the frame's detections.</summary>
    public int DetectionIndex(int k) => _detections[k];

    public float[]? Feature(int k) => _features[k];

    public ReadOnlySpan<double> Measurement(int k) => _measurements.AsSpan(k * 4, 4);

    public BoundingBox Box(int k) => _boxes[k];

    public bool IsMatched(int k) => _matchedTo[k] >= 0;

    /// <summary>Unmatched kept detection <paramref name="column"/> of the current stage (see <see cref="CollectUnmatched"/>).</summary>
    public int Unmatched(int column) => _unmatched[column];

    /// <summary>The kept detections still unmatched, as this stage's columns; returns their count.</summary>
    public int CollectUnmatched()
    {
        Buffers.Grow(ref _unmatched, Count);
        int free = 0;
        for (int d = 0; d < Count; d++)
            if (_matchedTo[d] < 0) _unmatched[free++] = d;
        return free;
    }

    /// <summary>Room for the current rows x <paramref name="free"/> costs.</summary>
    public void PrepareCosts(int free) => Buffers.Grow(ref _costs, Rows.Count * free);

    /// <summary>Row <paramref name="r"/> of the costs (after <see cref="PrepareCosts"/>).</summary>
    public Span<double> CostRow(int r, int free) => _costs.AsSpan(r * free, free);

    /// <summary>
    /// DeepSORT's IoU stage costs (reference iou_matching.iou_cost): 1 - IoU over
    /// <paramref name="maxIouDistance"/>; the reference gives tracks missed for more than one frame no IoU candidates.
    /// </summary>
    public void FillIouCosts(int free, double maxIouDistance)
    {
        PrepareCosts(free);
        for (int r = 0; r < Rows.Count; r++)
        {
            var track = Rows[r];
            var row = CostRow(r, free);
            if (track.TimeSinceUpdate > 1) { row.Fill(Infeasible); continue; }
            var box = track.Box;
            for (int k = 0; k < free; k++)
                row[k] = Math.Min((1 - BoundingBox.IoU(box, _boxes[_unmatched[k]])) / maxIouDistance, Infeasible);
        }
    }

    /// <summary>
    /// Reference min_cost_matching: a full min-cost assignment of the clipped costs (no cost limit, as
    /// scipy's linear_sum_assignment), then pairs costing more than the threshold are dropped.
    /// </summary>
    public void Solve(int free)
    {
        int rows = Rows.Count;
        Buffers.Grow(ref _rowMatch, rows);
        Buffers.Grow(ref _colMatch, free);
        var costs = _costs.AsSpan(0, rows * free);
        _solver.Solve(costs, rows, free, double.PositiveInfinity, _rowMatch.AsSpan(0, rows), _colMatch.AsSpan(0, free));
        for (int r = 0; r < rows; r++)
        {
            int k = _rowMatch[r];
            if (k < 0 || costs[r * free + k] > 1) continue;
            Rows[r].MatchedDetection = _unmatched[k];
            _matchedTo[_unmatched[k]] = r;
        }
    }

    /// <summary>Drops the references to the caller's feature arrays once the frame is done.</summary>
    public void EndFrame() => Array.Clear(_features, 0, Count);
}
