using System.Collections.Concurrent;

namespace MotTracker.Core;

/// <summary>
/// Recycles frame buffers. A 1080p BGR frame is 6 MB: allocating one per frame keeps the garbage
/// collector busy on the cores that decoding and inference need. A source rents, the last stage that
/// reads a frame returns it; a frame never returned is simply collected.
/// </summary>
public sealed class FramePool(int capacity = 8)
{
    private readonly ConcurrentBag<BgrImage> _free = [];

    /// <summary>A buffer of the given size, recycled when one is free (its pixels are stale).</summary>
    public BgrImage Rent(int width, int height)
    {
        while (_free.TryTake(out var image))
        {
            if (image.Width == width && image.Height == height) return image;
        }
        return new BgrImage(width, height);
    }

    /// <summary>Hands a buffer back; the caller must not touch it afterwards.</summary>
    public void Return(BgrImage image)
    {
        if (_free.Count < capacity) _free.Add(image);
    }
}
