namespace MotTracker.Core;

/// <summary>Reusable work arrays for per-frame code that must not allocate once warmed up.</summary>
public static class Buffers
{
    /// <summary>
    /// Makes <paramref name="array"/> hold at least <paramref name="needed"/> items, at least doubling it
    /// so that a slowly rising need reallocates only a few times. Old contents are not kept: callers
    /// fill what they use.
    /// </summary>
    public static void Grow<T>(ref T[] array, int needed)
    {
        if (array.Length < needed) array = new T[Math.Max(needed, array.Length * 2)];
    }
}
