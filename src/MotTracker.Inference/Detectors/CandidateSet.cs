using MotTracker.Core;

namespace MotTracker.Inference.Detectors;

/// <summary>A box above threshold in tensor pixels (corners), before NMS.</summary>
internal readonly record struct Candidate(float X1, float Y1, float X2, float Y2, float Score, int ClassId);

/// <summary>
/// Collects a frame's candidates, runs class-aware greedy NMS and maps survivors back to image pixels.
/// The buffers live as long as the detector, so steady-state detection allocates only the result list.
/// </summary>
internal sealed class CandidateSet
{
    /// <summary>Cap on candidates entering NMS; with a very low threshold NMS is quadratic in this.</summary>
    internal const int MaxCandidates = 4096;

    private Candidate[] _items = new Candidate[256];
    private bool[] _suppressed = new bool[256];
    private readonly bool[] _classAllowed;
    private readonly float _threshold;
    private readonly double _iou;
    private readonly int _maxDetections;

    public CandidateSet(int classCount, DetectorOptions options)
    {
        _classAllowed = new bool[classCount];
        if (options.Classes is null)
        {
            Array.Fill(_classAllowed, true);
        }
        else
        {
            foreach (int c in options.Classes)
            {
                if (c >= classCount)
                    throw new ArgumentOutOfRangeException(nameof(options), c, $"class id {c} does not exist: the model has {classCount} classes (0..{classCount - 1})");
                _classAllowed[c] = true;
            }
        }

        _threshold = (float)options.ScoreThreshold;
        _iou = options.NmsIouThreshold;
        _maxDetections = options.MaxDetections;
    }

    public int Count { get; private set; }

    public float Threshold => _threshold;

    public int ClassCount => _classAllowed.Length;

    public void Clear() => Count = 0;

    /// <summary>Whether the best class of a box is one the caller wants.</summary>
    public bool Allows(int classId) => _classAllowed[classId];

    public void Add(in Candidate candidate)
    {
        if (Count == _items.Length)
            Array.Resize(ref _items, _items.Length * 2);
        _items[Count++] = candidate;
    }

    /// <summary>NMS over the collected candidates; boxes are divided by <paramref name="scale"/> and clipped to the image.</summary>
    public List<Detection> Finish(double scale, int imageWidth, int imageHeight)
    {
        var items = _items.AsSpan(0, Count);
        // Highest score first; ties by class then position so the result does not depend on sort stability.
        items.Sort(static (a, b) =>
        {
            int c = b.Score.CompareTo(a.Score);
            if (c != 0) return c;
            c = a.ClassId.CompareTo(b.ClassId);
            if (c != 0) return c;
            c = a.X1.CompareTo(b.X1);
            return c != 0 ? c : a.Y1.CompareTo(b.Y1);
        });
        if (items.Length > MaxCandidates)
            items = items[..MaxCandidates];

        if (_suppressed.Length < items.Length)
            _suppressed = new bool[_items.Length];
        var suppressed = _suppressed.AsSpan(0, items.Length);
        suppressed.Clear();

        var result = new List<Detection>();
        double inv = 1.0 / scale;
        for (int i = 0; i < items.Length && result.Count < _maxDetections; i++)
        {
            if (suppressed[i]) continue;
            ref readonly var keep = ref items[i];
            for (int j = i + 1; j < items.Length; j++)
            {
                if (!suppressed[j] && items[j].ClassId == keep.ClassId && IoU(keep, items[j]) > _iou)
                    suppressed[j] = true;
            }

            var box = BoundingBox.FromCorners(keep.X1 * inv, keep.Y1 * inv, keep.X2 * inv, keep.Y2 * inv)
                .ClipTo(imageWidth, imageHeight);
            if (box.Width > 0 && box.Height > 0)
                result.Add(new Detection(box, keep.Score, keep.ClassId));
        }

        return result;
    }

    /// <summary>
    /// IoU of two candidates on their float corners. Not <see cref="BoundingBox.IoU"/> on purpose: NMS
    /// compares in single precision, as the reference detectors' NMS does, so a pair at the threshold
    /// falls on the same side; converting to double boxes would move such pairs.
    /// </summary>
    internal static double IoU(in Candidate a, in Candidate b)
    {
        float iw = Math.Min(a.X2, b.X2) - Math.Max(a.X1, b.X1);
        if (iw <= 0) return 0;
        float ih = Math.Min(a.Y2, b.Y2) - Math.Max(a.Y1, b.Y1);
        if (ih <= 0) return 0;
        double inter = (double)iw * ih;
        double union = (double)(a.X2 - a.X1) * (a.Y2 - a.Y1) + (double)(b.X2 - b.X1) * (b.Y2 - b.Y1) - inter;
        return union > 0 ? inter / union : 0;
    }
}
