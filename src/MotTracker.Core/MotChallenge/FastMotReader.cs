using System.Runtime.CompilerServices;
using System.Globalization;
using System.Runtime.InteropServices;
namespace MotTracker.Core.MotChallenge;

/// <summary>
/// <see cref="MotFileReader"/>'s fast path for files of the common shape (ASCII, comma-separated plain
/// decimal numbers). Anything else, including every kind of error, returns null and is parsed by the
/// general line reader, so the rows and the error messages are exactly that reader's.
/// </summary>
/// <remarks>
/// Evaluating MOT17 train reads ~320k lines; the general reader's per-line strings and culture-aware
/// number parsing were the largest cost of a whole <c>mottrack eval</c> run (measured: 66-85 ms here
/// against 118-160 ms with the runtime's UTF-8 double parser and 170+ ms for the line reader).
/// </remarks>
internal static class FastMotReader
{
    private static readonly double[] PowersOf10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses well-formed content, or returns null to let the general reader decide.</summary>
    // Hot loop of a short-lived process: compile optimized at once instead of starting at tier 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static List<MotRow>? TryParse(ReadOnlySpan<byte> bytes, MotFileKind kind)
    {
        // One row per line: size the list once instead of regrowing a multi-megabyte array.
        var rows = new List<MotRow>(bytes.Count((byte)'\n') + 1);
        return TryParseInto(bytes, kind, rows) ? rows : null;
    }

    /// <summary>
    /// <see cref="TryParse"/> into a caller's list (cleared first), so a reader going through a long file
    /// chunk by chunk reuses one list instead of allocating a large one per chunk.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryParseInto(ReadOnlySpan<byte> bytes, MotFileKind kind, List<MotRow> rows)
    {
        rows.Clear();
        int count = ParseRows(bytes, kind, rows);
        CollectionsMarshal.SetCount(rows, Math.Max(count, 0));
        return count >= 0;
    }

    /// <summary>
    /// Parses into <paramref name="rows"/>'s backing array (the list's count is left to the caller): rows
    /// are written in place rather than passed to <see cref="List{T}.Add"/>, whose by-value copy of the
    /// 72-byte row was a visible share of reading. Returns the row count, or -1 to decline.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ParseRows(ReadOnlySpan<byte> bytes, MotFileKind kind, List<MotRow> rows)
    {
        const int Decline = -1;
        CollectionsMarshal.SetCount(rows, rows.Capacity);
        var slots = CollectionsMarshal.AsSpan(rows);
        int used = 0;
        // A UTF-8 byte order mark is the general reader's business.
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) return Decline;
        Span<double> f = stackalloc double[10];
        int line = 0;
        int pos = 0;
        while (pos < bytes.Length)
        {
            line++;
            int end = bytes[pos..].IndexOf((byte)'\n');
            end = end < 0 ? bytes.Length : pos + end;
            var text = bytes[pos..end];
            pos = end + 1;
            if (!text.IsEmpty && text[^1] == '\r') text = text[..^1];
            if (text.IsEmpty) continue;

            int count = 0;
            int start = 0;
            while (true)
            {
                // Fields are a few bytes long: a plain scan beats a vectorised IndexOf call per field.
                int comma = -1;
                for (int k = start; k < text.Length; k++)
                {
                    if (text[k] != ',') continue;
                    comma = k - start;
                    break;
                }
                var token = comma < 0 ? text[start..] : text.Slice(start, comma);
                if (count == f.Length) return Decline;
                if (!TryParseNumber(token, out f[count], out bool plain))
                {
                    // Exponents and over-long decimals take the exact general parser; anything that is not
                    // a number at all goes to the general reader.
                    if (!plain || !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out f[count])) return Decline;
                }
                count++;
                if (comma < 0) break;
                start += comma + 1;
                // A trailing comma is accepted by the general reader; leave such files to it.
                if (start >= text.Length) return Decline;
            }

            bool columnsOk = kind switch
            {
                MotFileKind.GroundTruth => count is 9 or 10,
                MotFileKind.Detections => count is 7 or 10,
                _ => count is >= 6 and <= 10,
            };
            if (!columnsOk) return Decline;
            double frame = f[0], id = f[1];
            if (frame < 1 || frame != Math.Floor(frame) || frame > int.MaxValue) return Decline;
            // Detection files carry no id (written as -1 or any float); the general reader stores -1.
            if (kind == MotFileKind.Detections) id = -1;
            else if (id != Math.Floor(id) || id > int.MaxValue || id < int.MinValue) return Decline;
            if (f[4] < 0 || f[5] < 0) return Decline;
            const double max = MotFileReader.MaxBoxValue;
            if (Math.Abs(f[2]) > max || Math.Abs(f[3]) > max || f[4] > max || f[5] > max) return Decline;
            if (kind == MotFileKind.GroundTruth && count == 9 && f[7] != Math.Floor(f[7])) return Decline;

