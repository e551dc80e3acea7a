namespace MotTracker.Tracking;

/// <summary>The argument checks every <see cref="ITracker.Update"/> makes, with one wording for all trackers.</summary>
internal static class UpdateArguments
{
    /// <summary>Frames must come in increasing order; skipped frames are allowed.</summary>
    public static void CheckFrame(int frameNumber, int lastFrame)
    {
        if (frameNumber <= lastFrame)
            throw new ArgumentOutOfRangeException(nameof(frameNumber), frameNumber, $"frames must increase; the last was {lastFrame}");
    }

    /// <summary>Embeddings, when given, come one per detection (an entry may be null).</summary>
    public static void CheckEmbeddings(IReadOnlyList<float[]?>? embeddings, int detectionCount)
    {
        if (embeddings is not null && embeddings.Count != detectionCount)
            throw new ArgumentException($"{embeddings.Count} embeddings for {detectionCount} detections", nameof(embeddings));
    }
}
