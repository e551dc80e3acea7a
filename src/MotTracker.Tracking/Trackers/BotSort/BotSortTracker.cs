using MotTracker.Tracking.Appearance;
using MotTracker.Tracking.Assignment;
using MotTracker.Tracking.Common;

namespace MotTracker.Tracking.Trackers.BotSort;

/// <summary>
/// BoT-SORT (Aharon et al. 2022): ByteTrack's two rounds of association (high-score boxes, then
/// low-score boxes; <see cref="ByteAssociationTracker{TTrack}"/>) on a Kalman filter over (cx, cy, w, h), with camera-motion compensation of every
/// track before association and, in the first round, appearance fused with IoU by the paper's
/// min-of-gated-distances rule. Follows the reference bot_sort.py, its list orders and quirks.
/// </summary>
/// <remarks>
/// Without embeddings the first round is ByteTrack's score-fused IoU alone; <see cref="MotionAloneStarted"/>
/// says so once. The camera motion arrives as a warp computed outside (trackers never see pixels).
/// </remarks>
public sealed class BotSortTracker : ByteAssociationTracker<BotSortTrack>, IAppearanceTracker
{
    /// <summary>Distance given to pairs whose appearance must not count (reference: emb_dists[...] = 1.0).</summary>
    private const double NoAppearance = 1.0;

    private readonly BotSortOptions _options;
    private readonly MotionAloneSignal _motionAlone = new();

    public BotSortTracker(BotSortOptions? options = null) : base(Settings(options ?? new BotSortOptions()))
    {
        _options = options ?? new BotSortOptions();
    }

    public bool RanOnMotionAlone => _motionAlone.Ran;

    public event EventHandler? MotionAloneStarted
    {
        add => _motionAlone.Started += value;
        remove => _motionAlone.Started -= value;
    }

    private protected override bool ReadsEmbeddings => true;

    private static ByteAssociationSettings Settings(BotSortOptions options)
    {
        options.Validate();
        return new ByteAssociationSettings(
            options.TrackHighThreshold, options.TrackLowThreshold, options.NewTrackThreshold,
            options.MatchThreshold, options.SecondMatchThreshold, options.UnconfirmedMatchThreshold,
            options.FuseScore, options.MaxTimeLost, options.ReportUnconfirmed);
    }

    private protected override BotSortTrack NewTrack(int id, in Detection detection, float[]? feature, int frame) =>
        new(id, detection, feature, _options.EmaAlpha, frame);

    private protected override void OnScoresSplit(int highCount, IReadOnlyList<float[]?>? embeddings)
    {
        if (embeddings is null && highCount > 0) _motionAlone.Mark(this);
    }

    /// <summary>
    /// Camera-motion compensation (paper sec. 3.2): the pool and the unconfirmed tracks move into this
    /// frame's coordinates, state and covariance alike.
    /// </summary>
    private protected override void BeforeAssociation(List<BotSortTrack> pool, List<BotSortTrack> unconfirmed, AffineWarp? cameraMotion)
    {
        if (cameraMotion is not { IsIdentity: false } warp) return;
        foreach (var t in pool) t.Warp(warp);
        foreach (var t in unconfirmed) t.Warp(warp);
    }

    /// <summary>
    /// The IoU distance (score-fused if asked); with appearance (first round and unconfirmed tracks), the
    /// paper's eq. 12-13: the halved cosine distance counts only where it is within the appearance
    /// threshold and the raw IoU distance within the proximity threshold, and the cost is the smaller of the two.
    /// </summary>
    private protected override void FillCosts(List<BotSortTrack> tracks, ReadOnlySpan<Detection> detections, IReadOnlyList<float[]?>? embeddings,
        int[] indices, int count, Span<double> costs, bool fuse, bool firstOrUnconfirmedRound)
    {
        int rows = tracks.Count;
        bool appearance = firstOrUnconfirmedRound && embeddings is not null;
        for (int i = 0; i < rows; i++)
        {
            var row = costs.Slice(i * count, count);
            var track = tracks[i];
            for (int j = 0; j < count; j++)
            {
                double iouDistance = 1 - row[j];
                double cost = fuse ? 1 - (1 - iouDistance) * detections[indices[j]].Score : iouDistance;
                if (appearance && iouDistance <= _options.ProximityThreshold
                    && track.Appearance.HasValue && embeddings![indices[j]] is { } feature)
                {
                    // cdist's cosine distance is clipped at 0 in the reference (np.maximum(0.0, ...)).
                    double embDistance = Math.Max(0, CosineDistance.BetweenUnit(track.Appearance.Value, feature)) / 2;
                    if (embDistance > _options.AppearanceThreshold) embDistance = NoAppearance;
                    cost = Math.Min(cost, embDistance);
                }
                row[j] = cost;
            }
        }
    }
}
