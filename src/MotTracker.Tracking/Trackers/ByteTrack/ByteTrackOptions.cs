namespace MotTracker.Tracking.Trackers.ByteTrack;

/// <summary>ByteTrack's parameters, with the defaults of the reference implementation.</summary>
public sealed record ByteTrackOptions
{
    /// <summary>Detections scoring above this take part in the first association.</summary>
    public double TrackThreshold { get; init; } = 0.5;

    /// <summary>Detections scoring above this (and below <see cref="TrackThreshold"/>) take part in the second association.</summary>
    public double LowThreshold { get; init; } = 0.1;

    /// <summary>A new track needs a detection scoring at least this; the reference uses track_thresh + 0.1.</summary>
    public double? NewTrackThreshold { get; init; }

    /// <summary>Cost limit (1 - IoU, possibly score-fused) of the first association.</summary>
    public double MatchThreshold { get; init; } = 0.8;

    /// <summary>Cost limit of the second association (low-score detections, IoU only).</summary>
    public double SecondMatchThreshold { get; init; } = 0.5;

    /// <summary>Cost limit for matching unconfirmed tracks with the remaining high-score detections.</summary>
    public double UnconfirmedMatchThreshold { get; init; } = 0.7;

    /// <summary>Frames a lost track is kept at 30 fps; scaled by the actual frame rate.</summary>
    public int TrackBuffer { get; init; } = 30;

    /// <summary>Frame rate of the sequence, used to scale <see cref="TrackBuffer"/>.</summary>
    public double FrameRate { get; init; } = 30;

    /// <summary>Multiply IoU similarity by detection score in the first and unconfirmed associations (off in the reference's MOT20 mode).</summary>
    public bool FuseScore { get; init; } = true;

    /// <summary>
    /// Steady births (not in the reference; 0 = off): a left-over box too weak to start a track starts
    /// one when boxes at its place scoring at least <see cref="SteadyBirthThreshold"/> were left over this
    /// many frames in a row and it overlaps no live track by more than <see cref="SteadyBirthBlockIou"/>
    /// (see <see cref="Assignment.SteadyBirthSettings"/>). For counting far, weakly scored people.
    /// </summary>
    public int SteadyBirthFrames { get; init; }

    /// <summary>Smallest score of a steady birth's boxes.</summary>
    public double SteadyBirthThreshold { get; init; } = 0.2;

    /// <summary>Largest IoU of a steady birth's box with a live track's box.</summary>
    public double SteadyBirthBlockIou { get; init; } = 0.3;

    public double EffectiveNewTrackThreshold => NewTrackThreshold ?? TrackThreshold + 0.1;

    /// <summary>Frames a lost track survives: int(fps / 30 * buffer), as the reference computes it.</summary>
    public int MaxTimeLost => (int)(FrameRate / 30.0 * TrackBuffer);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first parameter out of range.</summary>
    public void Validate()
    {
        static void Check(bool ok, string name, string rule)
        {
            if (!ok) throw new ArgumentException($"{name} {rule}", name);
        }
        Check(TrackThreshold is >= 0 and <= 1, "track-thresh", "must be between 0 and 1");
        Check(LowThreshold >= 0 && LowThreshold <= TrackThreshold, "low-thresh", "must be between 0 and track-thresh");
        Check(NewTrackThreshold is null or (>= 0 and <= 1), "new-track-thresh", "must be between 0 and 1");
        Check(MatchThreshold > 0, "match-thresh", "must be positive");
        Check(SecondMatchThreshold > 0, "second-match-thresh", "must be positive");
        Check(UnconfirmedMatchThreshold > 0, "unconfirmed-match-thresh", "must be positive");
        Check(TrackBuffer >= 0, "track-buffer", "must not be negative");
        Check(SteadyBirthFrames == 0 || SteadyBirthFrames >= 2, "steady-birth-frames", "must be 0 (off) or at least 2");
        Check(SteadyBirthThreshold is >= 0 and <= 1, "steady-birth-thresh", "must be between 0 and 1");
        Check(SteadyBirthBlockIou is >= 0 and <= 1, "steady-birth-block-iou", "must be between 0 and 1");
        Check(FrameRate > 0 && double.IsFinite(FrameRate), "fps", "must be a positive number");
    }
}
