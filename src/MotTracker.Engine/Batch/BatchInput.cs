namespace MotTracker.Engine.Batch;

/// <summary>What kind of input a batch item is, which decides how it is tracked by default.</summary>
public enum BatchInputKind
{
    /// <summary>A MOTChallenge sequence folder (seqinfo.ini): public detections unless a detector is asked for.</summary>
    Sequence,

    /// <summary>A video file: always through a detector.</summary>
    Video,

    /// <summary>A folder of images: always through a detector.</summary>
    ImageFolder,

    /// <summary>A detection cache (cache.json, see <see cref="Cache.CacheManifest"/>): replayed, no model runs.</summary>
    Cache,
}

/// <summary>One item of a batch: the result it writes is <c>&lt;results-dir&gt;/&lt;Name&gt;.txt</c>.</summary>
/// <param name="Name">Result name (TrackEval's tracker layout): the sequence folder's name or the video's name without extension.</param>
/// <param name="Path">Full path of the sequence folder, video or image folder.</param>
/// <param name="Kind">How to track it.</param>
public sealed record BatchInput(string Name, string Path, BatchInputKind Kind);