            double score = count > 6 ? f[6] : 1.0;
            int classId = count > 7 ? (int)f[7] : -1;
            double visibility = count > 8 ? f[8] : -1;
            if (used == slots.Length)
            {
                CollectionsMarshal.SetCount(rows, Math.Max(16, 2 * used));
                slots = CollectionsMarshal.AsSpan(rows);
            }
            ref var slot = ref slots[used++];
            slot = new MotRow((int)frame, (int)id, new BoundingBox(f[2], f[3], f[4], f[5]), score, classId, visibility) { Line = line };
        }
        return used;
    }

    /// <summary>
    /// Plain decimals ("-12", "1418.85009765625"). Up to 15 significant digits the digits form an exact
    /// double and the power of ten is exact, so one division rounds correctly; up to 19 digits an exact
    /// integer division decides. Either way the result is the double <see cref="double.Parse(string)"/>
    /// gives. Longer decimals and exponents return false with <paramref name="plain"/> set (the caller
    /// parses them exactly); anything else clears it.
    /// </summary>
    /// <param name="plain">False when the token is not a plain decimal at all.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryParseNumber(ReadOnlySpan<byte> token, out double value, out bool plain)
    {
        value = 0;
        plain = true;
        int i = 0;
        bool negative = false;
        if (token.Length > 0 && token[0] == '-')
        {
            negative = true;
            i = 1;
        }
        ulong mantissa = 0;
        int digits = 0, fractionDigits = 0;
        bool seenPoint = false, anyDigit = false;
        for (; i < token.Length; i++)
        {
            byte c = token[i];
            if (c >= '0' && c <= '9')
            {
                anyDigit = true;
                if (mantissa == 0 && c == '0')
                {
                    if (seenPoint) fractionDigits++;
                    continue; // leading zeros are not significant
                }
                if (++digits > 19)
                {
                    plain = token[(i + 1)..].IndexOfAnyExcept("0123456789.eE+-"u8) < 0;
                    return false;
                }
                mantissa = mantissa * 10 + (ulong)(c - '0');
                if (seenPoint) fractionDigits++;
            }
            else if (c == '.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                // An exponent ("2.6772e-05", seen in MOT17 visibility) is still a number: let the exact
                // general parser do it. Letters like "nan" are not, and go to the general reader.
                plain = token[i..].IndexOfAnyExcept("0123456789.eE+-"u8) < 0;
                return false;
            }
        }
        if (!anyDigit)
        {
            plain = false;
            return false;
        }
        if (fractionDigits >= PowersOf10.Length) return false;
        if (digits <= 15)
        {
            value = fractionDigits == 0 ? mantissa : mantissa / PowersOf10[fractionDigits];
        }
        else if (!TryDivideExact(mantissa, fractionDigits, out value))
        {
            return false;
        }
        if (negative) value = -value;
        return true;
    }

    /// <summary>
    /// m / 10^k rounded to nearest-even, for the 16-19 digit decimals that float32 coordinates print as
    /// (e.g. "1015.2000122070312"). A double division lands within an ulp or so of the true value; exact
    /// 128-bit comparisons against the midpoints to the neighbouring doubles then pick the correctly
    /// rounded one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryDivideExact(ulong m, int k, out double value)
    {
        value = 0;
        if (m == 0) return true;
        if (k > 19) return false;
        ulong divisor = 1;
        for (int i = 0; i < k; i++) divisor *= 10;
        double x = (double)m / PowersOf10[k];
        for (int step = 0; step < 4; step++)
        {
            if (!double.IsNormal(x)) return false;
            long bits = BitConverter.DoubleToInt64Bits(x);
            ulong mantissa = ((ulong)bits & 0xFFFFFFFFFFFFFUL) | (1UL << 52);
            int exponent = (int)((bits >> 52) & 0x7FF) - 1075; // x = mantissa · 2^exponent

            // Upper midpoint (mantissa + ½) · 2^exponent.
            int up = Compare(m, divisor, 2 * mantissa + 1, exponent - 1);
            if (up == int.MinValue) return false;
            if (up > 0 || (up == 0 && (mantissa & 1) != 0))
            {
                x = Math.BitIncrement(x);
                if (up == 0) break;
                continue;
            }
            if (up == 0) break;

            // Lower midpoint; just above a power of two the gap below is half as wide.
            int down = mantissa == 1UL << 52
                ? Compare(m, divisor, 4 * mantissa - 1, exponent - 2)
                : Compare(m, divisor, 2 * mantissa - 1, exponent - 1);
            if (down == int.MinValue) return false;
            if (down < 0 || (down == 0 && (mantissa & 1) != 0))
            {
                x = Math.BitDecrement(x);
                if (down == 0) break;
                continue;
            }
            value = x;
            return true;
        }
        value = x;
        return double.IsNormal(x);
    }

    /// <summary>
    /// Sign of m / divisor − a · 2^e for e &lt; 0, exactly: compares m · 2^−e with a · divisor in 128
    /// bits. int.MinValue when the shift would overflow (the caller falls back to the general parser).
    /// </summary>
    private static int Compare(ulong m, ulong divisor, ulong a, int e)
    {
        if (e >= 0) return int.MinValue;
        int shift = -e;
        if (shift + 64 - (int)ulong.LeadingZeroCount(m) > 127) return int.MinValue;
        UInt128 left = (UInt128)m << shift;
        ulong high = Math.BigMul(a, divisor, out ulong low);
        UInt128 right = new(high, low);
        return left.CompareTo(right);
    }
}
