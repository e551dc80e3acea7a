namespace MotTracker.Tracking.Common;

/// <summary>ByteTrack's first step, which BoT-SORT's reference repeats: detections split by score.</summary>
internal static class ScoreSplit
{
    /// <summary>
    /// Writes into <paramref name="high"/> the indices of detections scoring above
    /// <paramref name="highThreshold"/> and into <paramref name="low"/> those strictly between the two
    /// thresholds; a score exactly at the high threshold belongs to neither, as in the reference. Boxes
    /// without a positive width and height are skipped (they have no aspect ratio for the filter).
    /// </summary>
    public static void Split(ReadOnlySpan<Detection> detections, double highThreshold, double lowThreshold,
        ref int[] high, ref int[] low, out int highCount, out int lowCount)
    {
        highCount = 0;
        lowCount = 0;
        Buffers.Grow(ref high, detections.Length);
        Buffers.Grow(ref low, detections.Length);
        for (int i = 0; i < detections.Length; i++)
        {
            double s = detections[i].Score;
            if (detections[i].Box.Width <= 0 || detections[i].Box.Height <= 0) continue;
            if (s > highThreshold) high[highCount++] = i;
            else if (s > lowThreshold && s < highThreshold) low[lowCount++] = i;
        }
    }
}
