using System.Globalization;

namespace MotTracker.Core.MotChallenge;

/// <summary>
/// Result rows as a result file holds them: box and score with the two decimals <see cref="ResultFileWriter"/>
/// writes. Scoring rows in memory after this gives the numbers <c>mottrack eval</c> gives for the written file,
/// so an in-process search (<c>mottrack tune</c>) and track-then-eval agree to the last digit.
/// </summary>
public static class WrittenPrecision
{
    /// <summary><paramref name="row"/> with each written value replaced by the value its two-decimal text reads back as.</summary>
    public static MotRow Round(in MotRow row) => row with
    {
        Box = new BoundingBox(Round(row.Box.X), Round(row.Box.Y), Round(row.Box.Width), Round(row.Box.Height)),
        Score = Round(row.Score),
    };

    /// <summary>The value <paramref name="value"/>'s written text ("0.00") parses back to.</summary>
    public static double Round(double value)
    {
        Span<char> text = stackalloc char[64];
        if (!TwoDecimals.TryFormat(value, text, out int written))
            return double.Parse(value.ToString("0.00", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return double.Parse(text[..written], NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
