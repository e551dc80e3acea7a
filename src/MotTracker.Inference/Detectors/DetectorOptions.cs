namespace MotTracker.Inference.Detectors;

/// <summary>Which output layout a detector model has.</summary>
public enum DetectorFormat
{
    /// <summary>Decide from the model's output shape (see <see cref="DetectorFactory"/>).</summary>
    Auto,

    /// <summary>Megvii YOLOX export: BGR 0–255 input, output [1, N, 5 + C] of raw grid predictions.</summary>
    Yolox,

    /// <summary>Ultralytics YOLOv8/YOLO11 export: RGB 0–1 input, output [1, 4 + C, N] of decoded boxes.</summary>
    Ultralytics,
}

/// <summary>Settings shared by every detector.</summary>
/// <remarks>
/// The defaults (score &gt; 0.3, class-aware NMS at IoU 0.45, persons only) are the settings under which
/// the staged COCO models were checked against MOT17 ground truth (see models/README.md).
/// </remarks>
public sealed record DetectorOptions
{
    public static DetectorOptions Default { get; } = new();

    public DetectorFormat Format { get; init; } = DetectorFormat.Auto;

    /// <summary>A detection is kept when its score is strictly above this.</summary>
    public double ScoreThreshold { get; init; } = 0.3;

    /// <summary>Of two boxes of the same class overlapping by more than this IoU, the lower-scored one is dropped.</summary>
    public double NmsIouThreshold { get; init; } = 0.45;

    /// <summary>Class ids to keep (COCO: 0 = person); null keeps every class.</summary>
    public IReadOnlyList<int>? Classes { get; init; } = [0];

    /// <summary>Upper bound on boxes returned per image (highest scores first).</summary>
    public int MaxDetections { get; init; } = 300;

    /// <summary>
    /// Input width and height for models whose input height/width are dynamic (default
    /// <see cref="DetectorInputSize.DefaultDynamic"/>). When the model states a fixed size this must be
    /// null or equal to it.
    /// </summary>
    public DetectorInputSize? InputSize { get; init; }

    internal void Validate()
    {
        if (!(ScoreThreshold >= 0 && ScoreThreshold < 1))
            throw new ArgumentOutOfRangeException(nameof(ScoreThreshold), ScoreThreshold, "score threshold must be in [0, 1)");
        if (!(NmsIouThreshold > 0 && NmsIouThreshold <= 1))
            throw new ArgumentOutOfRangeException(nameof(NmsIouThreshold), NmsIouThreshold, "NMS IoU threshold must be in (0, 1]");
        if (MaxDetections <= 0)
            throw new ArgumentOutOfRangeException(nameof(MaxDetections), MaxDetections, "must be positive");
        if (InputSize is { IsValid: false } size)
            throw new ArgumentOutOfRangeException(nameof(InputSize), size, "input width and height must be positive multiples of 32 (at most 8192)");
        if (Classes is not null)
            foreach (int c in Classes)
                if (c < 0)
                    throw new ArgumentOutOfRangeException(nameof(Classes), c, "class ids are non-negative");
    }
}
