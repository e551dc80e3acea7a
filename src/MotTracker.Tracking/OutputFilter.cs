namespace MotTracker.Tracking;

/// <summary>
/// The reference ByteTrack's output filters, applied after any tracker: a box is reported only if its
/// area exceeds <see cref="MinBoxArea"/> and it is not wider than <see cref="MaxAspectRatio"/>
/// (width/height). They describe upright pedestrians, so they apply to people (class 0) only: a car is
/// wider than it is tall and must not be dropped.
/// </summary>
public sealed record OutputFilter
{
    /// <summary>Person class id (COCO 0; public detections are people).</summary>
    public const int PersonClass = 0;

    /// <summary>Boxes with area at or below this are not reported (reference demo_track.py: min_box_area 10).</summary>
    public double MinBoxArea { get; init; } = 10;

    /// <summary>Boxes with w/h above this are not reported (reference demo_track.py: aspect_ratio_thresh 1.6).</summary>
    public double MaxAspectRatio { get; init; } = 1.6;

    /// <summary>No filtering at all.</summary>
    public static OutputFilter None { get; } = new() { MinBoxArea = double.NegativeInfinity, MaxAspectRatio = double.PositiveInfinity };

    public bool Keeps(in TrackedObject track)
    {
        if (track.ClassId != PersonClass) return true;
        var box = track.Box;
        // Written as the reference tests it: area > min and not (w/h > ratio), so a NaN ratio is kept.
        return box.Width * box.Height > MinBoxArea && !(box.Width / box.Height > MaxAspectRatio);
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the parameter out of range.</summary>
    public void Validate()
    {
        if (double.IsNaN(MinBoxArea) || MinBoxArea < 0 && !double.IsNegativeInfinity(MinBoxArea))
            throw new ArgumentException("min-box-area must not be negative", "min-box-area");
        if (!(MaxAspectRatio > 0))
            throw new ArgumentException("aspect-ratio-thresh must be positive", "aspect-ratio-thresh");
    }
}
