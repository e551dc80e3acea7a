using System.Globalization;
using System.Numerics;
using System.Text;

namespace MotTracker.Evaluation.Output;

/// <summary>
/// Formats numbers the way Python prints them, so files we write in TrackEval's formats are identical to
/// the ones TrackEval writes (tools that diff or parse them keep working).
/// </summary>
public static class PythonFloat
{
    /// <summary>
    /// <c>str(float)</c>: the shortest digits that read back as the same double; fixed notation for
    /// decimal exponents -4..15 (always with a fractional part, "156.0"), otherwise "1e-05" style.
    /// </summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";

        // .NET's "R" gives the same shortest round-trip digits; only the layout differs.
        (string digits, int exponent, bool negative) = Decompose(value.ToString("R", CultureInfo.InvariantCulture));
        var sb = new StringBuilder(24);
        if (negative) sb.Append('-');
        if (exponent >= -4 && exponent < 16)
            AppendFixed(sb, digits, exponent, keepPointZero: true);
        else
            AppendScientific(sb, digits, exponent);
        return sb.ToString();
    }

    /// <summary>
    /// <c>"{0:1.5g}".format(value)</c>: 5 significant digits, correctly rounded half-to-even on the exact
    /// binary value, trailing zeros removed, scientific notation outside exponents -4..4.
    /// </summary>
    public static string General5(double value)
    {
        const int precision = 5;
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        bool negative = double.IsNegative(value);
        if (value == 0) return negative ? "-0" : "0";

        (string digits, int exponent) = RoundExact(Math.Abs(value), precision);
        var sb = new StringBuilder(16);
        if (negative) sb.Append('-');
        string trimmed = digits.TrimEnd('0');
        if (trimmed.Length == 0) trimmed = "0";
        if (exponent >= -4 && exponent < precision)
            AppendFixed(sb, trimmed, exponent, keepPointZero: false);
        else
            AppendScientific(sb, trimmed, exponent);
        return sb.ToString();
    }

    /// <summary>Splits .NET's "R" text into significant digits and the decimal exponent of the first one.</summary>
    private static (string Digits, int Exponent, bool Negative) Decompose(string text)
    {
        bool negative = text.StartsWith('-');
        if (negative) text = text[1..];
        int exponentPart = 0;
        int e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponentPart = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        int point = text.IndexOf('.');
        string intPart = point >= 0 ? text[..point] : text;
        string fracPart = point >= 0 ? text[(point + 1)..] : "";
        string all = intPart + fracPart;
        int leading = 0;
        while (leading < all.Length - 1 && all[leading] == '0') leading++;
        string digits = all[leading..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        int exponent = intPart.Length - 1 - leading + exponentPart;
        return (digits, exponent, negative);
    }

    /// <summary>
    /// Rounds a positive double to <paramref name="precision"/> significant digits using its exact decimal
    /// expansion (Python rounds exactly, half to even; .NET's format strings round ties away from zero).
    /// </summary>
    private static (string Digits, int Exponent) RoundExact(double value, int precision)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int rawExponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (rawExponent == 0) rawExponent = 1;
        else mantissa |= 1L << 52;
        int binaryExponent = rawExponent - 1075;

        // value = numerator / 10^scale exactly.
        BigInteger numerator;
        int scale;
        if (binaryExponent >= 0)
        {
            numerator = new BigInteger(mantissa) << binaryExponent;
            scale = 0;
        }
        else
        {
            numerator = new BigInteger(mantissa) * BigInteger.Pow(5, -binaryExponent);
            scale = -binaryExponent;
        }
        string exact = numerator.ToString(CultureInfo.InvariantCulture);
        int exponent = exact.Length - 1 - scale;
        if (exact.Length <= precision)
            return (exact.PadRight(precision, '0'), exponent);

        var kept = BigInteger.Parse(exact.AsSpan(0, precision), CultureInfo.InvariantCulture);
        char next = exact[precision];
        bool restNonZero = exact.AsSpan(precision + 1).IndexOfAnyExcept('0') >= 0;
        bool roundUp = next > '5' || (next == '5' && (restNonZero || !kept.IsEven));
        if (roundUp) kept += 1;
        string digits = kept.ToString(CultureInfo.InvariantCulture);
        if (digits.Length > precision)
        {
            // 99999.5 → 100000: one more digit, one higher exponent.
            digits = digits[..precision];
            exponent++;
        }
        return (digits, exponent);
    }

    private static void AppendFixed(StringBuilder sb, string digits, int exponent, bool keepPointZero)
    {
        if (exponent < 0)
        {
            sb.Append("0.").Append('0', -exponent - 1).Append(digits);
            return;
        }
        int integerDigits = exponent + 1;
        if (digits.Length <= integerDigits)
        {
            sb.Append(digits).Append('0', integerDigits - digits.Length);
            if (keepPointZero) sb.Append(".0");
            return;
        }
        sb.Append(digits, 0, integerDigits).Append('.').Append(digits, integerDigits, digits.Length - integerDigits);
    }

    private static void AppendScientific(StringBuilder sb, string digits, int exponent)
    {
        sb.Append(digits[0]);
        if (digits.Length > 1) sb.Append('.').Append(digits, 1, digits.Length - 1);
        sb.Append('e').Append(exponent < 0 ? '-' : '+');
        sb.Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
    }
}
