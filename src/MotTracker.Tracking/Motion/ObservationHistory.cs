namespace MotTracker.Tracking.Motion;

/// <summary>
/// What OC-SORT keeps of a track's past for its observation-centric steps, written once for it and the
/// trackers built on it (Deep OC-SORT through its tracks, Hybrid-SORT): the last Δt observations with the
/// age at which each was made (OCM's direction looks only that far back), and observation-centric
/// re-update's bookkeeping, the state saved at the first missed step and the gap since the last
/// observation, from which a returning track replays its occlusion.
/// </summary>
/// <remarks>
/// The state itself (and the virtual trajectory replayed through it) stays with each tracker's track,
/// whose Kalman filters and measurements differ; this holds only what they do the same way.
/// </remarks>
internal sealed class ObservationHistory
{
    // The ring of recent observations: enough to find the one Δt steps back.
    private readonly BoundingBox[] _recentBoxes;
    private readonly int[] _recentAges;
    private int _recentCount;

    private readonly double[] _frozenMean;
    private readonly double[] _frozenCovariance;
    private bool _observedLastStep;
    private int _stepCount;
    private int _lastObservedStep = -1;

    public ObservationHistory(int deltaT, int stateSize)
    {
        _recentBoxes = new BoundingBox[deltaT];
        _recentAges = new int[deltaT];
        _frozenMean = new double[stateSize];
        _frozenCovariance = new double[stateSize * stateSize];
    }

    /// <summary>Whether a state was saved at a missed step and not yet replayed from.</summary>
    public bool HasFrozen { get; private set; }

    /// <summary>The saved state (camera motion moves it with the live one).</summary>
    public Span<double> FrozenMean => _frozenMean;

    public Span<double> FrozenCovariance => _frozenCovariance;

    /// <summary>The observation made at <paramref name="age"/>, if one was and is still kept.</summary>
    public bool TryGetAt(int age, out BoundingBox box)
    {
        for (int k = 0; k < _recentCount; k++)
        {
            if (_recentAges[k] != age) continue;
            box = _recentBoxes[k];
            return true;
        }
        box = default;
        return false;
    }

    /// <summary>
    /// The observation Δt steps before <paramref name="age"/>, else the nearest younger one within Δt,
    /// else <paramref name="last"/> (the reference's k_previous_obs); false before any observation.
    /// </summary>
    public bool TryGetPrevious(int deltaT, int age, in BoundingBox last, out BoundingBox box)
    {
        box = default;
        if (_recentCount == 0) return false;
        for (int dt = deltaT; dt >= 1; dt--)
            if (TryGetAt(age - dt, out box)) return true;
        box = last;
        return true;
    }

    /// <summary>Keeps <paramref name="box"/>, observed at <paramref name="age"/>, in place of the oldest once Δt are kept.</summary>
    public void Remember(in BoundingBox box, int age)
    {
        int slot;
        if (_recentCount < _recentBoxes.Length) slot = _recentCount++;
        else
        {
            slot = 0;
            for (int k = 1; k < _recentCount; k++)
                if (_recentAges[k] < _recentAges[slot]) slot = k;
        }
        _recentBoxes[slot] = box;
        _recentAges[slot] = age;
    }

    /// <summary>Moves the kept observations with the camera.</summary>
    public void WarpObservations(in AffineWarp warp)
    {
        for (int k = 0; k < _recentCount; k++) _recentBoxes[k] = CameraMotion.WarpBox(warp, _recentBoxes[k]);
    }

    /// <summary>A step without a match: the state so far is saved once, at the first miss, for ORU to start from.</summary>
    public void MarkMissed(ReadOnlySpan<double> mean, ReadOnlySpan<double> covariance)
    {
        if (_observedLastStep)
        {
            mean.CopyTo(_frozenMean);
            covariance.CopyTo(_frozenCovariance);
            HasFrozen = true;
        }
        _observedLastStep = false;
        _stepCount++;
    }

    /// <summary>
    /// Before a matched update: when the track returns from missed steps with a saved state, that state
    /// is put back into <paramref name="mean"/> and <paramref name="covariance"/> and
    /// <paramref name="gap"/> is the number of steps since the last observation, to replay.
    /// </summary>
    public bool TryRestoreForReUpdate(Span<double> mean, Span<double> covariance, out int gap)
    {
        gap = 0;
        if (_observedLastStep || !HasFrozen) return false;
        gap = _stepCount - _lastObservedStep;
        _frozenMean.CopyTo(mean);
        _frozenCovariance.CopyTo(covariance);
        HasFrozen = false;
        return true;
    }

    /// <summary>After a matched update.</summary>
    public void MarkObserved()
    {
        _observedLastStep = true;
        _lastObservedStep = _stepCount;
        _stepCount++;
    }
}
