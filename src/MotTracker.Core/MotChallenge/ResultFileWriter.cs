using System.Globalization;

namespace MotTracker.Core.MotChallenge;

/// <summary>
/// Writes tracker results as MOTChallenge lines <c>frame,id,x,y,w,h,conf,-1,-1,-1</c>; a multi-class run
/// writes the COCO class id in column 8 instead (<c>frame,id,x,y,w,h,conf,class,-1,-1</c>, person = 0).
/// </summary>
public static class ResultFileWriter
{
    /// <summary>
    /// Sorts by frame then id and writes atomically. Boxes and scores get two decimals, the precision
    /// the reference ByteTrack writes, so files from both tools compare line by line.
    /// </summary>
    /// <param name="classColumn">
    /// Write each row's <see cref="MotRow.ClassId"/> (the COCO class id) in column 8, for multi-class runs;
    /// false keeps the single-class person format (-1), which TrackEval accepts as is.
    /// </param>
    public static void Write(string path, IEnumerable<MotRow> rows, bool classColumn = false)
    {
        var sorted = rows.ToArray();
        // One primitive key per row: sorting longs is several times faster than a comparison delegate,
        // and a whole MOT17-04 run spends a noticeable part of its time here. The id is offset into
        // unsigned range so negative ids still order below positive ones.
        var keys = new long[sorted.Length];
        for (int i = 0; i < sorted.Length; i++)
            keys[i] = ((long)sorted[i].Frame << 32) + ((long)sorted[i].Id - int.MinValue);
        Array.Sort(keys, sorted);
        AtomicFile.Write(path, writer =>
        {
            foreach (var row in sorted) WriteLine(writer, row, classColumn);
        });
    }

    /// <summary>Writes one result line (with its trailing newline); column 8 holds the class id when <paramref name="classColumn"/>.</summary>
    public static void WriteLine(TextWriter writer, in MotRow row, bool classColumn = false)
    {
        Span<char> buffer = stackalloc char[256];
        int n = 0;
        bool ok = row.Frame.TryFormat(buffer, out int w, provider: CultureInfo.InvariantCulture);
        n += w;
        buffer[n++] = ',';
        ok &= row.Id.TryFormat(buffer[n..], out w, provider: CultureInfo.InvariantCulture);
        n += w;
        foreach (double value in (ReadOnlySpan<double>)[row.Box.X, row.Box.Y, row.Box.Width, row.Box.Height, row.Score])
        {
            buffer[n++] = ',';
            ok &= TwoDecimals.TryFormat(value, buffer[n..], out w);
            n += w;
        }
        buffer[n++] = ',';
        ok &= (classColumn ? row.ClassId : -1).TryFormat(buffer[n..], out w, provider: CultureInfo.InvariantCulture);
        n += w;
        if (!ok || n + 7 > buffer.Length) throw new InvalidOperationException("result line longer than 256 characters");
        ",-1,-1\n".CopyTo(buffer[n..]);
        writer.Write(buffer[..(n + 7)]);
    }
}

/// <summary>
/// Writes results as frames complete instead of holding every row to the end: memory stays flat on a
/// sequence of any length. Rows go to a temporary file beside the target (each frame's rows sorted by
/// id), renamed into place by <see cref="Commit"/>; disposed without a commit the temporary file is
/// deleted, so a failed or cancelled run leaves no result file.
/// </summary>
public sealed class ResultStreamWriter : IDisposable
{
    private readonly AtomicTextFile _file;
    private readonly List<MotRow> _frame = [];
    private readonly bool _classColumn;
    private int _lastFrame;

    /// <param name="path">The result file.</param>
    /// <param name="classColumn">Write each row's class id in column 8 (multi-class runs) instead of -1.</param>
    public ResultStreamWriter(string path, bool classColumn = false)
    {
        _file = AtomicTextFile.Create(path);
        _classColumn = classColumn;
    }

    public string Path => _file.Path;

    /// <summary>Rows written so far.</summary>
    public int Rows { get; private set; }

    /// <summary>
    /// Also receives every row as written (each frame's sorted by id), before the text rounds it to two
    /// decimals: for callers that score a run in process exactly as it was written.
    /// </summary>
    public ICollection<MotRow>? Copy { get; init; }

    /// <summary>Writes one frame's rows (any order; written sorted by id). Frames must come in increasing order.</summary>
    public void WriteFrame(int frame, IEnumerable<MotRow> rows)
    {
        if (frame <= _lastFrame)
            throw new InvalidOperationException($"frame {frame} written after frame {_lastFrame}; frames must increase");
        _lastFrame = frame;
        _frame.Clear();
        _frame.AddRange(rows);
        _frame.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        foreach (var row in _frame) ResultFileWriter.WriteLine(_file.Writer, row, _classColumn);
        if (Copy is { } copy)
            foreach (var row in _frame) copy.Add(row);
        Rows += _frame.Count;
    }

    /// <summary>Flushes and renames the file into place.</summary>
    public void Commit() => _file.Commit();

    public void Dispose() => _file.Dispose();
}

/// <summary>
/// Formats a double exactly as <c>value.ToString("0.00", CultureInfo.InvariantCulture)</c> does, without
/// the general custom-format machinery (which took a fifth of a whole public-detection track run).
/// </summary>
/// <remarks>
/// .NET's custom format first rounds a double to 15 significant digits and then to two decimals, half
/// away from zero. Away from a half-cent boundary that equals rounding the value itself, which integer
/// arithmetic does quickly. Values within a millionth of a cent of a boundary (0.995 stored as
/// 0.99499999999999999556), negatives that round to zero, and very large values go to the runtime's
/// formatter, so the output is the same character for character.
/// </remarks>
internal static class TwoDecimals
{
    // Below a million (100,000,000 cents) the 15-digit pre-rounding moves a value by at most 5e-7 cents
    // and the scaling by 100 by about 1e-8, both well inside the 1e-6 margin kept around boundaries.
    private const double FastLimit = 1e8;
    private const double Margin = 1e-6;

    public static bool TryFormat(double value, Span<char> destination, out int written)
    {
        double scaled = Math.Abs(value) * 100;
        if (!(scaled < FastLimit)) return Slow(value, destination, out written); // also NaN
        double floor = Math.Floor(scaled);
        double fraction = scaled - floor;
        if (Math.Abs(fraction - 0.5) < Margin) return Slow(value, destination, out written);
        long cents = (long)floor + (fraction > 0.5 ? 1 : 0);
        bool negative = double.IsNegative(value);
        if (negative && cents == 0) return Slow(value, destination, out written);

        written = 0;
        if (negative)
        {
            if (destination.IsEmpty) return false;
            destination[written++] = '-';
        }
        if (!(cents / 100).TryFormat(destination[written..], out int whole, provider: CultureInfo.InvariantCulture)) return false;
        written += whole;
        if (destination.Length < written + 3) return false;
        long rest = cents % 100;
        destination[written++] = '.';
        destination[written++] = (char)('0' + rest / 10);
        destination[written++] = (char)('0' + rest % 10);
        return true;
    }

    private static bool Slow(double value, Span<char> destination, out int written) =>
        value.TryFormat(destination, out written, "0.00", CultureInfo.InvariantCulture);
}
