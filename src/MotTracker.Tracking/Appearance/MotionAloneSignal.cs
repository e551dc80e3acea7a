namespace MotTracker.Tracking.Appearance;

/// <summary>
/// The "ran on motion alone" state every <see cref="IAppearanceTracker"/> reports, written once: it turns
/// true on the first update that had detections but no embeddings and raises <see cref="Started"/> then,
/// and only then, so the caller logs it once.
/// </summary>
public sealed class MotionAloneSignal
{
    public bool Ran { get; private set; }

    public event EventHandler? Started;

    /// <summary>Records a motion-alone update of <paramref name="tracker"/> (the event's sender).</summary>
    public void Mark(object tracker)
    {
        if (Ran) return;
        Ran = true;
        Started?.Invoke(tracker, EventArgs.Empty);
    }
}
