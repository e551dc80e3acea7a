namespace MotTracker.Evaluation;

// The error listing of `mottrack eval --errors`. These types are the JSON schema itself (camelCase
// names, written by ErrorsJson through source generation), documented in README "Error listing".
// Frames are 1-based frame numbers; ids are the ids of the input files; boxes are [x, y, w, h] in pixels
// as in the files. Ranges are [first, last] inclusive.

/// <summary>Everything wrong in one evaluation: per sequence, every error CLEAR counted.</summary>
public sealed class ErrorListing
{
    /// <summary>"mottrack-errors/1"; bumped when a field changes meaning.</summary>
    public string Schema { get; init; } = ErrorListingSchema.Current;

    public required string Benchmark { get; init; }
    public required ErrorCounts Totals { get; init; }
    public required IReadOnlyList<SequenceErrors> Sequences { get; init; }
}

internal static class ErrorListingSchema
{
    public const string Current = "mottrack-errors/1";
}

/// <summary>Counts of a sequence or of all sequences; IdSwitches = IDSW, Fragmentations = Frag, FalsePositives = CLR_FP, FalseNegatives = CLR_FN.</summary>
public sealed class ErrorCounts
{
    public int IdSwitches { get; init; }
    public int Fragmentations { get; init; }
    public int FalsePositives { get; init; }
    public int FalseNegatives { get; init; }

    /// <summary>Tracker rows removed for matching a distractor (neither TP nor FP).</summary>
    public int Ignored { get; init; }
}

/// <summary>The errors of one sequence.</summary>
public sealed class SequenceErrors
{
    public required string Name { get; init; }

    /// <summary>seqLength.</summary>
    public int Frames { get; init; }

    public required ErrorCounts Counts { get; init; }

    /// <summary>In frame order (within a frame, in matching order).</summary>
    public required IReadOnlyList<IdSwitch> Switches { get; init; }

    public required IReadOnlyList<Fragmentation> Fragmentations { get; init; }

    /// <summary>One per scored gt id, by id.</summary>
    public required IReadOnlyList<GtTimeline> GtIdentities { get; init; }

    /// <summary>One per tracker id with any kept or ignored row, by id.</summary>
    public required IReadOnlyList<TrackerErrors> TrackerIds { get; init; }

    /// <summary>Where misses and false positives lie in the image.</summary>
    public required ErrorDensity Density { get; init; }
}

/// <summary>
/// gt id <see cref="GtId"/> was matched in <see cref="Frame"/> to <see cref="ToTrackerId"/>, while the last
/// tracker id it was matched to (in <see cref="PreviousFrame"/>, however many frames ago) was
/// <see cref="FromTrackerId"/>.
/// </summary>
public sealed class IdSwitch
{
    public int Frame { get; init; }
    public int GtId { get; init; }
    public int FromTrackerId { get; init; }
    public int ToTrackerId { get; init; }
    public required double[] GtBox { get; init; }

    /// <summary>The box of <see cref="ToTrackerId"/> in <see cref="Frame"/>.</summary>
    public required double[] TrackerBox { get; init; }

    /// <summary>The last frame the gt id was matched to <see cref="FromTrackerId"/>.</summary>
    public int PreviousFrame { get; init; }

    /// <summary>The box of <see cref="FromTrackerId"/> in <see cref="PreviousFrame"/>.</summary>
    public required double[] PreviousTrackerBox { get; init; }

    /// <summary>The gt box in <see cref="PreviousFrame"/>.</summary>
    public required double[] PreviousGtBox { get; init; }
}

/// <summary>
/// gt id <see cref="GtId"/> is tracked again in <see cref="Frame"/> (by <see cref="TrackerId"/>) after a
/// gap; it was last tracked in <see cref="LastTrackedFrame"/> by <see cref="LastTrackerId"/>.
/// </summary>
public sealed class Fragmentation
{
    public int Frame { get; init; }
    public int GtId { get; init; }
    public int TrackerId { get; init; }
    public int LastTrackedFrame { get; init; }
    public int LastTrackerId { get; init; }
}

/// <summary>One gt identity over time.</summary>
public sealed class GtTimeline
{
    public int GtId { get; init; }
    public int FirstFrame { get; init; }
    public int LastFrame { get; init; }

    /// <summary>Frames the id is scored in.</summary>
    public int Frames { get; init; }

    public int Matched { get; init; }
    public int Switches { get; init; }
    public int Fragmentations { get; init; }

    /// <summary>[first, last, trackerId]: consecutive frames matched to the same tracker id.</summary>
    public required int[][] Segments { get; init; }

    /// <summary>[first, last]: consecutive frames the id was scored and not matched (false negatives).</summary>
    public required int[][] Missed { get; init; }
}

/// <summary>One tracker id: how often it matched and where it was a false positive.</summary>
public sealed class TrackerErrors
{
    public int TrackerId { get; init; }
    public int Matched { get; init; }
    public int FalsePositives { get; init; }

    /// <summary>[first, last]: consecutive frames whose row of this id matched nothing.</summary>
    public required int[][] FalsePositiveFrames { get; init; }

    public int Ignored { get; init; }

    /// <summary>[first, last, distractorGtId]: consecutive frames whose row was removed for matching that distractor.</summary>
    public required int[][] IgnoredFrames { get; init; }
}

/// <summary>
/// Box centres of the false negatives (gt boxes) and false positives (tracker boxes) counted on a
/// <see cref="Columns"/> × <see cref="Rows"/> grid over the <see cref="Width"/> × <see cref="Height"/>
/// image, row-major from the top left; centres outside the image count in the nearest edge cell.
/// </summary>
public sealed class ErrorDensity
{
    public int Width { get; init; }
    public int Height { get; init; }
    public int Columns { get; init; }
    public int Rows { get; init; }
    public required int[] FalseNegatives { get; init; }
    public required int[] FalsePositives { get; init; }
}
