using System.Globalization;

namespace MotTracker.Core.MotChallenge;

/// <summary>
/// Parses MOTChallenge text files (detections, ground truth, tracker results). Fields may be separated
/// by commas or white space, as TrackEval accepts both. Every malformed line stops the read with a
/// <see cref="MotFormatException"/> naming file, line and field.
/// </summary>
public static class MotFileReader
{
    /// <summary>
    /// The largest box coordinate or size accepted, in pixels. No camera frame comes near a million pixels
    /// across; a value beyond it (1e30, a float's overflow) is a broken file, and letting it through would
    /// turn IoU and Kalman arithmetic into infinities far from the line that caused them.
    /// </summary>
    public const double MaxBoxValue = 1e6;

    private static readonly string[] FieldNames =
        ["frame", "id", "bb_left", "bb_top", "bb_width", "bb_height", "conf", "class/x", "visibility/y", "z"];

    public static List<MotRow> Read(string path, MotFileKind kind)
    {
        if (!File.Exists(path))
            throw new MotFormatException(path, 0, null, "file not found");
        byte[] bytes = File.ReadAllBytes(path);
        // Well-formed files take the byte-level fast path; anything unusual or wrong gets the line reader
        // below, which produces the same rows and the precise error message.
        if (FastMotReader.TryParse(bytes, kind) is { } rows) return rows;
        using var reader = new StreamReader(new MemoryStream(bytes));
        return Read(reader, path, kind);
    }

    /// <summary>Parses from any reader; <paramref name="displayName"/> is used in error messages.</summary>
    public static List<MotRow> Read(TextReader reader, string displayName, MotFileKind kind)
    {
        var rows = new List<MotRow>();
        Span<double> fields = stackalloc double[10];
        int lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            ReadOnlySpan<char> text = line.AsSpan().Trim();
            if (text.IsEmpty) continue;
            int count = SplitNumbers(text, fields, displayName, lineNumber);
            CheckColumnCount(kind, count, displayName, lineNumber);
            rows.Add(ToRow(fields[..count], kind, displayName, lineNumber));
        }
        return rows;
    }

    private static int SplitNumbers(ReadOnlySpan<char> text, Span<double> fields, string file, int line)
    {
        int count = 0;
        int pos = 0;
        while (pos <= text.Length)
        {
            int end = pos;
            while (end < text.Length && text[end] != ',' && !char.IsWhiteSpace(text[end])) end++;
            ReadOnlySpan<char> token = text[pos..end];
            // A run of white space around a comma is one separator, not an empty field.
            int next = end;
            bool sawComma = false;
            while (next < text.Length && (text[next] == ',' || char.IsWhiteSpace(text[next])))
            {
                if (text[next] == ',')
                {
                    if (sawComma) throw new MotFormatException(file, line, NameOf(count + 1), "empty field");
                    sawComma = true;
                }
                next++;
            }
            if (token.IsEmpty)
            {
                // Only a trailing separator may leave an empty token.
                if (end >= text.Length) break;
                throw new MotFormatException(file, line, NameOf(count), "empty field");
            }
            if (count == fields.Length)
                throw new MotFormatException(file, line, null, $"more than {fields.Length} columns");
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
                throw new MotFormatException(file, line, NameOf(count), $"'{token.ToString()}' is not a number");
            fields[count++] = value;
            if (next >= text.Length) break;
            pos = next;
        }
        return count;
    }

    private static void CheckColumnCount(MotFileKind kind, int count, string file, int line)
    {
        bool ok = kind switch
        {
            MotFileKind.Detections => count is 7 or 10,
            MotFileKind.GroundTruth => count is 9 or 10,
            _ => count is >= 6 and <= 10,
        };
        if (!ok)
        {
            string expected = kind switch
            {
                MotFileKind.Detections => "7 or 10 (frame,id,x,y,w,h,score[,x,y,z])",
                MotFileKind.GroundTruth => "9 (frame,id,x,y,w,h,conf,class,visibility) or 10 (MOT15)",
                _ => "6 to 10 (frame,id,x,y,w,h,conf,-1,-1,-1)",
            };
            throw new MotFormatException(file, line, null, $"{count} columns; expected {expected}");
        }
    }

    private static MotRow ToRow(ReadOnlySpan<double> f, MotFileKind kind, string file, int line)
    {
        for (int i = 0; i < f.Length; i++)
        {
            if (!double.IsFinite(f[i]))
                throw new MotFormatException(file, line, NameOf(i), $"{f[i].ToString(CultureInfo.InvariantCulture)} is not a finite number");
        }
        int frame = WholeNumber(f[0], file, line, 0);
        if (frame < 1)
            throw new MotFormatException(file, line, "frame", $"{frame} is below 1 (MOTChallenge frames start at 1)");
        // Detection files write the id as -1, -1.0 or even other floats: it carries no meaning there.
        int id = kind == MotFileKind.Detections ? -1 : WholeNumber(f[1], file, line, 1);
        if (f[4] < 0)
            throw new MotFormatException(file, line, "bb_width", $"negative width {f[4].ToString(CultureInfo.InvariantCulture)}");
        if (f[5] < 0)
            throw new MotFormatException(file, line, "bb_height", $"negative height {f[5].ToString(CultureInfo.InvariantCulture)}");
        for (int i = 2; i <= 5; i++)
        {
            if (Math.Abs(f[i]) > MaxBoxValue)
                throw new MotFormatException(file, line, NameOf(i), $"{f[i].ToString(CultureInfo.InvariantCulture)} is beyond {MaxBoxValue.ToString(CultureInfo.InvariantCulture)} pixels");
        }
        double score = f.Length > 6 ? f[6] : 1.0;
        int classId = f.Length > 7 ? (int)f[7] : -1;
        double visibility = f.Length > 8 ? f[8] : -1;
        if (kind == MotFileKind.GroundTruth && f.Length == 9 && f[7] != Math.Floor(f[7]))
            throw new MotFormatException(file, line, "class", $"'{f[7].ToString(CultureInfo.InvariantCulture)}' is not a whole number");
        return new MotRow(frame, id, new BoundingBox(f[2], f[3], f[4], f[5]), score, classId, visibility) { Line = line };
    }

    private static int WholeNumber(double value, string file, int line, int field)
    {
        if (value != Math.Floor(value) || value > int.MaxValue || value < int.MinValue)
            throw new MotFormatException(file, line, NameOf(field), $"'{value.ToString(CultureInfo.InvariantCulture)}' is not a whole number");
        return (int)value;
    }

    private static string NameOf(int index) => index < FieldNames.Length ? FieldNames[index] : $"column {index + 1}";
}
