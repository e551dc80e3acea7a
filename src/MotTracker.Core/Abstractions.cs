namespace MotTracker.Core;

/// <summary>What a frame source knows before decoding: frame size, rate and (when known) length.</summary>
public sealed record FrameSourceInfo(int Width, int Height, double Fps, int? FrameCount, string Name);

/// <summary>
/// A stream of decoded frames (a video or stream URL, a MOT sequence's img1 folder, an image folder).
/// Frames come in order, numbered from 1. Disposing stops a read in progress.
/// </summary>
public interface IFrameSource : IDisposable
{
    FrameSourceInfo Info { get; }

    /// <summary>Reads frames until the source ends or the token is cancelled.</summary>
    IEnumerable<VideoFrame> ReadFrames(CancellationToken cancellationToken = default);
}

/// <summary>An object detector: one image in, boxes in that image's pixel coordinates out.</summary>
public interface IDetector : IDisposable
{
    IReadOnlyList<Detection> Detect(BgrImage image);
}

/// <summary>An appearance model: one L2-normalised feature vector per box of an image.</summary>
public interface IAppearanceEmbedder : IDisposable
{
    int Dimension { get; }

    /// <summary>Returns <c>boxes.Count</c> rows of <see cref="Dimension"/> floats, each of unit length.</summary>
    float[][] Embed(BgrImage image, IReadOnlyList<BoundingBox> boxes);
}

/// <summary>
/// An appearance model whose crops are prepared apart from its model runs, so a pipeline can cut and
/// normalise one frame's crops while the detector works on the next, and run the model once over the
/// crops of several frames (its fixed cost per run paid less often).
/// </summary>
/// <remarks>
/// <see cref="PrepareCrop"/> may run on one thread while <see cref="EmbedCrops"/> (or
/// <see cref="IAppearanceEmbedder.Embed"/>) runs on another; neither may overlap itself.
/// </remarks>
public interface IBatchingEmbedder : IAppearanceEmbedder
{
    /// <summary>Floats one prepared crop takes (the model's input for one box).</summary>
    int CropLength { get; }

    /// <summary>Most crops one model run takes; <see cref="EmbedCrops"/> splits more into runs of this many.</summary>
    int MaxBatch { get; }

    /// <summary>Writes the model input for <paramref name="box"/> of <paramref name="image"/> into the first <see cref="CropLength"/> floats of <paramref name="destination"/>.</summary>
    void PrepareCrop(BgrImage image, in BoundingBox box, Span<float> destination);

    /// <summary>
    /// One unit-length vector per crop of <paramref name="crops"/> (<paramref name="count"/> prepared crops
    /// end to end). A crop's vector is bit-equal whichever other crops share the call.
    /// </summary>
    float[][] EmbedCrops(ReadOnlySpan<float> crops, int count);
}

/// <summary>
/// Estimates the camera's motion between consecutive frames from their pixels. Stateful: each call
/// compares the frame with the one given to the previous call (the first call returns the identity).
/// </summary>
public interface ICameraMotionEstimator : IDisposable
{
    /// <summary>The warp that maps the previous frame's pixel coordinates to this frame's.</summary>
    AffineWarp Estimate(BgrImage frame);
}
