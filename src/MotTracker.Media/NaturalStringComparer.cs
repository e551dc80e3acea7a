namespace MotTracker.Media;

/// <summary>Orders "img2.png" before "img10.png": digit runs compare by value, the rest ordinally.</summary>
internal sealed class NaturalStringComparer : IComparer<string>
{
    public static NaturalStringComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null)
            return -1;
        if (y is null)
            return 1;

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                int startX = i, startY = j;
                while (i < x.Length && char.IsAsciiDigit(x[i])) i++;
                while (j < y.Length && char.IsAsciiDigit(y[j])) j++;
                ReadOnlySpan<char> a = x.AsSpan(startX, i - startX).TrimStart('0');
                ReadOnlySpan<char> b = y.AsSpan(startY, j - startY).TrimStart('0');
                // Without leading zeros, a longer run is a larger number; equal lengths compare digit by digit.
                int byValue = a.Length != b.Length ? a.Length.CompareTo(b.Length) : a.SequenceCompareTo(b);
                if (byValue != 0)
                    return byValue;
                int byPadding = (i - startX).CompareTo(j - startY);
                if (byPadding != 0)
                    return byPadding;
                continue;
            }
            int byChar = x[i].CompareTo(y[j]);
            if (byChar != 0)
                return byChar;
            i++;
            j++;
        }
        return (x.Length - i).CompareTo(y.Length - j);
    }
}
