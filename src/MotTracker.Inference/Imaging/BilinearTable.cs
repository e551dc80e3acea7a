namespace MotTracker.Inference.Imaging;

/// <summary>
/// For each output coordinate of a 1-D bilinear resize: the two source indices and the weight of the
/// second. Reused between calls; rebuilt only when the mapping changes.
/// </summary>
/// <remarks>
/// Uses pixel-centre alignment (src = (dst + 0.5)·scale − 0.5, clamped to the edge), the convention of
/// OpenCV's INTER_LINEAR that the models' reference pre-processing used.
/// </remarks>
internal sealed class BilinearTable
{
    private int _sourceLength = -1, _start = -1, _end = -1, _outputLength = -1;

    public int[] Index0 { get; private set; } = [];
    public int[] Index1 { get; private set; } = [];
    public float[] Weight { get; private set; } = [];

    /// <summary>Largest source index among the first <paramref name="count"/> samples.</summary>
    public int MaxIndex(int count) => count == 0 ? 0 : Index1[count - 1];

    /// <summary>Maps <paramref name="outputLength"/> samples onto source indices [start, end) of a line of <paramref name="sourceLength"/>.</summary>
    public void Build(int sourceLength, int start, int end, int outputLength)
    {
        if (sourceLength == _sourceLength && start == _start && end == _end && outputLength == _outputLength)
            return;
        if (start < 0 || end > sourceLength || end <= start)
            throw new ArgumentOutOfRangeException(nameof(start), $"source range [{start}, {end}) is not inside [0, {sourceLength})");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputLength);

        if (Index0.Length < outputLength)
        {
            Index0 = new int[outputLength];
            Index1 = new int[outputLength];
            Weight = new float[outputLength];
        }

        double scale = (double)(end - start) / outputLength;
        int last = end - start - 1;
        for (int i = 0; i < outputLength; i++)
        {
            double s = (i + 0.5) * scale - 0.5;
            if (s < 0) s = 0;
            int i0 = (int)s;
            if (i0 > last) i0 = last;
            int i1 = Math.Min(i0 + 1, last);
            Index0[i] = start + i0;
            Index1[i] = start + i1;
            Weight[i] = (float)Math.Min(s - i0, 1.0);
        }

        _sourceLength = sourceLength;
        _start = start;
        _end = end;
        _outputLength = outputLength;
    }
}
